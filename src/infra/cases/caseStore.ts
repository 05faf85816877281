import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type EscalationStep, Judgement, PersistedEscalation } from '../../domain/escalation/machine';
import type { SqlRunner, Statement } from '../db/db';

/**
 * The case store: per case its escalation snapshot (the domain machine's, never a second copy of
 * the ladder), its submissions (one reference per rung it was sent to), and its event history.
 * Every function takes a runner, so callers put it in the same transaction as the register and
 * the outbox.
 */

export const CASE_EVENTS = [
  'submitted',
  'acknowledged',
  'extended',
  'decided',
  'resolved',
  'not_resolved',
  'not_handled',
  'no_answer_in_time',
  'withdrawn',
] as const;
export const CaseEventName = z.enum(CASE_EVENTS);
export type CaseEventName = z.infer<typeof CaseEventName>;

export const CASE_ACTORS = ['organisation', 'staff', 'complainant', 'system'] as const;
export type CaseActor = (typeof CASE_ACTORS)[number];

export interface CaseSubmission {
  reference: string;
  seq: number;
  rung: string;
  submittedAt: number;
  receivedOn: string;
}

export interface CaseEventRecord {
  reference: string;
  seq: number;
  event: CaseEventName;
  on: string;
  judgement: Judgement | null;
  motivation: string | null;
  measures: string | null;
  told: string | null;
  extendedTo: string | null;
  note: string | null;
  actor: CaseActor;
  recordedAt: number;
}

export interface StoredCase {
  caseId: string;
  organisationId: string;
  snapshot: PersistedEscalation;
  status: string;
  rung: string | null;
  stage: string | null;
  latestReference: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  anonymised: boolean;
  submissions: CaseSubmission[];
  events: CaseEventRecord[];
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v == null ? null : String(v));

/** The case a reference belongs to, with its submissions and events, or undefined. */
export async function findCase(db: SqlRunner, reference: string, opts: { forUpdate?: boolean } = {}): Promise<StoredCase | undefined> {
  const lock = opts.forUpdate && db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const rows = await db.query<Row>(
    `SELECT c.* FROM case_cases c JOIN case_submissions s ON s.case_id = c.case_id WHERE s.reference = ?${lock}`,
    [reference],
  );
  const r = rows[0];
  if (!r) return undefined;
  const caseId = String(r.case_id);
  const submissions = await db.query<Row>('SELECT * FROM case_submissions WHERE case_id = ? ORDER BY seq', [caseId]);
  const events = await db.query<Row>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [caseId]);
  return {
    caseId,
    organisationId: String(r.organisation_id),
    snapshot: PersistedEscalation.parse(JSON.parse(String(r.snapshot))),
    status: String(r.status),
    rung: str(r.rung),
    stage: str(r.stage),
    latestReference: String(r.latest_reference),
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    anonymised: r.anonymised_at != null,
    submissions: submissions.map((s) => ({
      reference: String(s.reference),
      seq: Number(s.seq),
      rung: String(s.rung),
      submittedAt: Number(s.submitted_at),
      receivedOn: String(s.received_on),
    })),
    events: events.map((e) => ({
      reference: String(e.reference),
      seq: Number(e.seq),
      event: CaseEventName.parse(e.event),
      on: String(e.on_date),
      judgement: e.judgement == null ? null : Judgement.parse(e.judgement),
      motivation: str(e.motivation),
      measures: str(e.measures),
      told: str(e.told),
      extendedTo: str(e.extended_to),
      note: str(e.note),
      actor: String(e.actor) as CaseActor,
      recordedAt: Number(e.recorded_at),
    })),
  };
}

const mirror = (step: Pick<EscalationStep, 'snapshot' | 'status' | 'rung' | 'stage'>) => [
  JSON.stringify(step.snapshot),
  step.status,
  step.rung ?? null,
  step.stage ?? null,
];

