import { amsterdamDate } from '../../domain/deadlines/calendar';
import type { NotSentCounter } from '../../domain/ports';
import { NOT_SENT_REASONS, type NotSentCount, type NotSentReason, type RegisterEntry } from '../../domain/report/report';
import type { Migration, SqlDb } from '../db/db';

/**
 * Conversations that ended in a referral or a stop: one counter per organisation, month and
 * reason. Nothing else is kept of them: no conversation id, no answer, no time of day.
 */
export const reportMigrations: Migration[] = [
  {
    id: 'report-001-not-sent',
    sql: `CREATE TABLE IF NOT EXISTS report_not_sent (
      organisation_id TEXT NOT NULL,
      month TEXT NOT NULL,
      reason TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (organisation_id, month, reason)
    )`,
  },
];

export class SqlNotSentCounter implements NotSentCounter {
  constructor(private readonly db: SqlDb) {}

  async count(organisationId: string, reason: NotSentReason, at: Date): Promise<void> {
    const month = amsterdamDate(at).slice(0, 7);
    await this.db.execute(
      `INSERT INTO report_not_sent (organisation_id, month, reason, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (organisation_id, month, reason) DO UPDATE SET count = report_not_sent.count + 1`,
      [organisationId, month, NOT_SENT_REASONS.includes(reason) ? reason : 'other'],
    );
  }
}

export async function readNotSent(db: SqlDb, organisationId: string, year: number): Promise<NotSentCount[]> {
  const rows = await db.query<{ month: string; reason: string; count: number | string }>(
    'SELECT month, reason, count FROM report_not_sent WHERE organisation_id = ? AND month LIKE ? ORDER BY month, reason',
    [organisationId, `${year}-%`],
  );
  return rows.map((r) => ({ month: String(r.month), reason: String(r.reason), count: Number(r.count) }));
}

const date = (v: unknown): string | null => (v == null ? null : String(v));

/**
 * The register as the report reads it: the anonymous columns only (never `data`, the complaint
 * with its names and texts, and never the reference, which is replaced by a row number).
 * Each submission is its own case until submissions are linked by `previousReference`.
 */
export async function readRegisterEntries(db: SqlDb, organisationId: string, year: number): Promise<RegisterEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT reference, rung, about, category, location, received_on, acknowledge_by, decide_by, withdrawn_at
     FROM delivery_complaints WHERE organisation_id = ? AND received_on >= ? AND received_on <= ?
     ORDER BY received_on, submitted_at, reference`,
    [organisationId, `${year}-01-01`, `${year}-12-31`],
  );
  const ids = new Map<string, string>();
  const idOf = (ref: string) => {
    if (!ids.has(ref)) ids.set(ref, `e${ids.size + 1}`);
    return ids.get(ref)!;
  };
  return rows.map((r) => {
    const id = idOf(String(r.reference));
    return {
      id,
      caseId: id,
      rung: String(r.rung),
      receivedOn: String(r.received_on),
      category: String(r.category),
      about: String(r.about),
      location: r.location == null ? null : String(r.location),
      externalCommittee: String(r.rung) === 'external_committee',
      withdrawnOn: r.withdrawn_at == null ? null : amsterdamDate(new Date(Number(r.withdrawn_at))),
      acknowledgedOn: null,
      acknowledgeBy: date(r.acknowledge_by),
      decidedOn: null,
      decideBy: date(r.decide_by),
      judgement: null,
      measures: null,
      resolvedOn: null,
      notHandledOn: null,
    };
  });
}
