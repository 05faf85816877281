import { caseMigrations } from '../cases/migrations';
import type { Migration } from '../db/db';

/**
 * The register (one row per complaint) and the outbox (one row per mail). Times are epoch
 * milliseconds; flags are 0/1 integers so the same SQL runs on SQLite and PostgreSQL.
 * `data` and `message` hold the personal data; retention empties them and keeps the facts.
 * The case store's tables (src/infra/cases) come with them: a case starts in the submission's transaction.
 */
export const deliveryMigrations: Migration[] = [
  {
    id: 'delivery-001-register-outbox',
    sql: `CREATE TABLE IF NOT EXISTS delivery_complaints (
      reference TEXT PRIMARY KEY,
      idempotency_key TEXT UNIQUE,
      organisation_id TEXT NOT NULL,
      rung TEXT NOT NULL,
      about TEXT NOT NULL,
      category TEXT NOT NULL,
      location TEXT,
      locale TEXT NOT NULL,
      channel TEXT NOT NULL,
      complainant_role TEXT NOT NULL,
      event_date TEXT NOT NULL,
      received_on TEXT NOT NULL,
      submitted_at BIGINT NOT NULL,
      time_limit_status TEXT NOT NULL,
      acknowledge_by TEXT,
      decide_by TEXT,
      mailbox_known INTEGER NOT NULL,
      outcome TEXT NOT NULL,
      withdrawn_at BIGINT,
      data TEXT,
      anonymised_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS delivery_complaints_org ON delivery_complaints (organisation_id, received_on);
    CREATE INDEX IF NOT EXISTS delivery_complaints_retention ON delivery_complaints (anonymised_at, submitted_at);
    CREATE TABLE IF NOT EXISTS delivery_mails (
      id TEXT PRIMARY KEY,
      reference TEXT,
      kind TEXT NOT NULL,
      recipient_kind TEXT NOT NULL,
      recipient TEXT,
      message_id TEXT NOT NULL,
      message TEXT,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      last_error TEXT,
      claimed_by TEXT,
      claimed_until BIGINT,
      created_at BIGINT NOT NULL,
      sent_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS delivery_mails_due ON delivery_mails (status, next_attempt_at);
    CREATE INDEX IF NOT EXISTS delivery_mails_reference ON delivery_mails (reference);
    CREATE TABLE IF NOT EXISTS delivery_rate_limits (
      bucket TEXT NOT NULL,
      window_start BIGINT NOT NULL,
      hits INTEGER NOT NULL,
      PRIMARY KEY (bucket, window_start)
    )`,
  },
  ...caseMigrations,
];
