import { chatLink } from '../../config/publicUrl';
import { createHash, randomInt } from 'node:crypto';
import { CaseHistoryEntry, Complaint } from '../../domain/complaint/complaint';
import { amsterdamDate } from '../../domain/deadlines/calendar';
import type { Deadlines } from '../../domain/deadlines/deadlines';
import { advanceEscalation, nextStep, readEscalation } from '../../domain/escalation/machine';
import type { Contact, RungId } from '../../domain/procedure/schema';
import { deadlinesFor } from '../../domain/rules/deadlinesFor';
import { findRung } from '../../domain/rules/routing';
import { addSubmission, appendEvent, findCase, saveSnapshot, type StoredCase } from '../../infra/cases/caseStore';
import type { SqlRunner } from '../../infra/db/db';
import { amsterdamIsoInstant } from '../../infra/delivery/instant';
import { insertMails, type NewMail } from '../../infra/delivery/outbox';
import { newReference, normaliseReference, REFERENCE_PATTERN } from '../../infra/delivery/reference';
import { findByReference, storeSubmission } from '../../infra/delivery/store';
import { renderComplaintMail } from '../../infra/mail/renderComplaintMail';
import { renderFollowUpCode } from '../../infra/mail/renderFollowUpCode';
import { complainantAddress, otherRoutes, renderReceipt } from '../../infra/mail/renderReceipt';
import { renderSummary } from '../../infra/mail/renderSummary';
import { type DeliveryContext, toNewMail } from '../delivery/context';
import { matchesContact } from '../delivery/withdraw';
import { deliveredDeadlines, followUpLimit, limitedLookUp } from './cases';

const CODE_MS = 15 * 60_000;
const CODE_TRIES = 5;
const hash = (caseId: string, code: string) => createHash('sha256').update(`${caseId}.${code}`).digest('hex');

async function checkedCase(ctx: DeliveryContext, referenceInput: unknown, contactInput: unknown) {
  if (typeof referenceInput !== 'string' || typeof contactInput !== 'string' || contactInput.length > 254) return undefined;
  const reference = normaliseReference(referenceInput);
  if (!REFERENCE_PATTERN.test(reference)) return undefined;
  // The same counter and look-up as `status` (caseStatusFor): together they allow the same tries.
  const found = await limitedLookUp(ctx, reference, followUpLimit(ctx, reference), 'followup.rate_limited');
  if (!found) return undefined;
  const { stored } = found;
  const latest = await findByReference(ctx.db, stored.latestReference);
  const own = await findByReference(ctx.db, reference);
  if (!latest?.complaint || !own?.complaint || !matchesContact(own.complaint, contactInput)) return undefined;
  return { stored, complaint: latest.complaint };
}

/**
 * `volgende stap`, first half: the same check as `status`, then a one-time code (six digits,
 * 15 minutes, 5 tries) to the e-mail address on file, before anything stored is shown.
 * `undefined` is the neutral answer. When the pair matched but no address is on file, no code:
 * the plan, and the dialog asks the story again instead of showing it (`retell` on submit).
 */
export async function requestFollowUpCode(
  ctx: DeliveryContext,
  reference: unknown,
  contact: unknown,
  lang: 'nl' | 'en' = 'nl',
): Promise<'sent' | { kind: 'no_email'; plan: FollowUpPlan } | undefined> {
  const found = await checkedCase(ctx, reference, contact);
  if (!found) return undefined;
  const to = complainantAddress(found.complaint);
  if (!to) {
    ctx.logger.info({ event: 'followup.no_email', reference: found.stored.latestReference });
    return { kind: 'no_email', plan: planFor(ctx, found.stored, lang) };
  }
  const now = ctx.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const caseId = found.stored.caseId;
  await ctx.db.transaction(async (tx) => {
    await tx.execute('DELETE FROM case_followup_codes WHERE case_id = ?', [caseId]);
    await tx.execute('INSERT INTO case_followup_codes (case_id, code_hash, expires_at, tries_left) VALUES (?, ?, ?, ?)', [
      caseId,
      hash(caseId, code),
      now.getTime() + CODE_MS,
      CODE_TRIES,
    ]);
    await insertMails(tx, [toNewMail(ctx, renderFollowUpCode(found.complaint, to, code, new Date(now.getTime() + CODE_MS)), found.stored.latestReference, now.getTime())]);
  });
  ctx.logger.info({ event: 'followup.code_sent', reference: found.stored.latestReference });
  ctx.onQueued?.();
  return 'sent';
}

export type FollowUpPlan =
  | { open: true; target: RungId; targetTitle: string; mailbox: boolean; routes: Contact; asks: ('prior_conversations' | 'why_insufficient')[] }
  | { open: false; exhausted: boolean };

