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
 * The register as the report reads it: the anonymous columns of each submission
 * (delivery_complaints) joined with its case (case_submissions) and the events the organisation
 * recorded (case_events): acknowledged, extended, decided with judgement and measures, resolved,
 * not handled, withdrawn. Never `data` (the complaint with its names and texts), never the
 * motivation or notes; references and case ids are replaced by opaque numbers. Every submission
 * up to the end of the year is read, so a case that began before the year is recognised as such.
 */
export async function readRegisterEntries(db: SqlDb, organisationId: string, year: number): Promise<RegisterEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT d.reference, d.rung, d.about, d.category, d.location, d.received_on, d.acknowledge_by, d.decide_by, d.withdrawn_at,
       s.case_id
     FROM delivery_complaints d LEFT JOIN case_submissions s ON s.reference = d.reference
     WHERE d.organisation_id = ? AND d.received_on <= ?
     ORDER BY d.received_on, d.submitted_at, d.reference`,
    [organisationId, `${year}-12-31`],
  );
  const events = await db.query<Record<string, unknown>>(
    `SELECT e.reference, e.event, e.on_date, e.judgement, e.measures, e.extended_to
     FROM case_events e JOIN case_cases c ON c.case_id = e.case_id
     WHERE c.organisation_id = ?
     ORDER BY e.case_id, e.seq`,
    [organisationId],
  );
  const byReference = new Map<string, Array<Record<string, unknown>>>();
  for (const e of events) {
    const list = byReference.get(String(e.reference)) ?? [];
    list.push(e);
    byReference.set(String(e.reference), list);
  }
  const opaque = new Map<string, string>();
  const idOf = (key: string, prefix: string) => {
    if (!opaque.has(key)) opaque.set(key, `${prefix}${opaque.size + 1}`);
    return opaque.get(key)!;
  };
  return rows.map((r) => {
    const reference = String(r.reference);
    const own = byReference.get(reference) ?? [];
    const first = (event: string) => own.find((e) => e.event === event);
    const last = (event: string) => [...own].reverse().find((e) => e.event === event);
    const decided = last('decided');
    const extended = last('extended');
    const withdrawn = r.withdrawn_at == null ? date(first('withdrawn')?.on_date) : amsterdamDate(new Date(Number(r.withdrawn_at)));
    const measures = own.map((e) => (e.measures == null ? '' : String(e.measures).trim())).filter(Boolean);
    return {
      id: idOf(`s:${reference}`, 's'),
      caseId: idOf(`c:${r.case_id == null ? reference : String(r.case_id)}`, 'c'),
      rung: String(r.rung),
      receivedOn: String(r.received_on),
      category: String(r.category),
      about: String(r.about),
      location: r.location == null ? null : String(r.location),
      externalCommittee: String(r.rung) === 'external_committee',
      withdrawnOn: withdrawn,
      acknowledgedOn: date(first('acknowledged')?.on_date),
      acknowledgeBy: date(r.acknowledge_by),
      decidedOn: date(decided?.on_date),
      decideBy: date(extended?.extended_to) ?? date(r.decide_by),
      judgement: decided?.judgement == null ? null : (String(decided.judgement) as RegisterEntry['judgement']),
      measures: measures.length ? measures.join('; ') : null,
      resolvedOn: date(first('resolved')?.on_date),
      notHandledOn: date(first('not_handled')?.on_date),
    };
  });
}
