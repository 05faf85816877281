import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDelivery, deliveryMigrations } from '../src/app/delivery';
import { parseEnv } from '../src/config/env';
import type { ComplaintDraft } from '../src/domain/complaint/complaint';
import { fixedClock } from '../src/infra/clock/clock';
import type { SqlDb } from '../src/infra/db/db';
import { migrate } from '../src/infra/db/migrate';
import { openDb } from '../src/infra/db/openDb';
import { loadProcedures } from '../src/infra/procedures/loadProcedures';

/**
 * Outbox throughput to a local SMTP server: N complaints are stored (an organisation mail and a
 * receipt each), then the outbox worker sends them all, with its default batch (20), lanes (4)
 * and SMTP pool (4 connections). The SMTP server runs in its own process and discards the mail.
 * Then the hourly reminder look over all those open cases, on a day nothing is due and on the day
 * every acknowledgement reminder is due. SQLite always; PostgreSQL too when the local one answers.
 * Prints numbers; asserts nothing.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/outbox.js [complaints=1000]
 */

const COMPLAINTS = Number(process.argv[2] ?? 1000);
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const ORGS = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra', 'sociale-teams-helmond'];

function draft(organisationId: string): ComplaintDraft {
  return {
    organisation: { id: organisationId, name: organisationId },
    addressedTo: { rung: 'manager' },
    locale: 'nl',
    channel: 'bench',
    complainant: { name: 'Anna de Vries', email: 'anna@example.nl', phone: '06 12345678', role: 'self' },
    about: 'employee',
    event: { date: '2026-03-30', description: 'De begeleider kwam drie keer niet opdagen. '.repeat(20), category: 'support', location: 'Locatie Centrum' },
    desiredOutcome: 'Een vaste begeleider en excuses.',
    priorSteps: [{ rung: 'employee', outcome: 'not_resolved' }],
    timeLimit: { status: 'in_time', expiredOn: '2026-05-30' },
    consentToShare: true,
  };
}

async function startSink(): Promise<{ url: string; received(): Promise<number>; stop(): void }> {
  const child = fork(join(__dirname, 'lib', 'smtpSink.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
    received: () =>
      new Promise((resolve) => {
        child.once('message', (m: { received: number }) => resolve(m.received));
        child.send('count');
      }),
    stop: () => child.kill(),
  };
}

const SCHEMA = `bench_outbox_${process.pid}`;

async function admin(sql: string): Promise<boolean> {
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresUrl(): Promise<string | undefined> {
  if (!(await admin(`CREATE SCHEMA ${SCHEMA}`))) return undefined;
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`;
}

async function measure(store: string, db: SqlDb, dataDir: string): Promise<string> {
  const sink = await startSink();
  await migrate(db, deliveryMigrations);
  const env = parseEnv({
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    MAIL_FROM: 'Klachtwijzer <klachtwijzer@bench.test>',
    RATE_LIMIT_PER_ADDRESS: '100000000',
  });
  const delivery = createDelivery({ env, db, procedures: loadProcedures(), clock: fixedClock('2026-04-20T10:15:00+02:00') });

  // Warm-up: JIT, prepared statements, SMTP pool.
  for (let i = 0; i < 20; i++) await delivery.sender.submit(draft(ORGS[i % ORGS.length]), { idempotencyKey: `warm-${i}` });
  await delivery.worker.drain();
  const warm = await sink.received();

  const t0 = performance.now();
  for (let i = 0; i < COMPLAINTS; i++) {
    await delivery.sender.submit(draft(ORGS[i % ORGS.length]), { idempotencyKey: `bench-${i}`, clientAddress: '127.0.0.1' });
  }
  const storeMs = performance.now() - t0;
  const t1 = performance.now();
  const sent = await delivery.worker.drain();
  const sendMs = performance.now() - t1;
  const received = (await sink.received()) - warm;
  // The hourly reminder look over every case awaiting an answer: first on a day nothing is due
  // (the common case), then on the day every acknowledgement reminder is due.
  const cases = COMPLAINTS + 20;
  const q0 = performance.now();
  const quiet = await delivery.runReminders(new Date('2026-04-21T10:00:00+02:00'));
  const quietMs = performance.now() - q0;
  const d0 = performance.now();
  const due = await delivery.runReminders(new Date('2026-04-29T10:00:00+02:00'));
  const dueMs = performance.now() - d0;
  await delivery.close();
  await db.close();
  sink.stop();
  const mails = sent.sent;
  return [
    `| ${store} | ${COMPLAINTS} | ${((COMPLAINTS / storeMs) * 1000).toFixed(0)} | ${mails} | ${(sendMs / 1000).toFixed(2)} | ${((mails / sendMs) * 1000).toFixed(0)} | ${received} | ${sent.retry + sent.failed + sent.lost} | ${cases}: ${quietMs.toFixed(0)} ms (${quiet.sent}) / ${dueMs.toFixed(0)} ms (${due.sent}) |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const lines = [
    `Outbox to a local SMTP server (separate process), Node ${process.version}, ${require('node:os').cpus().length} cores. Each complaint = organisation mail (with complaint.json) + receipt.`,
    '',
    '| store | complaints stored | stored per second (submit, one at a time) | mails sent | send time (s) | mails per second | received by the server | not sent | reminder look over the open cases: nothing due / all due (reminders queued) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'kw-bench-outbox-'));
  lines.push(await measure('sqlite', openDb({ dataDir: sqliteDir }), sqliteDir));
  const pg = await postgresUrl();
  if (pg) {
    lines.push(await measure('postgres', openDb({ databaseUrl: pg, dataDir: sqliteDir }), sqliteDir));
    await admin(`DROP SCHEMA ${SCHEMA} CASCADE`);
  } else lines.push(`| postgres | not reachable at ${PG_URL} | | | | | | | |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