function planFor(ctx: DeliveryContext, stored: StoredCase, lang: 'nl' | 'en'): FollowUpPlan {
  const procedure = ctx.procedures.get(stored.organisationId)!;
  const step = nextStep(procedure, stored.snapshot, amsterdamDate(ctx.clock.now()));
  if (!step.open) return { open: false, exhausted: Boolean(step.exhausted) };
  const rung = findRung(procedure, step.target)!;
  return {
    open: true,
    target: rung.id,
    targetTitle: rung.title[lang],
    mailbox: Boolean(rung.deliverByEmail && rung.contact.email),
    routes: otherRoutes(procedure, rung.id),
    asks: [...(rung.needs.includes('prior_conversations') ? (['prior_conversations'] as const) : []), 'why_insufficient'],
  };
}

/** The code from the mail: right (once), wrong (tries left), or locked (no tries left, run out, or none asked). */
export async function verifyFollowUpCode(
  ctx: DeliveryContext,
  referenceInput: string,
  code: string,
  lang: 'nl' | 'en',
): Promise<{ ok: true; plan: FollowUpPlan } | { ok: false; reason: 'wrong' | 'locked' }> {
  const stored = await findCase(ctx.db, normaliseReference(referenceInput));
  if (!stored) return { ok: false, reason: 'locked' };
  const now = ctx.clock.now().getTime();
  const result = await ctx.db.transaction(async (tx): Promise<'ok' | 'wrong' | 'locked'> => {
    const rows = await tx.query<{ code_hash: string; expires_at: number; tries_left: number }>(
      `SELECT code_hash, expires_at, tries_left FROM case_followup_codes WHERE case_id = ?${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
      [stored.caseId],
    );
    const row = rows[0];
    if (!row || Number(row.expires_at) < now || Number(row.tries_left) <= 0) return 'locked';
    if (/^\d{6}$/.test(code.trim()) && hash(stored.caseId, code.trim()) === row.code_hash) {
      await tx.execute('DELETE FROM case_followup_codes WHERE case_id = ?', [stored.caseId]);
      return 'ok';
    }
    await tx.execute('UPDATE case_followup_codes SET tries_left = tries_left - 1 WHERE case_id = ?', [stored.caseId]);
    return Number(row.tries_left) - 1 > 0 ? 'wrong' : 'locked';
  });
  if (result !== 'ok') return { ok: false, reason: result };
  return { ok: true, plan: planFor(ctx, stored, lang) };
}

export interface FollowUpAnswers {
  priorConversations?: string;
  whyInsufficient?: string;
  /** The story told again (no e-mail address on file, so the stored one was not shown); replaces `event.description`. */
  description?: string;
}

function historyOf(stored: StoredCase, climbOutcome: CaseHistoryEntry['outcome'] | undefined): CaseHistoryEntry[] {
  return stored.submissions.map((s, i) => {
    const events = stored.events.filter((e) => e.reference === s.reference);
    const last = (name: string) => [...events].reverse().find((e) => e.event === name);
    const ended = [...events].reverse().find((e) => ['resolved', 'not_resolved', 'no_answer_in_time', 'not_handled', 'withdrawn'].includes(e.event));
    const isLatest = i === stored.submissions.length - 1;
    const outcome = (ended?.event as CaseHistoryEntry['outcome'] | undefined) ?? (isLatest ? climbOutcome : undefined) ?? 'pending';
    return {
      rung: s.rung as RungId,
      reference: s.reference,
      submittedAt: amsterdamIsoInstant(new Date(s.submittedAt)),
      acknowledgedOn: last('acknowledged')?.on ?? null,
      decidedOn: last('decided')?.on ?? null,
      judgement: last('decided')?.judgement ?? null,
      outcome,
    };
  });
}

/**
 * `volgende stap`, second half: the stored complaint goes to the next rung with only what is new
 * (the conversations held, why the outcome fell short), as its own submission with its own
 * reference, `previousReference` and `history`, in one transaction with the case's climb.
 */
export async function submitFollowUp(
  ctx: DeliveryContext,
  referenceInput: string,
  answers: FollowUpAnswers,
  meta: { idempotencyKey: string },
): Promise<{ ok: true; reference: string; mailbox: boolean; routes: Contact } | { ok: false }> {
  const first = await findCase(ctx.db, normaliseReference(referenceInput));
  const procedure = first && ctx.procedures.get(first.organisationId);
  if (!first || !procedure) return { ok: false };
  const latest = (await findByReference(ctx.db, first.latestReference))?.complaint;
  if (!latest) return { ok: false };
  const now = ctx.clock.now();
  const today = amsterdamDate(now);
  const step = nextStep(procedure, first.snapshot, today);
  if (!step.open) return { ok: false };
  const rung = findRung(procedure, step.target)!;
  const mailbox = rung.deliverByEmail ? rung.contact.email : undefined;
  const deadlines: Deadlines = mailbox ? deadlinesFor(procedure, rung, today, ctx.config.extraDaysOff) : {};
  const climbOutcome = step.event ? (step.event.type === 'NOT_RESOLVED' ? 'not_resolved' : 'no_answer_in_time') : undefined;

  for (let attempt = 0; attempt < 5; attempt++) {
    const complaint = Complaint.parse({
      ...latest,
      reference: newReference(today.slice(0, 4)),
      addressedTo: { rung: rung.id, ...(mailbox ? { email: mailbox } : {}) },
      submittedAt: amsterdamIsoInstant(now),
      deadlines: {
        ...(deadlines.acknowledgeBy ? { acknowledgeBy: deadlines.acknowledgeBy } : {}),
        ...(deadlines.decideBy ? { decideBy: deadlines.decideBy } : {}),
      },
      ...(answers.priorConversations ? { priorConversations: answers.priorConversations } : {}),
      ...(answers.whyInsufficient ? { whyOutcomeInsufficient: answers.whyInsufficient } : {}),
      ...(answers.description ? { event: { ...latest.event, description: answers.description } } : {}),
      previousReference: first.latestReference,
      history: historyOf(first, climbOutcome),
    });
    const organisationLink = mailbox ? await ctx.links?.link(complaint.reference, now.getTime()) : undefined;
    const view = { complaint, procedure, receivedOn: today, deadlines, ...(organisationLink ? { organisationLink } : {}) };
    const mails: NewMail[] = [];
    if (mailbox) mails.push(toNewMail(ctx, renderComplaintMail(view), complaint.reference, now.getTime()));
    const receipt = renderReceipt({ complaint, procedure, deadlines, chatLink: chatLink(ctx.config.publicUrl, procedure.id, complaint.locale) });
    if (receipt) mails.push(toNewMail(ctx, receipt, complaint.reference, now.getTime()));
    // Where the next rung takes no e-mail, the complainant gets the summary to take along.
    const summary = mailbox ? undefined : renderSummary(view);
    if (summary) mails.push(toNewMail(ctx, summary, complaint.reference, now.getTime()));

    const stored = await storeSubmission(ctx.db, {
      complaint,
      idempotencyKey: meta.idempotencyKey,
      receivedOn: today,
      mailboxKnown: Boolean(mailbox),
      mails,
      limits: [],
      windowMs: ctx.config.limits.windowMs,
      now: now.getTime(),
      inTransaction: (tx) => climbInTransaction(tx, ctx, { reference: complaint.reference, previous: first.latestReference, rung: rung.id, today, deadlines, delivered: Boolean(mailbox), now: now.getTime() }),
    });
    if (stored.kind === 'reference_taken') continue;
    if (stored.kind === 'duplicate') return { ok: true, reference: stored.existing.reference, mailbox: stored.existing.mailboxKnown, routes: otherRoutes(procedure, rung.id) };
    if (stored.kind === 'rate_limited') return { ok: false };
    ctx.logger.info({ event: 'followup.stored', reference: complaint.reference, previousReference: first.latestReference, rung: rung.id });
    ctx.onQueued?.();
    return { ok: true, reference: complaint.reference, mailbox: Boolean(mailbox), routes: otherRoutes(procedure, rung.id) };
  }
  throw new Error('no free reference after 5 attempts');
}

async function climbInTransaction(
  tx: SqlRunner,
  ctx: DeliveryContext,
  x: { reference: string; previous: string; rung: RungId; today: string; deadlines: Deadlines; delivered: boolean; now: number },
): Promise<void> {
  const stored = await findCase(tx, x.previous, { forUpdate: true });
  const procedure = stored && ctx.procedures.get(stored.organisationId);
  if (!stored || !procedure || stored.latestReference !== x.previous) throw new Error('the case moved on meanwhile');
  const step = nextStep(procedure, stored.snapshot, x.today);
  if (!step.open || step.target !== x.rung) throw new Error('the next step is no longer open');
  let snapshot: unknown = stored.snapshot;
  if (step.event) {
    const climbed = advanceEscalation(procedure, snapshot, step.event);
    snapshot = climbed.snapshot;
    await appendEvent(tx, { caseId: stored.caseId, reference: x.previous, event: step.event.type === 'NOT_RESOLVED' ? 'not_resolved' : 'no_answer_in_time', on: x.today, actor: 'complainant', now: x.now });
  }
  const final = x.delivered
    ? advanceEscalation(procedure, snapshot, { type: 'DELIVERED', on: x.today, deadlines: deliveredDeadlines(x.deadlines) })
    : readEscalation(procedure, snapshot);
  if (!(await saveSnapshot(tx, { caseId: stored.caseId, version: stored.version, step: final, now: x.now }))) throw new Error('the case changed meanwhile');
  await addSubmission(tx, { caseId: stored.caseId, reference: x.reference, rung: x.rung, receivedOn: x.today, now: x.now });
  await appendEvent(tx, { caseId: stored.caseId, reference: x.reference, event: 'submitted', on: x.today, actor: 'complainant', now: x.now });
}
