import { z } from 'zod';
import { amsterdamDate } from '../../domain/deadlines/calendar';
import type { Deadlines } from '../../domain/deadlines/deadlines';
import {
  advanceEscalation,
  type EscalationEvent,
  type EscalationStep,
  Judgement,
  nextRungAfter,
  nextStep,
  readEscalation,
  type Refusal,
  startEscalation,
} from '../../domain/escalation/machine';
import { maskBsn } from '../../domain/privacy/bsn';
import type { Procedure, RungId } from '../../domain/procedure/schema';
import { findRung } from '../../domain/rules/routing';
import type { SqlRunner, Statement } from '../../infra/db/db';
import { appendEvent, type CaseActor, findCase, saveSnapshot, startCaseStatements, type StoredCase } from '../../infra/cases/caseStore';
import { normaliseReference, REFERENCE_PATTERN } from '../../infra/delivery/reference';
import { hitLimits, type LimitCheck } from '../../infra/delivery/rateLimits';
import { findByReference, markWithdrawn } from '../../infra/delivery/store';
import type { CaseStatus, StaffLookup } from '../../domain/ports';
import { matchesContact } from '../delivery/withdraw';
import type { DeliveryContext } from '../delivery/context';

/** Where a case starts: at the rung its first submission went to, delivered when a mailbox took it. */
export function openingStep(procedure: Procedure, rung: RungId, receivedOn: string, deadlines: Deadlines, delivered: boolean) {
  const started = startEscalation(procedure, rung);
  if (!delivered) return readEscalation(procedure, started);
  return advanceEscalation(procedure, started, { type: 'DELIVERED', on: receivedOn, deadlines: deliveredDeadlines(deadlines) });
}

export function deliveredDeadlines(d: Deadlines) {
  return {
    ...(d.acknowledgeBy ? { acknowledgeBy: d.acknowledgeBy } : {}),
    ...(d.decideBy ? { decideBy: d.decideBy } : {}),
    ...(d.decideByExtended ? { decideByExtended: d.decideByExtended } : {}),
  };
}

/** The statements that start the case of a first submission, written with the submission. */
export function caseStartStatements(input: {
  procedure: Procedure;
  reference: string;
  rung: RungId;
  receivedOn: string;
  deadlines: Deadlines;
  delivered: boolean;
  now: number;
}): Statement[] {
  const step = openingStep(input.procedure, input.rung, input.receivedOn, input.deadlines, input.delivered);
  return [
    ...startCaseStatements({ reference: input.reference, organisationId: input.procedure.id, rung: input.rung, receivedOn: input.receivedOn, step, now: input.now }),
    {
      sql: `INSERT INTO case_events (id, case_id, reference, seq, event, on_date, actor, recorded_at) VALUES (?, ?, ?, 1, 'submitted', ?, 'system', ?)`,
      params: [`${input.reference}-submitted`, input.reference, input.reference, input.receivedOn, input.now],
    },
  ];
}

/** The events the organisation (or staff) may record, as `npm run complaint -- record` names them. */
export const RECORDABLE_EVENTS = ['acknowledged', 'extended', 'decided', 'resolved', 'not_handled', 'withdrawn'] as const;
export const RecordableEvent = z.enum(RECORDABLE_EVENTS);
export type RecordableEvent = z.infer<typeof RecordableEvent>;

/** How the complainant was told of the ruling. */
const FreeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => maskBsn(s).text);

export const RecordInput = z
  .object({
    reference: z.string().transform(normaliseReference).pipe(z.string().regex(REFERENCE_PATTERN, 'not a reference (KW-YYYY-XXXXXX)')),
    event: RecordableEvent,
    date: z.iso.date().optional(),
    judgement: Judgement.optional(),
    motivation: FreeText(5000).optional(),
    measures: FreeText(5000).optional(),
    told: FreeText(300).optional(),
    extendTo: z.iso.date().optional(),
    note: FreeText(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.event === 'decided' && !v.judgement) ctx.addIssue({ code: 'custom', path: ['judgement'], message: 'decided needs --judgement' });
    if (v.event === 'extended' && !v.extendTo) ctx.addIssue({ code: 'custom', path: ['extendTo'], message: 'extended needs --extend-to' });
    if (v.event !== 'decided') {
      for (const key of ['judgement', 'motivation', 'measures', 'told'] as const) {
        if (v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `only with decided` });
      }
    }
    if (v.event !== 'extended' && v.extendTo) ctx.addIssue({ code: 'custom', path: ['extendTo'], message: 'only with extended' });
  });
