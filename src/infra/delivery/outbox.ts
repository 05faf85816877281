import type { SqlDb, SqlRunner, Statement } from '../db/db';
import { MailKind, RecipientKind, StoredMessage } from '../mail/message';

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface NewMail {
  id: string;
  reference?: string;
  kind: MailKind;
  recipientKind: RecipientKind;
  recipient: string;
  messageId: string;
  message: StoredMessage;
  createdAt: number;
  nextAttemptAt: number;
}

/** An outbox row without its content: what the CLI and the register may show. */
export interface MailSummary {
  id: string;
  reference: string | null;
  kind: MailKind;
  recipientKind: RecipientKind;
  /** Null for the complainant's address after retention. */
  recipient: string | null;
  messageId: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface ClaimedMail extends MailSummary {
  message: StoredMessage;
  recipient: string;
  claimedUntil: number;
}

type Row = Record<string, unknown>;

const SUMMARY_COLUMNS =
  'id, reference, kind, recipient_kind, recipient, message_id, status, attempts, next_attempt_at, last_error, created_at, sent_at';

function toSummary(r: Row): MailSummary {
  return {
    id: String(r.id),
    reference: r.reference == null ? null : String(r.reference),
    kind: MailKind.parse(r.kind),
    recipientKind: RecipientKind.parse(r.recipient_kind),
    recipient: r.recipient == null ? null : String(r.recipient),
    messageId: String(r.message_id),
    status: r.status as MailStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: r.last_error == null ? null : String(r.last_error),
    createdAt: Number(r.created_at),
    sentAt: r.sent_at == null ? null : Number(r.sent_at),
  };
}

/** All of them in one statement (one round trip on PostgreSQL). */
export async function insertMails(tx: SqlRunner, mails: readonly NewMail[]): Promise<void> {
  await tx.executeAll(insertMailsStatements(mails));
}

/** The statement that queues `mails`, all in one (none for no mails). */
export function insertMailsStatements(mails: readonly NewMail[]): Statement[] {
  if (mails.length === 0) return [];
  return [
    {
      sql: `INSERT INTO delivery_mails (id, reference, kind, recipient_kind, recipient, message_id, message, status, attempts,
       next_attempt_at, created_at)
     VALUES ${mails.map(() => "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(', ')}`,
      params: mails.flatMap((m) => [m.id, m.reference ?? null, m.kind, m.recipientKind, m.recipient, m.messageId, JSON.stringify(m.message), m.nextAttemptAt, m.createdAt]),
    },
  ];
}

/**
 * Claims up to `limit` due mails for `instance` until `now + leaseMs`. A claim is a lease: when
 * the instance dies, the lease runs out and another instance takes the mail. The claim is one
 * statement, atomic on its own (no BEGIN and COMMIT around it: two round trips fewer on
 * PostgreSQL). On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets instances claim side by side without
 * waiting or overlapping; SQLite has one writer at a time, so the statement holds the write lock.
 */
export async function claimDue(
  db: SqlDb,
  opts: { instance: string; now: number; leaseMs: number; limit: number; ids?: readonly string[] },
): Promise<ClaimedMail[]> {
  const lock = db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const onlyIds = opts.ids?.length ? `AND id IN (${opts.ids.map(() => '?').join(',')})` : '';
  const sql = `UPDATE delivery_mails SET claimed_by = ?, claimed_until = ?
    WHERE id IN (
      SELECT id FROM delivery_mails
      WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ${onlyIds}
      ORDER BY next_attempt_at, created_at
      LIMIT ? ${lock})
    RETURNING ${SUMMARY_COLUMNS}, message, claimed_until`;
  const params = [opts.instance, opts.now + opts.leaseMs, opts.now, opts.now, ...(opts.ids ?? []), opts.limit];
  const rows = await db.query<Row>(sql, params);
  return rows
    .map((r) => ({
      ...toSummary(r),
      recipient: String(r.recipient),
      message: StoredMessage.parse(JSON.parse(String(r.message))),
      claimedUntil: Number(r.claimed_until),
    }))
    .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
}

/**
 * Marks mails sent, several in one statement. Only the holder of a claim may settle it: a mail
 * missing from the returned ids had its lease lost meanwhile.
 */
export async function markSent(db: SqlRunner, ids: readonly string[], instance: string, now: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `UPDATE delivery_mails SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
       claimed_by = NULL, claimed_until = NULL
     WHERE id IN (${ids.map(() => '?').join(', ')}) AND claimed_by = ? AND status = 'pending'
     RETURNING id`,
    [now, ...ids, instance],
  );
  return new Set(rows.map((r) => String(r.id)));
}

