import type { ComplaintDraft } from '../../domain/complaint/complaint';
import { insertMails } from '../../infra/delivery/outbox';
import { hitLimits } from '../../infra/delivery/rateLimits';
import { findByIdempotencyKey } from '../../infra/delivery/store';
import { renderSummary } from '../../infra/mail/renderSummary';
import { type DeliveryContext, toNewMail } from './context';
import { duplicateResult, submitComplaint } from './submitComplaint';

class Limited extends Error {}

/**
 * Mails the complainant their own complaint so they can send it on themselves (used when no
 * mailbox is known). It is the one mail that carries what was typed in the chat; see
 * renderSummary for why that is acceptable. The complaint is (or already was) stored in the
 * register under the same idempotency key, so the summary carries its reference.
 */
export async function mailSummary(ctx: DeliveryContext, draft: ComplaintDraft, meta: { idempotencyKey: string }): Promise<void> {
  // Normally the conversation sent its complaint a turn ago: read it rather than submit again.
  const known = await findByIdempotencyKey(ctx.db, meta.idempotencyKey);
  const submitted = known ? duplicateResult(ctx, known) : await submitComplaint(ctx, draft, { idempotencyKey: meta.idempotencyKey });
  if (!submitted.ok) {
    ctx.logger.warn({ event: 'summary.not_sent', reason: submitted.reason });
    return;
  }
  const c = submitted.complaint;
  const procedure = ctx.procedures.get(c.organisation.id);
  if (!procedure) return;
  const stored = renderSummary({ complaint: c, procedure, receivedOn: c.submittedAt.slice(0, 10), deadlines: {} });
  if (!stored) return;
  const now = ctx.clock.now().getTime();
  const recipient = stored.message.to[0].address.toLowerCase();
  try {
    await ctx.db.transaction(async (tx) => {
      const over = await hitLimits(
        tx,
        [
          { bucket: `summary-conversation:${meta.idempotencyKey}`, limit: ctx.config.limits.perConversation },
          { bucket: `recipient:${recipient}`, limit: ctx.config.limits.perRecipient },
        ],
        ctx.config.limits.windowMs,
        now,
      );
      if (over) throw new Limited();
      await insertMails(tx, [toNewMail(ctx, stored, c.reference, now)]);
    });
  } catch (err) {
    if (!(err instanceof Limited)) throw err;
    ctx.logger.warn({ event: 'summary.rate_limited', reference: c.reference });
    return;
  }
  ctx.logger.info({ event: 'summary.queued', reference: c.reference, organisationId: c.organisation.id });
  ctx.onQueued?.();
}