export type RecordInput = z.input<typeof RecordInput>;

export type RecordResult =
  | { kind: 'recorded'; caseId: string; status: EscalationStep['status']; rung?: RungId; stage?: string }
  | { kind: 'invalid'; issues: string[] }
  | { kind: 'unknown_reference' }
  | { kind: 'refused'; refusal: Refusal | { reason: 'not_latest'; latest: string } | { reason: 'date_out_of_range'; from: string; to: string } };

function machineEvent(v: z.output<typeof RecordInput>, on: string): EscalationEvent {
  switch (v.event) {
    case 'acknowledged':
      return { type: 'ACKNOWLEDGED', on };
    case 'extended':
      return { type: 'EXTENDED', on, extendTo: v.extendTo! };
    case 'decided':
      return { type: 'DECIDED', on, judgement: v.judgement! };
    case 'resolved':
      return { type: 'RESOLVED', on };
    case 'not_handled':
      return { type: 'NOT_HANDLED', on };
    case 'withdrawn':
      return { type: 'WITHDRAWN', on };
  }
}

type CasesContext = Pick<DeliveryContext, 'db' | 'procedures' | 'clock' | 'logger'> & { onQueued?: () => void };

/**
 * Records what the organisation did, on the reference of the rung's own submission. The event
 * goes through the case's escalation machine; what it refuses (a ruling after a withdrawal, an
 * extension past the procedure's cap) is refused here with its reason, and nothing is written.
 */
export async function recordCaseEvent(ctx: CasesContext, input: unknown, actor: CaseActor): Promise<RecordResult> {
  const parsed = RecordInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const v = parsed.data;
  const nowDate = ctx.clock.now();
  const today = amsterdamDate(nowDate);
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await ctx.db.transaction(async (tx): Promise<RecordResult | 'retry'> => {
      const stored = await findCase(tx, v.reference, { forUpdate: true });
      if (!stored) return { kind: 'unknown_reference' };
      const procedure = ctx.procedures.get(stored.organisationId);
      if (!procedure) return { kind: 'unknown_reference' };
      if (stored.latestReference !== v.reference) return { kind: 'refused', refusal: { reason: 'not_latest', latest: stored.latestReference } };
      const submission = stored.submissions.find((s) => s.reference === v.reference)!;
      const on = v.date ?? today;
      if (on < submission.receivedOn || on > today) return { kind: 'refused', refusal: { reason: 'date_out_of_range', from: submission.receivedOn, to: today } };
      const step = advanceEscalation(procedure, stored.snapshot, machineEvent(v, on));
      if (!step.accepted) return { kind: 'refused', refusal: step.refusal ?? { reason: 'not_now', stage: step.stage ?? 'open' } };
      if (!(await saveSnapshot(tx, { caseId: stored.caseId, version: stored.version, step, now: nowDate.getTime() }))) return 'retry';
      await appendEvent(tx, {
        caseId: stored.caseId,
        reference: v.reference,
        event: v.event,
        on,
        ...(v.judgement ? { judgement: v.judgement } : {}),
        ...(v.motivation ? { motivation: v.motivation } : {}),
        ...(v.measures ? { measures: v.measures } : {}),
        ...(v.told ? { told: v.told } : {}),
        ...(v.extendTo ? { extendedTo: v.extendTo } : {}),
        ...(v.note ? { note: v.note } : {}),
        actor,
        now: nowDate.getTime(),
      });
      if (v.event === 'withdrawn') await markWithdrawn(tx, v.reference, nowDate.getTime());
      return { kind: 'recorded', caseId: stored.caseId, status: step.status, ...(step.rung ? { rung: step.rung } : {}), ...(step.stage ? { stage: step.stage } : {}) };
    });
    if (result === 'retry') continue;
    if (result.kind === 'recorded') {
      ctx.logger.info({ event: 'case.recorded', reference: v.reference, caseEvent: v.event, actor });
      ctx.onQueued?.();
    }
    return result;
  }
  throw new Error('the case kept changing while recording; try again');
}

