import { chatLink } from '../../config/publicUrl';
import { z } from 'zod';
import { Complaint, COMPLAINT_SCHEMA_VERSION, ComplaintDraft } from '../../domain/complaint/complaint';
import { amsterdamDate } from '../../domain/deadlines/calendar';
import type { Deadlines } from '../../domain/deadlines/deadlines';
import type { DeliveryOutcome, SubmitResult } from '../../domain/ports';
import type { Procedure, Rung } from '../../domain/procedure/schema';
import { deadlinesFor } from '../../domain/rules/deadlinesFor';
import { findRung } from '../../domain/rules/routing';
import { amsterdamIsoInstant } from '../../infra/delivery/instant';
import type { NewMail } from '../../infra/delivery/outbox';
import type { LimitCheck } from '../../infra/delivery/rateLimits';
import { newReference } from '../../infra/delivery/reference';
import { storeSubmission, type StoredComplaint } from '../../infra/delivery/store';
import { renderComplaintMail } from '../../infra/mail/renderComplaintMail';
import { complainantAddress, otherRoutes, renderReceipt } from '../../infra/mail/renderReceipt';
import { caseStartStatements } from '../cases/cases';
import { type DeliveryContext, toNewMail } from './context';

export const SubmitMeta = z.object({
  idempotencyKey: z.string().trim().min(1).max(200),
  clientAddress: z.string().trim().min(1).max(100).optional(),
  conversationId: z.string().trim().min(1).max(600).optional(),
  clientId: z.string().trim().min(1).max(600).optional(),
  staff: z.boolean().optional(),
});

/** Issues as paths and messages only: the values may be personal data. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

interface Target {
  procedure: Procedure;
  rung: Rung;
  /** From the procedure data (with the deployment's overrides), never from the chat. */
  mailbox?: string;
}

function targetOf(ctx: DeliveryContext, draft: ComplaintDraft): Target | string[] {
  const procedure = ctx.procedures.get(draft.organisation.id);
  if (!procedure) return ['organisation.id: unknown organisation'];
  const rung = findRung(procedure, draft.addressedTo.rung);
  if (!rung) return ['addressedTo.rung: this organisation has no such step'];
  return { procedure, rung, mailbox: rung.deliverByEmail ? rung.contact.email : undefined };
}

export function outcomeOf(complaint: Complaint, procedure: Procedure | undefined, mailboxKnown: boolean): DeliveryOutcome {
  return {
    organisation: mailboxKnown ? 'queued' : 'no_mailbox',
    receipt: complainantAddress(complaint) !== undefined,
    otherRoutes: procedure ? otherRoutes(procedure, complaint.addressedTo.rung) : {},
  };
}

function duplicateResult(ctx: DeliveryContext, existing: StoredComplaint): SubmitResult {
  // A conversation that comes back after retention has nothing left to return.
  if (!existing.complaint) return { ok: false, reason: 'invalid', issues: ['idempotencyKey: this conversation already ended'] };
  const procedure = ctx.procedures.get(existing.organisationId);
  return {
    ok: true,
    reference: existing.reference,
    complaint: existing.complaint,
    duplicate: true,
    delivery: outcomeOf(existing.complaint, procedure, existing.mailboxKnown),
  };
}

/**
 * Submit: check the draft, find the mailbox in the procedure, give the complaint a reference,
 * and store it together with its mails in one transaction, before the bot says "received". The
 * same idempotency key (the conversation id) returns the first reference and queues nothing new:
 * the transaction finds it (no look-up before, which would cost every first submission a round
 * trip). A caller that expects a stored one looks it up itself first (mailSummary).
 */
