import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_SCHEMA_FILE, complaintSchemaText } from '../infra/delivery/complaintSchema';
import { projectRoot } from '../infra/projectRoot';

/** `npm run schema` writes the schema; `--check` only says whether the published file is current. */
function main(args: string[]): number {
  const file = join(projectRoot(), COMPLAINT_SCHEMA_FILE);
  const text = complaintSchemaText();
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current === text) return 0;
    process.stderr.write(`${COMPLAINT_SCHEMA_FILE} is out of date: run npm run schema\n`);
    return 1;
  }
  writeFileSync(file, text);
  process.stdout.write(`wrote ${COMPLAINT_SCHEMA_FILE}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