/** Withdrawal by the complainant: the case ends `withdrawn` (in the withdrawal's transaction). */
export async function withdrawCase(tx: SqlRunner, procedure: Procedure | undefined, reference: string, now: number): Promise<void> {
  const stored = await findCase(tx, reference, { forUpdate: true });
  if (!stored || !procedure) return;
  const on = amsterdamDate(new Date(now));
  const step = advanceEscalation(procedure, stored.snapshot, { type: 'WITHDRAWN', on });
  if (!step.accepted) return;
  if (!(await saveSnapshot(tx, { caseId: stored.caseId, version: stored.version, step, now }))) {
    throw new Error('case changed during withdrawal');
  }
  await appendEvent(tx, { caseId: stored.caseId, reference, event: 'withdrawn', on, actor: 'complainant', now });
}

export interface CaseReport {
  caseId: string;
  reference: string;
  organisation: { id: string; name: string };
  state: EscalationStep['status'];
  rung: RungId | null;
  stage: string | null;
  dueDates: { acknowledgeBy: string | null; decideBy: string | null; extendedTo: string | null; extensionCap: string | null };
  acknowledgedOn: string | null;
  decidedOn: string | null;
  judgement: Judgement | null;
  submissions: { reference: string; rung: string; receivedOn: string }[];
  history: {
    reference: string;
    event: string;
    date: string;
    judgement: Judgement | null;
    motivation: string | null;
    measures: string | null;
    told: string | null;
    extendedTo: string | null;
    note: string | null;
    by: CaseActor;
  }[];
  nextRung: { rung: RungId; title: string; mailbox: string | null; open: boolean } | null;
  /** The current rung's title in the report's language. */
  rungTitle: string | null;
}

/** The case as staff and the organisation page see it; `lang` picks the rung titles. */
export function caseReport(procedure: Procedure, stored: StoredCase, today: string, lang: 'nl' | 'en' = 'nl'): CaseReport {
  const view = readEscalation(procedure, stored.snapshot);
  const c = view.current;
  const step = nextStep(procedure, stored.snapshot, today);
  let next: CaseReport['nextRung'] = null;
  const nextId = step.open ? step.target : view.rung ? nextRungAfter(procedure, view.rung) : undefined;
  if (nextId) {
    const rung = findRung(procedure, nextId);
    if (rung) next = { rung: rung.id, title: rung.title[lang], mailbox: rung.deliverByEmail ? (rung.contact.email ?? null) : null, open: step.open };
  }
  return {
    caseId: stored.caseId,
    reference: stored.latestReference,
    organisation: { id: procedure.id, name: procedure.name },
    state: view.status,
    rung: view.rung ?? null,
    stage: view.stage ?? null,
    dueDates: {
      acknowledgeBy: c?.acknowledgeBy ?? null,
      decideBy: c?.decideBy ?? null,
      extendedTo: c?.extendedTo ?? null,
      extensionCap: c?.extensionCap ?? null,
    },
    acknowledgedOn: c?.acknowledgedOn ?? null,
    decidedOn: c?.decidedOn ?? null,
    judgement: c?.judgement ?? null,
    submissions: stored.submissions.map((s) => ({ reference: s.reference, rung: s.rung, receivedOn: s.receivedOn })),
    history: stored.events.map((e) => ({
      reference: e.reference,
      event: e.event,
      date: e.on,
      judgement: e.judgement,
      motivation: e.motivation,
      measures: e.measures,
      told: e.told,
      extendedTo: e.extendedTo,
      note: e.note,
      by: e.actor,
    })),
    nextRung: next,
    rungTitle: view.rung ? (findRung(procedure, view.rung)?.title[lang] ?? null) : null,
  };
}

/**
 * `status` in the chat: by any reference of the case plus the e-mail address or phone number
 * given with it (as withdrawal checks it, and rate limited per reference the same way). The
 * same `undefined` for a wrong pair, an unknown reference and too many tries. Only dates, steps
 * and the judgement: no complaint text, and none of the organisation's free texts.
 */