/** The statements that start a case with its first submission (written with the submission). */
export function startCaseStatements(input: {
  reference: string;
  organisationId: string;
  rung: string;
  receivedOn: string;
  step: EscalationStep | Omit<EscalationStep, 'accepted'>;
  now: number;
}): Statement[] {
  return [
    {
      sql: `INSERT INTO case_cases (case_id, organisation_id, snapshot, status, rung, stage, latest_reference, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      params: [input.reference, input.organisationId, ...mirror(input.step), input.reference, input.now, input.now],
    },
    {
      sql: 'INSERT INTO case_submissions (reference, case_id, seq, rung, submitted_at, received_on) VALUES (?, ?, 1, ?, ?, ?)',
      params: [input.reference, input.reference, input.rung, input.now, input.receivedOn],
    },
  ];
}

/** Adds a follow-up submission to a case: the new rung's own reference becomes the latest. */
export async function addSubmission(
  tx: SqlRunner,
  input: { caseId: string; reference: string; rung: string; receivedOn: string; now: number },
): Promise<void> {
  const [{ n }] = await tx.query<{ n: number }>('SELECT COALESCE(MAX(seq), 0) AS n FROM case_submissions WHERE case_id = ?', [input.caseId]);
  await tx.execute('INSERT INTO case_submissions (reference, case_id, seq, rung, submitted_at, received_on) VALUES (?, ?, ?, ?, ?, ?)', [
    input.reference,
    input.caseId,
    Number(n) + 1,
    input.rung,
    input.now,
    input.receivedOn,
  ]);
  await tx.execute('UPDATE case_cases SET latest_reference = ?, updated_at = ? WHERE case_id = ?', [input.reference, input.now, input.caseId]);
}

/**
 * Writes the case's new snapshot when nobody else did since it was read (`version`); false when
 * another instance got there first, so the caller reads again and retries.
 */
export async function saveSnapshot(
  tx: SqlRunner,
  input: { caseId: string; version: number; step: Pick<EscalationStep, 'snapshot' | 'status' | 'rung' | 'stage'>; now: number },
): Promise<boolean> {
  const { changes } = await tx.execute(
    `UPDATE case_cases SET snapshot = ?, status = ?, rung = ?, stage = ?, version = version + 1, updated_at = ?
     WHERE case_id = ? AND version = ?`,
    [...mirror(input.step), input.now, input.caseId, input.version],
  );
  return changes === 1;
}

export interface NewCaseEvent {
  caseId: string;
  reference: string;
  event: CaseEventName;
  on: string;
  judgement?: Judgement;
  motivation?: string;
  measures?: string;
  told?: string;
  extendedTo?: string;
  note?: string;
  actor: CaseActor;
  now: number;
}

export async function appendEvent(tx: SqlRunner, e: NewCaseEvent): Promise<void> {
  const [{ n }] = await tx.query<{ n: number }>('SELECT COALESCE(MAX(seq), 0) AS n FROM case_events WHERE case_id = ?', [e.caseId]);
  await tx.execute(
    `INSERT INTO case_events (id, case_id, reference, seq, event, on_date, judgement, motivation, measures, told, extended_to, note, actor, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      e.caseId,
      e.reference,
      Number(n) + 1,
      e.event,
      e.on,
      e.judgement ?? null,
      e.motivation ?? null,
      e.measures ?? null,
      e.told ?? null,
      e.extendedTo ?? null,
      e.note ?? null,
      e.actor,
      e.now,
    ],
  );
}

/** Retention: the free texts of a case's events go; the dated facts stay for the register. */
export async function anonymiseCaseOf(tx: SqlRunner, reference: string, now: number): Promise<void> {
  const rows = await tx.query<{ case_id: string }>('SELECT case_id FROM case_submissions WHERE reference = ?', [reference]);
  const caseId = rows[0]?.case_id;
  if (!caseId) return;
  await tx.execute('UPDATE case_events SET motivation = NULL, measures = NULL, told = NULL, note = NULL WHERE reference = ?', [reference]);
  await tx.execute('UPDATE case_cases SET anonymised_at = ? WHERE case_id = ? AND anonymised_at IS NULL', [now, caseId]);
}

/**
 * Active cases awaiting an organisation's answer, with personal data still kept: the ones a
 * reminder may concern. With each its escalation snapshot (parsed JSON, not yet checked) and the
 * reminders already claimed for its latest submission, so the scheduler can tell from this one
 * read which cases need a closer look.
 */
export async function casesAwaitingAnswer(
  db: SqlRunner,
): Promise<{ caseId: string; organisationId: string; latestReference: string; submittedAt: number; snapshot: unknown; claimed: Set<string> }[]> {
  const awaiting = `c.status = 'active' AND c.stage = 'awaitingAnswer' AND c.anonymised_at IS NULL`;
  const rows = await db.query<Row>(
    `SELECT c.case_id, c.organisation_id, c.latest_reference, c.snapshot, s.submitted_at
     FROM case_cases c JOIN case_submissions s ON s.reference = c.latest_reference
     WHERE ${awaiting} ORDER BY c.created_at`,
  );
  const claims = await db.query<Row>(`SELECT r.reference, r.kind FROM case_reminders r JOIN case_cases c ON c.latest_reference = r.reference WHERE ${awaiting}`);
  const claimed = new Map<string, Set<string>>();
  for (const r of claims) {
    const reference = String(r.reference);
    claimed.set(reference, (claimed.get(reference) ?? new Set()).add(String(r.kind)));
  }
  return rows.map((r) => {
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(String(r.snapshot));
    } catch {
      snapshot = undefined;
    }
    return {
      caseId: String(r.case_id),
      organisationId: String(r.organisation_id),
      latestReference: String(r.latest_reference),
      submittedAt: Number(r.submitted_at),
      snapshot,
      claimed: claimed.get(String(r.latest_reference)) ?? new Set(),
    };
  });
}

/**
 * Claims a reminder once: true only for the first caller, ever. Call it in the transaction that
 * queues the reminder's mails, so a claim without its mails cannot remain.
 */
export async function claimReminder(
  tx: SqlRunner,
  r: { reference: string; kind: string; caseId: string; dueOn: string; status: 'sent' | 'skipped'; now: number },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO case_reminders (reference, kind, case_id, due_on, status, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING reference`,
    [r.reference, r.kind, r.caseId, r.dueOn, r.status, r.now],
  );
  return rows.length === 1;
}

export async function remindersOf(db: SqlRunner, reference: string): Promise<{ kind: string; dueOn: string; status: string }[]> {
  const rows = await db.query<Row>('SELECT kind, due_on, status FROM case_reminders WHERE reference = ? ORDER BY created_at, kind', [reference]);
  return rows.map((r) => ({ kind: String(r.kind), dueOn: String(r.due_on), status: String(r.status) }));
}

/** The scheduler's lease: true when `instance` holds it until `now + leaseMs` (taken, or renewed). */
export async function claimSchedulerLease(db: SqlRunner, instance: string, now: number, leaseMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO case_scheduler (name, claimed_by, claimed_until) VALUES ('reminders', ?, ?)
     ON CONFLICT (name) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
     WHERE case_scheduler.claimed_until < ? OR case_scheduler.claimed_by = ?
     RETURNING name`,
    [instance, now + leaseMs, now, instance],
  );
  return rows.length === 1;
}

export async function releaseSchedulerLease(db: SqlRunner, instance: string): Promise<void> {
  await db.execute(`UPDATE case_scheduler SET claimed_until = 0 WHERE name = 'reminders' AND claimed_by = ?`, [instance]);
}
