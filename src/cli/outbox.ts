import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { EnvError } from '../config/env';
import { readEnvironment } from '../config/envFile';
import { systemClock } from '../infra/clock/clock';
import { migrate } from '../infra/db/migrate';
import { openDb } from '../infra/db/openDb';
import { deliveryMigrations } from '../infra/delivery/migrations';
import { listMails, MAIL_STATUSES, type MailStatus, type MailSummary, requeue } from '../infra/delivery/outbox';
import { OutboxWorker } from '../infra/delivery/outboxWorker';
import { normaliseReference, REFERENCE_PATTERN } from '../infra/delivery/reference';
import { messageIdFor } from '../infra/mail/format';
import type { MailKind } from '../infra/mail/message';
import { createTransport } from '../infra/mail/transport';
import { createLogger } from '../infra/log/logger';

/**
 * `npm run outbox -- list [--status pending|sent|failed|cancelled] [--reference KW-…]`
 * `npm run outbox -- resend <reference> [--receipt]`
 *
 * The list shows what an operator needs (reference, kind, recipient, status, attempts, last
 * error) and never content. A complainant's address is shown as "complainant": the organisation
 * mailboxes are the only addresses printed.
 */

const USAGE = `Usage:
  npm run outbox -- list [--status ${MAIL_STATUSES.join('|')}] [--reference KW-YYYY-XXXXXX]
  npm run outbox -- resend <reference> [--receipt]`;

class UsageError extends Error {}

const iso = (ms: number | null) => (ms == null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function recipientLabel(m: Pick<MailSummary, 'recipientKind' | 'recipient'>): string {
  return m.recipientKind === 'complainant' ? 'complainant' : (m.recipient ?? '-');
}

export function formatList(mails: readonly MailSummary[]): string {
  const header = ['created', 'reference', 'kind', 'to', 'status', 'attempts', 'next attempt', 'last error'];
  const rows = mails.map((m) => [
    iso(m.createdAt),
    m.reference ?? '-',
    m.kind,
    recipientLabel(m),
    m.status,
    String(m.attempts),
    m.status === 'pending' ? iso(m.nextAttemptAt) : '-',
    m.lastError ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const counts = MAIL_STATUSES.map((s) => `${s} ${mails.filter((m) => m.status === s).length}`).join(', ');
  return [line(header), ...rows.map(line), '', `${mails.length} mails: ${counts}`].join('\n') + '\n';
}

type Command =
  | { name: 'list'; status?: MailStatus; reference?: string }
  | { name: 'resend'; reference: string; receipt: boolean };

/** Checks the arguments before anything touches the database. */
export function readCommand(argv: string[]): Command {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { status: { type: 'string' }, reference: { type: 'string' }, receipt: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, ...rest] = args.positionals;
  if (command === 'list') {
    if (rest.length) throw new UsageError(`unexpected: ${rest.join(' ')}`);
    const status = args.values.status;
    if (status !== undefined && !(MAIL_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${MAIL_STATUSES.join(', ')}`);
    return {
      name: 'list',
      ...(status ? { status: status as MailStatus } : {}),
      ...(args.values.reference ? { reference: normaliseReference(args.values.reference) } : {}),
    };
  }
  if (command === 'resend') {
    if (rest.length !== 1) throw new UsageError('resend needs exactly one reference');
    const reference = normaliseReference(rest[0]);
    if (!REFERENCE_PATTERN.test(reference)) throw new UsageError(`not a reference: ${rest[0]} (expected KW-YYYY-XXXXXX)`);
    return { name: 'resend', reference, receipt: args.values.receipt ?? false };
  }
  throw new UsageError(command ? `unknown command: ${command}` : 'a command is needed');
}

async function main(argv: string[]): Promise<number> {
  const command = readCommand(argv);
  const env = readEnvironment(process.env);
  // Logs go to stderr so stdout stays the table; routine info is left out of a CLI run.
  const logger = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, pino.destination({ dest: 2, sync: true }));
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE });
  try {
    await migrate(db, deliveryMigrations);
    if (command.name === 'list') {
      process.stdout.write(formatList(await listMails(db, { status: command.status, reference: command.reference, limit: 10_000 })));
      return 0;
    }
    const { reference } = command;
    const kinds: MailKind[] = ['organisation', 'withdrawal_notice', ...(command.receipt ? (['receipt', 'summary', 'withdrawal_confirmation'] as const) : [])];
    const clock = systemClock;
    const ids = await requeue(db, { reference, kinds, now: clock.now().getTime(), newId: randomUUID, messageIdFor: (id) => messageIdFor(id, env.MAIL_FROM) });
    if (ids.length === 0) {
      process.stderr.write(`No mail to resend for ${reference}.\n`);
      return 2;
    }
    const leaseMs = env.OUTBOX_LEASE_SECONDS * 1000;
    const transport = createTransport({ smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM, dataDir: env.DATA_DIR, logger, leaseMs });
    const worker = new OutboxWorker({
      db,
      transport,
      clock,
      logger,
      scheduleSeconds: env.OUTBOX_RETRY_SCHEDULE,
      pollMs: env.OUTBOX_POLL_MS,
      mailFrom: env.MAIL_FROM,
      alertEmail: env.ALERT_EMAIL,
      leaseMs,
    });
    try {
      await worker.drain({ ids });
    } finally {
      transport.close();
    }
    const after = (await listMails(db, { reference })).filter((m) => ids.includes(m.id));
    process.stdout.write(formatList(after));
    // 3: queued again, but the server did not take it yet; the running bot's worker retries it.
    return after.every((m) => m.status === 'sent') ? 0 : 3;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      else if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
      else process.stderr.write(`outbox: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
