import type { Migration } from '../db/db';

/**
 * The case store: a case is one complaint as it climbs its organisation's ladder. Times are
 * epoch milliseconds, dates `YYYY-MM-DD` text; the same SQL runs on SQLite and PostgreSQL.
 * These table and column names are read by reporting: keep them stable.
 */
export const caseMigrations: Migration[] = [
  {
    id: 'cases-001-cases-submissions-events',
    sql: `/* case_cases: one row per case. case_id is the reference of its first submission. snapshot holds
       the escalation machine's persisted snapshot (JSON; src/domain/escalation); status (active,
       resolved, referred, withdrawn, exhausted), rung and stage mirror it for queries. version is
       bumped on every write (optimistic concurrency between instances). No personal data. */
    CREATE TABLE IF NOT EXISTS case_cases (
      case_id TEXT PRIMARY KEY,
      organisation_id TEXT NOT NULL,
      snapshot TEXT NOT NULL,
      status TEXT NOT NULL,
      rung TEXT,
      stage TEXT,
      latest_reference TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      anonymised_at BIGINT
    );
    CREATE INDEX IF NOT EXISTS case_cases_active ON case_cases (status, organisation_id);
    /* case_submissions: every submission of a case to a rung (each its own reference and mail),
       oldest first by seq (1, 2, ...). reference is delivery_complaints.reference. */
    CREATE TABLE IF NOT EXISTS case_submissions (
      reference TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      rung TEXT NOT NULL,
      submitted_at BIGINT NOT NULL,
      received_on TEXT NOT NULL,
      UNIQUE (case_id, seq)
    );
    CREATE INDEX IF NOT EXISTS case_submissions_case ON case_submissions (case_id);
    /* case_events: the event history per submission, in the order recorded (seq per case). event is
       one of submitted, acknowledged, extended, decided, resolved, not_resolved, not_handled,
       no_answer_in_time, withdrawn; on_date the day it happened; judgement (well_founded,
       partly_well_founded, unfounded), motivation, measures and told (how the complainant was told)
       for decided; extended_to for extended; note free text (also the reason of extended and
       not_handled). actor: organisation (its page), staff (the command), complainant (the chat),
       system. motivation, measures, told and note are emptied at retention. */
    CREATE TABLE IF NOT EXISTS case_events (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      reference TEXT NOT NULL,
      seq INTEGER NOT NULL,
      event TEXT NOT NULL,
      on_date TEXT NOT NULL,
      judgement TEXT,
      motivation TEXT,
      measures TEXT,
      told TEXT,
      extended_to TEXT,
      note TEXT,
      actor TEXT NOT NULL,
      recorded_at BIGINT NOT NULL,
      UNIQUE (case_id, seq)
    );
    CREATE INDEX IF NOT EXISTS case_events_reference ON case_events (reference)`,
  },
];
