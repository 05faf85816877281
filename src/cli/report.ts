import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EnvError } from '../config/env';
import { readEnvironment } from '../config/envFile';
import { Locale } from '../domain/complaint/complaint';
import { amsterdamDate } from '../domain/deadlines/calendar';
import { ProcedureError } from '../domain/procedure/validate';
import { buildReport } from '../domain/report/report';
import { clockStartingAt, systemClock } from '../infra/clock/clock';
import { migrate } from '../infra/db/migrate';
import { openDb } from '../infra/db/openDb';
import { deliveryMigrations } from '../infra/delivery/migrations';
import { tFor } from '../infra/i18n/i18n';
import { loadProcedures, procedureForCommand } from '../infra/procedures/loadProcedures';
import { readNotSent, readRegisterEntries, reportMigrations } from '../infra/report/registerStore';
import { REPORT_FORMATS, renderReport } from '../infra/report/render';

/**
 * `npm run -s report -- <organisation-id> --year <YYYY> [--format md|csv|json|html] [--out <file>] [--lang nl|en]`:
 * the organisation's complaints report over one calendar year, from the register in DATA_DIR /
 * DATABASE_URL. For whoever runs the deployment: it holds counts, listed location names and the
 * measures staff recorded, never a name, contact detail, complaint text or reference.
 */

const USAGE = 'Usage: npm run -s report -- <organisation-id> --year <YYYY> [--format md|csv|json|html] [--out <file>] [--lang nl|en]';

const Args = z.object({
  id: z.string().min(1, 'an organisation id is required'),
  year: z.coerce.number({ message: 'a year is required' }).int().min(2000, 'a year like 2026').max(2999, 'a year like 2026'),
  format: z.enum(REPORT_FORMATS, { message: `one of ${REPORT_FORMATS.join(', ')}` }),
  out: z.string().min(1).optional(),
  lang: Locale,
});
type Args = z.infer<typeof Args>;

class UsageError extends Error {}

function readArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        year: { type: 'string' },
        format: { type: 'string', default: 'md' },
        out: { type: 'string' },
        lang: { type: 'string', default: 'nl' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length > 1) throw new UsageError(`one organisation id expected, got: ${parsed.positionals.join(' ')}`);
  const result = Args.safeParse({ id: parsed.positionals[0] ?? '', ...parsed.values, year: parsed.values.year ?? '' });
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `${i.path[0] === 'id' ? '<organisation-id>' : `--${i.path.join('.')}`}: ${i.message}`).join('; '));
  }
  return result.data;
}

export async function main(argv: string[], environment: NodeJS.ProcessEnv): Promise<number> {
  try {
    const args = readArgs(argv);
    const env = readEnvironment(environment);
    const repository = loadProcedures({ overridesPath: env.PROCEDURE_OVERRIDES, organisations: env.ORGANISATIONS });
    const procedure = procedureForCommand(repository, args.id, 'Cannot make the report');
    const clock = env.KLACHTWIJZER_FIXED_NOW ? clockStartingAt(env.KLACHTWIJZER_FIXED_NOW) : systemClock;
    const today = amsterdamDate(clock.now());
    const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE });
    let output: string;
    try {
      await migrate(db, [...deliveryMigrations, ...reportMigrations]);
      const report = buildReport({
        procedure,
        year: args.year,
        entries: await readRegisterEntries(db, procedure.id, args.year),
        notSent: await readNotSent(db, procedure.id, args.year),
        asOf: today,
        extraDaysOff: env.EXTRA_DAYS_OFF ?? [],
      });
      output = renderReport(args.format, { report, procedure, t: tFor(args.lang, 'report'), lang: args.lang, today });
    } finally {
      await db.close();
    }
    if (args.out) writeFileSync(args.out, output);
    else process.stdout.write(output);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n${USAGE}\n`);
    else if (err instanceof ProcedureError || err instanceof EnvError) process.stderr.write(`${err.message}\n`);
    else throw err;
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
