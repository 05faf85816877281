import { type Complaint, upgradeStoredComplaint } from '../../domain/complaint/complaint';
import { isUniqueViolation, type SqlDb, type SqlRunner, type Statement } from '../db/db';
import { insertMailsStatements, type NewMail } from './outbox';
import { hitStatement, type LimitCheck } from './rateLimits';

export type ComplaintOutcome = 'open' | 'withdrawn';

export interface StoredComplaint {
  reference: string;
  organisationId: string;
  outcome: ComplaintOutcome;
  mailboxKnown: boolean;
  submittedAt: number;
  receivedOn: string;
  withdrawnAt: number | null;
  /** Absent once retention has removed the personal data. */
  complaint?: Complaint;
}

export type StoreResult =
  | { kind: 'stored' }
  | { kind: 'duplicate'; existing: StoredComplaint }
  | { kind: 'reference_taken' }
  | { kind: 'rate_limited' };

type Row = Record<string, unknown>;

class RateLimited extends Error {}

function toStored(r: Row): StoredComplaint {
  return {
    reference: String(r.reference),
    organisationId: String(r.organisation_id),
    outcome: r.outcome === 'withdrawn' ? 'withdrawn' : 'open',
    mailboxKnown: Number(r.mailbox_known) === 1,
    submittedAt: Number(r.submitted_at),
    receivedOn: String(r.received_on),
    withdrawnAt: r.withdrawn_at == null ? null : Number(r.withdrawn_at),
    ...(r.data == null ? {} : { complaint: upgradeStoredComplaint(JSON.parse(String(r.data))) }),
  };
}

const COLUMNS = 'reference, organisation_id, outcome, mailbox_known, submitted_at, received_on, withdrawn_at, data';

export async function findByIdempotencyKey(db: SqlRunner, key: string): Promise<StoredComplaint | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM delivery_complaints WHERE idempotency_key = ?`, [key]);
  return rows[0] && toStored(rows[0]);
}

export async function findByReference(db: SqlRunner, reference: string): Promise<StoredComplaint | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM delivery_complaints WHERE reference = ?`, [reference]);
  return rows[0] && toStored(rows[0]);
}

/**
 * Stores the complaint and its mails in one transaction, so a reference the bot shows always has
 * its mails in the outbox. A repeat fails on a unique key: of two writers with one idempotency key
 * the second waits for the first, fails, rolls back everything it wrote and reads the first one's
 * reference; a reference another complaint has is told apart, and any other clash is an error. Rate-limit hits count only submissions that are stored (a rejected
 * one rolls back its hits). On PostgreSQL a first submission is three round trips: BEGIN, one
 * statement (`executeAll`: the complaint, everything stored with it, the rate-limit counters
 * last), COMMIT.
 */
export async function storeSubmission(
  db: SqlDb,
  input: {
    complaint: Complaint;
    idempotencyKey: string;
    receivedOn: string;
    mailboxKnown: boolean;
    mails: readonly NewMail[];
    limits: readonly LimitCheck[];
    /** Over these, the complainant's mails (the receipt) are left out; the complaint still goes. */
    recipientLimits?: readonly LimitCheck[];
    windowMs: number;
    now: number;
    /** Runs in the same transaction once the complaint is in (a follow-up climbs its case here). */
    inTransaction?: (tx: SqlRunner) => Promise<void>;
    /** Written in the same transaction, in one go with the mails (a first submission's case). */
    alongside?: readonly Statement[];
  },
): Promise<StoreResult> {
  const c = input.complaint;
  const complaint: Statement = {
    sql: `INSERT INTO delivery_complaints (reference, idempotency_key, organisation_id, rung, about, category, location, locale,
           channel, complainant_role, event_date, received_on, submitted_at, time_limit_status, acknowledge_by, decide_by,
           mailbox_known, outcome, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    params: [
      c.reference,
      input.idempotencyKey,
      c.organisation.id,
      c.addressedTo.rung,
      c.about,
      c.event.category,
      c.event.location ?? null,
      c.locale,
      c.channel,
      c.complainant.role,
      c.event.date,
      input.receivedOn,
      input.now,
      c.timeLimit.status,
      c.deadlines.acknowledgeBy ?? null,
      c.deadlines.decideBy ?? null,
      input.mailboxKnown ? 1 : 0,
      JSON.stringify(c),
    ],
  };
  const checks = [...input.limits, ...(input.recipientLimits ?? [])];
  // Last, so that counters other submissions share stay locked only briefly (hitEach).
  const hits = hitStatement(checks, input.windowMs, input.now);
  try {
    return await db.transaction(async (tx): Promise<StoreResult> => {
      let first: Statement[] = [complaint];
      if (input.inTransaction) {
        await tx.executeAll(first);
        first = [];
        await input.inTransaction(tx);
      }
      const rows = await tx.executeAll([...first, ...(input.alongside ?? []), ...insertMailsStatements(input.mails), ...(hits ? [hits.statement] : [])]);
      const over = hits?.over(rows) ?? [];
      if (over.slice(0, input.limits.length).some(Boolean)) throw new RateLimited();
      if (over.slice(input.limits.length).some(Boolean)) {
        // Too many mails to this address: the receipt stays out, the complaint still goes.
        await tx.execute(`DELETE FROM delivery_mails WHERE reference = ? AND recipient_kind = 'complainant'`, [c.reference]);
      }
      return { kind: 'stored' };
    });
  } catch (err) {
    if (err instanceof RateLimited) return { kind: 'rate_limited' };
    if (!isUniqueViolation(err)) throw err;
    // Which key clashed: parts of one PostgreSQL statement run in no fixed order, so a taken
    // reference may fail first on a case row named after it.
    const existing = await findByIdempotencyKey(db, input.idempotencyKey);
    if (existing) return { kind: 'duplicate', existing };
    if (await findByReference(db, c.reference)) return { kind: 'reference_taken' };
    throw err;
  }
}

/**
 * Marks a complaint withdrawn once: of two withdrawals at the same moment only one changes the
 * row (the other waits for its lock and then finds it withdrawn), so only one set of mails goes.
 */
export async function markWithdrawn(tx: SqlRunner, reference: string, now: number): Promise<boolean> {
  const { changes } = await tx.execute(
    `UPDATE delivery_complaints SET outcome = 'withdrawn', withdrawn_at = ? WHERE reference = ? AND outcome <> 'withdrawn' AND data IS NOT NULL`,
    [now, reference],
  );
  return changes === 1;
}
