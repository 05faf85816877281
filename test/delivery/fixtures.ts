import { type Env, parseEnv } from '../../src/config/env';
import { createDelivery, type Delivery, deliveryMigrations } from '../../src/app/delivery';
import type { ComplaintDraft } from '../../src/domain/complaint/complaint';
import type { RungId } from '../../src/domain/procedure/schema';
import type { SqlDb } from '../../src/infra/db/db';
import { migrate } from '../../src/infra/db/migrate';
import type { Logger } from '../../src/infra/delivery/logger';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { TestClock } from '../helpers/clock';
import { sqliteTestDb, tempDir, type TestDb } from '../helpers/databases';
import type { TestSmtp } from '../helpers/smtp';

/** Monday 20 April 2026, 10:15 in the Netherlands: a week with Koningsdag (27 April) in its count. */
export const NOW = '2026-04-20T10:15:00+02:00';
export const MAIL_FROM = 'Klachtwijzer <klachtwijzer@klachtwijzer.test>';
export const ALERT_EMAIL = 'beheer@klachtwijzer.test';

export const PERSON = {
  name: 'Anna de Vries',
  email: 'anna.devries@example.nl',
  phone: '06 12345678',
  client: 'Sam de Vries',
  employee: 'Pieter Jansen',
  location: 'Voorschool De Regenboog, Laak',
  description: 'Op 30 maart werd mijn zoon niet opgehaald van school. Niemand belde mij.',
  desired: 'Ik wil een gesprek en excuses, en afspraken over het ophalen.',
  lateReason: 'Ik was drie maanden in het ziekenhuis.',
};

/** A complete draft as the conversation would hand it over; `patch` replaces top-level keys. */
export function draft(organisationId: string, rung: RungId, patch: Partial<ComplaintDraft> = {}): ComplaintDraft {
  return {
    organisation: { id: organisationId, name: organisationId },
    addressedTo: { rung },
    locale: 'nl',
    channel: 'webchat',
    complainant: { name: PERSON.name, email: PERSON.email, phone: PERSON.phone, role: 'parent_or_guardian' },
    client: { name: PERSON.client, ageBand: '12_to_15' },
    about: 'employee',
    event: { date: '2026-03-30', description: PERSON.description, category: 'communication', location: PERSON.location, employeeName: PERSON.employee },
    desiredOutcome: PERSON.desired,
    priorSteps: [{ rung: 'employee', outcome: 'not_resolved' }],
    timeLimit: { status: 'in_time', expiredOn: '2026-05-30' },
    consentToShare: true,
    ...patch,
  };
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

export function captureLogger(lines: LogLine[]): Logger {
  return {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

export interface Harness {
  db: SqlDb;
  clock: TestClock;
  env: Env;
  delivery: Delivery;
  logs: LogLine[];
  dataDir: string;
  dispose(): Promise<void>;
}

export async function harness(opts: { smtp?: TestSmtp; testDb?: TestDb; env?: Record<string, string>; now?: string; instanceId?: string } = {}): Promise<Harness> {
  const testDb = opts.testDb ?? sqliteTestDb();
  const db = await testDb.open();
  await migrate(db, deliveryMigrations);
  const dataDir = tempDir('kw-delivery-');
  const env = parseEnv({
    DATA_DIR: dataDir,
    MAIL_FROM,
    ALERT_EMAIL,
    OUTBOX_RETRY_SCHEDULE: '60,300',
    OUTBOX_POLL_MS: '50',
    // Many complaints of one fixture person per test file: the per-recipient limit has its own test.
    RATE_LIMIT_PER_RECIPIENT: '1000',
    ...(opts.smtp ? { SMTP_URL: opts.smtp.url } : {}),
    ...opts.env,
  });
  const clock = new TestClock(opts.now ?? NOW);
  const logs: LogLine[] = [];
  const delivery = createDelivery({ env, db, procedures: loadProcedures(), clock, logger: captureLogger(logs), instanceId: opts.instanceId });
  return {
    db,
    clock,
    env,
    delivery,
    logs,
    dataDir,
    async dispose() {
      await delivery.close();
      if (!opts.testDb) await testDb.dispose();
    },
  };
}

/**
 * Runs the harness's whole retry schedule (60 s, 300 s) with SMTP down, then lets the server
 * refuse the last try of `failing` mails, so they fail for good and their alerts go out.
 */
export async function failEveryTry(h: Harness, smtp: TestSmtp, failing: number): Promise<void> {
  await h.delivery.worker.drain();
  h.clock.advance(60_000);
  await h.delivery.worker.drain();
  h.clock.advance(300_000);
  await smtp.restart();
  smtp.refuseNext = failing;
  await h.delivery.worker.drain();
}

/** Everything a person typed, to check it appears where it must and nowhere else. */
export const TYPED = [PERSON.name, PERSON.email, PERSON.phone, PERSON.client, PERSON.employee, PERSON.location, PERSON.description, PERSON.desired];
