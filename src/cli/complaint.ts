import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadCaseReport, RECORDABLE_EVENTS, recordCaseEvent, type RecordResult } from '../app/cases/cases';
import { loadProcedures } from '../infra/procedures/loadProcedures';
import { EnvError } from '../config/env';
import { readEnvironment } from '../config/envFile';
import { clockStartingAt, systemClock } from '../infra/clock/clock';
import { migrate } from '../infra/db/migrate';
import { openDb } from '../infra/db/openDb';
import { deliveryMigrations } from '../infra/delivery/migrations';
import { createLogger } from '../infra/log/logger';

/**
 * `npm run -s complaint -- record <reference> <event> [--date …] [--judgement …] [--motivation …]
 *   [--measures …] [--told …] [--extend-to …] [--note …]`
 * `npm run -s complaint -- show <reference> [--json]`
 *
 * Exit codes: 0 done, 1 usage error, 2 unknown reference, 3 the case's state does not allow the
 * event (the reason is printed).
 */

const USAGE = `Usage:
  npm run -s complaint -- record <reference> <${RECORDABLE_EVENTS.join('|')}> [--date YYYY-MM-DD]
      [--judgement well_founded|partly_well_founded|unfounded] [--motivation <text>] [--measures <text>]
      [--told <how>] [--extend-to YYYY-MM-DD] [--note <text>]
      --measures is printed as typed in the yearly report (npm run report): write no names.
  npm run -s complaint -- show <reference> [--json]`;

export class UsageError extends Error {}

type Command =
  | { name: 'record'; input: Record<string, string> }
  | { name: 'show'; reference: string; json: boolean };

const TEXT_OPTIONS = ['date', 'judgement', 'motivation', 'measures', 'told', 'extend-to', 'note'] as const;

export function readCommand(argv: string[]): Command {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, ...Object.fromEntries(TEXT_OPTIONS.map((o) => [o, { type: 'string' as const }])) },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, ...rest] = args.positionals;
  const values = args.values as Record<string, string | boolean | undefined>;
  if (command === 'show') {
    if (rest.length !== 1) throw new UsageError('show needs exactly one reference');
    if (TEXT_OPTIONS.some((o) => values[o] !== undefined)) throw new UsageError('show takes only --json');
    return { name: 'show', reference: rest[0], json: values.json === true };
  }
  if (command === 'record') {
    if (rest.length !== 2) throw new UsageError('record needs a reference and an event');
    if (values.json) throw new UsageError('record does not take --json');
    const input: Record<string, string> = { reference: rest[0], event: rest[1] };
    for (const o of TEXT_OPTIONS) {
      const v = values[o];
      if (typeof v === 'string') input[o === 'extend-to' ? 'extendTo' : o] = v;
    }
    return { name: 'record', input };
  }
  throw new UsageError(command ? `unknown command: ${command}` : 'a command is needed');
}

/** A refusal in plain words, for the person at the command line. */
export function refusalText(r: Extract<RecordResult, { kind: 'refused' }>['refusal']): string {
  switch (r.reason) {
    case 'ended':
      return `the case has ended (${r.status}); nothing more can be recorded`;
    case 'not_latest':
      return `this reference is of an earlier step; record on the latest one, ${r.latest}`;
    case 'date_out_of_range':
      return `the date must be between ${r.from} (received) and ${r.to} (today)`;
    case 'not_delivered':
      return 'the complaint has not reached this step by mail, so there is nothing to answer yet';
    case 'already_acknowledged':
      return `receipt was already confirmed on ${r.on}`;
    case 'already_decided':
      return `the ruling was already given on ${r.on}`;
    case 'extension_not_later':
      return `the new ruling date must be after ${r.due}`;
    case 'extension_capped':
      return `the procedure does not allow a ruling after ${r.cap}`;
    case 'not_overdue':
      return r.due ? `no date has passed yet (due ${r.due})` : 'no date has passed yet';
    case 'not_now':
      return `this does not fit the case's stage (${r.stage})`;
  }
}

async function main(argv: string[]): Promise<number> {
  const command = readCommand(argv);
  const env = readEnvironment(process.env);
  const logger = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, pino.destination({ dest: 2, sync: true }));
  const procedures = loadProcedures({ overridesPath: env.PROCEDURE_OVERRIDES, organisations: env.ORGANISATIONS });
  // The same clock as the bot: KLACHTWIJZER_FIXED_NOW for tests and demos (refused in production by the bot).
  const clock = env.KLACHTWIJZER_FIXED_NOW && env.NODE_ENV !== 'production' ? clockStartingAt(env.KLACHTWIJZER_FIXED_NOW) : systemClock;
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE });
  try {
    await migrate(db, deliveryMigrations);
    const ctx = { db, procedures, clock, logger };
    if (command.name === 'show') {
      const report = await loadCaseReport(ctx, command.reference);
      if (!report) {
        process.stderr.write(`Unknown reference: ${command.reference}\n`);
        return 2;
      }
      process.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return 0;
    }
    const result = await recordCaseEvent(ctx, command.input, 'staff');
    switch (result.kind) {
      case 'invalid':
        throw new UsageError(result.issues.join('\n'));
      case 'unknown_reference':
        process.stderr.write(`Unknown reference: ${command.input.reference}\n`);
        return 2;
      case 'refused':
        process.stderr.write(`Not recorded: ${refusalText(result.refusal)}.\n`);
        return 3;
      case 'recorded':
        process.stdout.write(`Recorded ${command.input.event} on ${command.input.reference}: ${result.status}${result.rung ? ` at ${result.rung} (${result.stage})` : ''}.\n`);
        return 0;
    }
  } finally {
    await db.close();
  }
}

function formatReport(r: NonNullable<Awaited<ReturnType<typeof loadCaseReport>>>): string {
  const lines = [
    `${r.reference} (${r.organisation.name}): ${r.state}${r.rung ? ` at ${r.rung} (${r.stage})` : ''}`,
    `acknowledge by ${r.dueDates.acknowledgeBy ?? '-'}, decide by ${r.dueDates.extendedTo ?? r.dueDates.decideBy ?? '-'}`,
    ...r.history.map((h) => `${h.date}  ${h.reference}  ${h.event}${h.judgement ? ` ${h.judgement}` : ''}${h.extendedTo ? ` to ${h.extendedTo}` : ''}  (${h.by})`),
    r.nextRung ? `next: ${r.nextRung.title} (${r.nextRung.mailbox ?? 'no mailbox'})${r.nextRung.open ? ', open now' : ''}` : 'next: none',
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      else if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
      else process.stderr.write(`complaint: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
