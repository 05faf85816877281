import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EnvError } from '../config/env';
import { readEnvironment } from '../config/envFile';
import { Locale } from '../domain/complaint/complaint';
import { ProcedureError } from '../domain/procedure/validate';
import { routingTable } from '../domain/rules/routing';
import { tFor } from '../infra/i18n/i18n';
import { loadProcedures, procedureForCommand } from '../infra/procedures/loadProcedures';
import { explainProcedure } from '../app/explainProcedure';

/**
 * `npm run procedure -- <organisation-id> [--json] [--lang en]`: what Klachtwijzer will follow
 * for one organisation, with this deployment's overrides (PROCEDURE_OVERRIDES) applied. With
 * --json, stdout carries only the validated procedure plus its routing table, for `jq`.
 */

const USAGE = 'Usage: npm run procedure -- <organisation-id> [--json] [--lang nl|en]';

const Args = z.object({
  id: z.string().min(1, 'an organisation id is required'),
  json: z.boolean(),
  lang: Locale,
});
type Args = z.infer<typeof Args>;

class UsageError extends Error {}

function readArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false }, lang: { type: 'string', default: 'nl' } } });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > 1) throw new UsageError(`one organisation id expected, got: ${parsed.positionals.join(' ')}`);
  const result = Args.safeParse({ id: parsed.positionals[0] ?? '', json: parsed.values.json, lang: parsed.values.lang });
  if (!result.success) throw new UsageError(result.error.issues.map((i) => `${i.path[0] === 'id' ? '<organisation-id>' : `--${i.path.join('.')}`}: ${i.message}`).join('; '));
  return result.data;
}

export function main(argv: string[], environment: NodeJS.ProcessEnv): number {
  try {
    const args = readArgs(argv);
    const env = readEnvironment(environment);
    const repository = loadProcedures({ overridesPath: env.PROCEDURE_OVERRIDES, organisations: env.ORGANISATIONS });
    const procedure = procedureForCommand(repository, args.id, 'Cannot show the procedure');
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ...procedure, routing: routingTable(procedure) }, null, 2)}\n`);
    } else {
      process.stdout.write(explainProcedure(procedure, tFor(args.lang, 'procedure'), args.lang));
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n${USAGE}\n`);
    else if (err instanceof ProcedureError || err instanceof EnvError) process.stderr.write(`${err.message}\n`);
    else throw err;
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