export async function caseStatusFor(ctx: DeliveryContext, referenceInput: unknown, contactInput: unknown, lang: 'nl' | 'en'): Promise<CaseStatus | undefined> {
  if (typeof referenceInput !== 'string' || typeof contactInput !== 'string' || contactInput.length > 254) return undefined;
  const reference = normaliseReference(referenceInput);
  if (!REFERENCE_PATTERN.test(reference)) return undefined;
  const found = await limitedLookUp(ctx, reference, followUpLimit(ctx, reference), 'followup.rate_limited');
  if (!found) return undefined;
  const { stored, procedure, now } = found;
  const complaint = (await findByReference(ctx.db, reference))?.complaint;
  if (!complaint || !matchesContact(complaint, contactInput)) return undefined;
  return statusOf(procedure, stored, amsterdamDate(now), lang);
}

/** Status look-ups per staff member per window (`RATE_LIMIT_WINDOW_MINUTES`). */
export const STAFF_LOOKUPS_PER_WINDOW = 60;

/**
 * `status` for staff in Teams of a tenant named in TEAMS_TENANT_IDS: by reference alone (they work
 * for the organisation), the same dates and steps as the complainant sees, never complaint text.
 * Only cases of `staff.organisations` when given (TEAMS_TENANT_ORGANISATIONS). Limited per staff member;
 * `undefined` for an unknown reference, another organisation's case and too many look-ups.
 */
export async function staffCaseStatusFor(ctx: DeliveryContext, referenceInput: unknown, staff: StaffLookup, lang: 'nl' | 'en'): Promise<CaseStatus | undefined> {
  if (typeof referenceInput !== 'string') return undefined;
  const reference = normaliseReference(referenceInput);
  if (!REFERENCE_PATTERN.test(reference)) return undefined;
  const found = await limitedLookUp(ctx, reference, { bucket: `staff_status:${staff.id}`, limit: STAFF_LOOKUPS_PER_WINDOW }, 'followup.staff_rate_limited');
  if (!found) return undefined;
  const { stored, procedure, now } = found;
  if (staff.organisations && !staff.organisations.includes(stored.organisationId)) {
    ctx.logger.warn({ event: 'followup.staff_other_organisation', reference });
    return undefined;
  }
  ctx.logger.info({ event: 'followup.staff_status', reference });
  return statusOf(procedure, stored, amsterdamDate(now), lang);
}

/** The complainant's tries per reference, shared by `status` and `volgende stap`. */
export const followUpLimit = (ctx: DeliveryContext, reference: string): LimitCheck => ({ bucket: `followup:${reference}`, limit: ctx.config.withdrawalsPerReference });

/** A case by reference for a look-up, counted against `limit` first; undefined when over it or unknown. */
export async function limitedLookUp(
  ctx: DeliveryContext,
  reference: string,
  limit: LimitCheck,
  event: string,
): Promise<{ stored: StoredCase; procedure: Procedure; now: Date } | undefined> {
  const now = ctx.clock.now();
  if (await hitLimits(ctx.db, [limit], ctx.config.limits.windowMs, now.getTime())) {
    ctx.logger.warn({ event, reference });
    return undefined;
  }
  const stored = await findCase(ctx.db, reference);
  const procedure = stored && ctx.procedures.get(stored.organisationId);
  return stored && procedure ? { stored, procedure, now } : undefined;
}

function statusOf(procedure: Procedure, stored: StoredCase, today: string, lang: 'nl' | 'en'): CaseStatus {
  const r = caseReport(procedure, stored, today, lang);
  return {
    reference: r.reference,
    organisation: r.organisation,
    state: r.state,
    rung: r.rung,
    rungTitle: r.rungTitle,
    stage: r.stage,
    dueDates: { acknowledgeBy: r.dueDates.acknowledgeBy, decideBy: r.dueDates.decideBy, extendedTo: r.dueDates.extendedTo },
    acknowledgedOn: r.acknowledgedOn,
    decidedOn: r.decidedOn,
    judgement: r.judgement,
    history: r.history.map((h) => ({ reference: h.reference, event: h.event, date: h.date, judgement: h.judgement })),
    nextRung: r.nextRung,
  };
}

export async function loadCaseReport(ctx: CasesContext, referenceInput: string): Promise<CaseReport | undefined> {
  const reference = normaliseReference(referenceInput);
  if (!REFERENCE_PATTERN.test(reference)) return undefined;
  const stored = await findCase(ctx.db, reference);
  const procedure = stored && ctx.procedures.get(stored.organisationId);
  if (!stored || !procedure) return undefined;
  return caseReport(procedure, stored, amsterdamDate(ctx.clock.now()));
}