export async function submitComplaint(ctx: DeliveryContext, input: unknown, metaInput: unknown): Promise<SubmitResult> {
  const meta = SubmitMeta.safeParse(metaInput);
  if (!meta.success) return { ok: false, reason: 'invalid', issues: issuesOf(meta.error) };
  const { idempotencyKey, clientAddress, conversationId, clientId, staff } = meta.data;

  const parsed = ComplaintDraft.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: issuesOf(parsed.error) };
  const draft = parsed.data;
  const target = targetOf(ctx, draft);
  if (Array.isArray(target)) return { ok: false, reason: 'invalid', issues: target };
  if (draft.addressedTo.email && draft.addressedTo.email !== target.mailbox) {
    ctx.logger.warn({ event: 'delivery.mailbox_from_procedure', organisationId: target.procedure.id, rung: target.rung.id });
  }

  const now = ctx.clock.now();
  const receivedOn = amsterdamDate(now);
  // The organisation's terms start when it receives the complaint; without a mailbox that is later.
  // The terms of the handling the complaint actually gets: a complaint about a leidinggevende
  // that goes to the directie keeps 004 §4b-4d's terms.
  const how = { about: draft.about, highestTried: draft.priorSteps[0]?.rung ?? ('none' as const) };
  const deadlines: Deadlines = target.mailbox ? deadlinesFor(target.procedure, target.rung, receivedOn, ctx.config.extraDaysOff, how) : {};
  const limits: LimitCheck[] = [
    // The conversation, not the intake: `opnieuw` must not reset it.
    { bucket: `conversation:${conversationId ?? idempotencyKey}`, limit: ctx.config.limits.perConversation },
    ...(clientAddress ? [{ bucket: `address:${clientAddress}`, limit: ctx.config.limits.perAddress }] : []),
    ...(clientId ? [{ bucket: `${staff ? 'staff' : 'client'}:${clientId}`, limit: staff ? ctx.config.limits.perStaff : ctx.config.limits.perClient }] : []),
  ];
  const receiptTo = (draft.complainant.email ?? draft.submittedBy?.email)?.toLowerCase();
  const recipientLimits: LimitCheck[] = receiptTo ? [{ bucket: `recipient:${receiptTo}`, limit: ctx.config.limits.perRecipient }] : [];

  for (let attempt = 0; attempt < 5; attempt++) {
    const complaint = Complaint.parse({
      schemaVersion: COMPLAINT_SCHEMA_VERSION,
      ...draft,
      reference: newReference(receivedOn.slice(0, 4)),
      organisation: { id: target.procedure.id, name: target.procedure.name },
      addressedTo: { rung: target.rung.id, ...(target.mailbox ? { email: target.mailbox } : {}) },
      submittedAt: amsterdamIsoInstant(now),
      deadlines: {
        ...(deadlines.acknowledgeBy ? { acknowledgeBy: deadlines.acknowledgeBy } : {}),
        ...(deadlines.decideBy ? { decideBy: deadlines.decideBy } : {}),
        ...(deadlines.nonHandlingNoticeBy ? { notHandledNoticeBy: deadlines.nonHandlingNoticeBy } : {}),
      },
    });
    const organisationLink = target.mailbox ? await ctx.links?.link(complaint.reference, now.getTime()) : undefined;
    const view = { complaint, procedure: target.procedure, receivedOn, deadlines, ...(organisationLink ? { organisationLink } : {}) };
    const mails: NewMail[] = [];
    if (target.mailbox) mails.push(toNewMail(ctx, renderComplaintMail(view), complaint.reference, now.getTime()));
    const receipt = renderReceipt({ complaint, procedure: target.procedure, deadlines, chatLink: chatLink(ctx.config.publicUrl, target.procedure.id, complaint.locale) });
    if (receipt) mails.push(toNewMail(ctx, receipt, complaint.reference, now.getTime()));

    const stored = await storeSubmission(ctx.db, {
      complaint,
      idempotencyKey,
      receivedOn,
      mailboxKnown: Boolean(target.mailbox),
      mails,
      limits,
      recipientLimits,
      windowMs: ctx.config.limits.windowMs,
      now: now.getTime(),
      alongside: caseStartStatements({
        procedure: target.procedure,
        reference: complaint.reference,
        rung: target.rung.id,
        receivedOn,
        deadlines,
        delivered: Boolean(target.mailbox),
        now: now.getTime(),
      }),
    });
    switch (stored.kind) {
      case 'duplicate':
        return duplicateResult(ctx, stored.existing);
      case 'rate_limited':
        ctx.logger.warn({ event: 'complaint.rate_limited', organisationId: target.procedure.id });
        return { ok: false, reason: 'rate_limited' };
      case 'reference_taken':
        continue;
      case 'stored':
        ctx.logger.info({
          event: 'complaint.stored',
          reference: complaint.reference,
          organisationId: target.procedure.id,
          rung: target.rung.id,
          mailIds: mails.map((m) => m.id),
        });
        ctx.onQueued?.();
        return {
          ok: true,
          reference: complaint.reference,
          complaint,
          duplicate: false,
          delivery: outcomeOf(complaint, target.procedure, Boolean(target.mailbox)),
        };
    }
  }
  throw new Error('no free reference after 5 attempts');
}