/**
 * Records a failed attempt. With retries left the mail waits for the next delay of `schedule`
 * (seconds); after the last one it is `failed`, and `alert` (if any) joins the outbox in the same
 * transaction, so a failure is never silent.
 */
export async function markFailure(
  db: SqlDb,
  mail: Pick<ClaimedMail, 'id' | 'attempts'>,
  opts: { instance: string; now: number; error: string; schedule: readonly number[]; alert?: (attempts: number) => NewMail },
): Promise<'retry' | 'failed' | 'lost'> {
  const attempts = mail.attempts + 1;
  const retryIn = opts.schedule[attempts - 1];
  const failed = retryIn === undefined;
  return db.transaction(async (tx) => {
    const { changes } = await tx.execute(
      `UPDATE delivery_mails SET attempts = ?, last_error = ?, status = ?, next_attempt_at = ?,
         claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND claimed_by = ? AND status = 'pending'`,
      [attempts, opts.error, failed ? 'failed' : 'pending', failed ? opts.now : opts.now + Math.round(retryIn * 1000), mail.id, opts.instance],
    );
    if (changes !== 1) return 'lost';
    if (failed && opts.alert) await insertMails(tx, [opts.alert(attempts)]);
    return failed ? 'failed' : 'retry';
  });
}

export async function listMails(db: SqlRunner, opts: { status?: MailStatus; reference?: string; limit?: number } = {}): Promise<MailSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.status) {
    where.push('status = ?');
    params.push(opts.status);
  }
  if (opts.reference) {
    where.push('reference = ?');
    params.push(opts.reference);
  }
  const rows = await db.query<Row>(
    `SELECT ${SUMMARY_COLUMNS} FROM delivery_mails ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at, id LIMIT ?`,
    [...params, opts.limit ?? 1000],
  );
  return rows.map(toSummary);
}

/**
 * Puts the mails of one complaint back in the outbox. A pending or failed mail starts over with
 * its own Message-ID (it never arrived). A sent mail goes as a new copy with a new Message-ID that
 * refers to the first, so a mail server that drops repeated Message-IDs still delivers it.
 */
export async function requeue(
  db: SqlDb,
  opts: { reference: string; kinds: readonly MailKind[]; now: number; newId: () => string; messageIdFor: (id: string) => string },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const marks = opts.kinds.map(() => '?').join(',');
    const rows = await tx.query<Row>(
      `SELECT ${SUMMARY_COLUMNS}, message FROM delivery_mails
       WHERE reference = ? AND kind IN (${marks}) AND status IN ('pending', 'failed', 'sent') AND message IS NOT NULL
       ORDER BY created_at`,
      [opts.reference, ...opts.kinds],
    );
    const ids: string[] = [];
    for (const r of rows) {
      const m = toSummary(r);
      if (m.status === 'sent') {
        const message = StoredMessage.parse(JSON.parse(String(r.message)));
        const id = opts.newId();
        await insertMails(tx, [
          {
            id,
            reference: opts.reference,
            kind: m.kind,
            recipientKind: m.recipientKind,
            recipient: String(m.recipient),
            messageId: opts.messageIdFor(id),
            message: { ...message, references: [...(message.references ?? []), m.messageId] },
            createdAt: opts.now,
            nextAttemptAt: opts.now,
          },
        ]);
        ids.push(id);
      } else {
        // A mail some instance is sending right now is left to that instance.
        const { changes } = await tx.execute(
          `UPDATE delivery_mails SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL,
             claimed_by = NULL, claimed_until = NULL
           WHERE id = ? AND (claimed_until IS NULL OR claimed_until < ?)`,
          [opts.now, m.id, opts.now],
        );
        if (changes === 1) ids.push(m.id);
      }
    }
    return ids;
  });
}
