import { amsterdamDate } from '../../domain/deadlines/calendar';
import { anonymiseCaseOf } from '../cases/caseStore';
import type { SqlDb } from '../db/db';
import { pruneLimits } from './rateLimits';

const DAY_MS = 86_400_000;

/** What the register keeps for reporting after retention: no person can be found in it. */
export interface RegisterFact {
  reference: string;
  organisationId: string;
  rung: string;
  about: string;
  category: string;
  location: string | null;
  receivedOn: string;
  eventDate: string;
  acknowledgeBy: string | null;
  decideBy: string | null;
  timeLimitStatus: string;
  mailboxKnown: boolean;
  outcome: string;
  withdrawnOn: string | null;
  anonymised: boolean;
}

/**
 * After `retentionDays` the personal data go: the complaint itself (names, contact, free text),
 * the rendered mails, the complainant's address on their mails, errors that might quote it, and
 * the conversation id that linked it to the chat. The anonymous facts the organisation reports
 * on stay (seed 004 §9: reports cannot be traced back to complainants or employees).
 */
export async function sweepRetention(
  db: SqlDb,
  opts: { now: Date; retentionDays: number; rateWindowMs: number },
): Promise<{ anonymised: number }> {
  const cutoff = opts.now.getTime() - opts.retentionDays * DAY_MS;
  const now = opts.now.getTime();
  return db.transaction(async (tx) => {
    const due = await tx.query<{ reference: string }>(
      'SELECT reference FROM delivery_complaints WHERE anonymised_at IS NULL AND submitted_at < ?',
      [cutoff],
    );
    for (const { reference } of due) {
      await tx.execute(
        `UPDATE delivery_mails SET message = NULL, last_error = NULL,
           recipient = CASE WHEN recipient_kind = 'complainant' THEN NULL ELSE recipient END,
           status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END
         WHERE reference = ?`,
        [reference],
      );
      await tx.execute(
        'UPDATE delivery_complaints SET data = NULL, idempotency_key = NULL, anonymised_at = ? WHERE reference = ?',
        [now, reference],
      );
      await anonymiseCaseOf(tx, reference, now);
    }
    await pruneLimits(tx, opts.rateWindowMs, now);
    return { anonymised: due.length };
  });
}

export async function registerFacts(db: SqlDb, filter: { organisationId?: string } = {}): Promise<RegisterFact[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT reference, organisation_id, rung, about, category, location, received_on, event_date, acknowledge_by, decide_by,
       time_limit_status, mailbox_known, outcome, withdrawn_at, anonymised_at
     FROM delivery_complaints ${filter.organisationId ? 'WHERE organisation_id = ?' : ''}
     ORDER BY submitted_at, reference`,
    filter.organisationId ? [filter.organisationId] : [],
  );
  return rows.map((r) => ({
    reference: String(r.reference),
    organisationId: String(r.organisation_id),
    rung: String(r.rung),
    about: String(r.about),
    category: String(r.category),
    location: r.location == null ? null : String(r.location),
    receivedOn: String(r.received_on),
    eventDate: String(r.event_date),
    acknowledgeBy: r.acknowledge_by == null ? null : String(r.acknowledge_by),
    decideBy: r.decide_by == null ? null : String(r.decide_by),
    timeLimitStatus: String(r.time_limit_status),
    mailboxKnown: Number(r.mailbox_known) === 1,
    outcome: String(r.outcome),
    withdrawnOn: r.withdrawn_at == null ? null : amsterdamDate(new Date(Number(r.withdrawn_at))),
    anonymised: r.anonymised_at != null,
  }));
}
