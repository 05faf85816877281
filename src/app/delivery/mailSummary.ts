import type { ComplaintDraft } from '../../domain/complaint/complaint';
import type { SqlRunner } from '../../infra/db/db';
import { insertMailsStatements } from '../../infra/delivery/outbox';
import { hitStatement } from '../../infra/delivery/rateLimits';
import { findByIdempotencyKey } from '../../infra/delivery/store';
import { renderSummary } from '../../infra/mail/renderSummary';
import { type DeliveryContext, toNewMail } from './context';
import { submitComplaint } from './submitComplaint';

class Limited extends Error {
  constructor(readonly reference: string) {
    super('limited');
  }
}

type Queued =
  | { kind: 'queued'; reference: string; organisationId: string }
  | { kind: 'limited'; reference: string }
  | { kind: 'not_stored' | 'gone' | 'no_address' };

/**
 * Mails the complainant their own complaint so they can send it on themselves (used when no
 * mailbox is known). It is the one mail that carries what was typed in the chat; see
 * renderSummary for why that is acceptable. The complaint is (or already was) stored in the
 * register under the same idempotency key, so the summary carries its reference.
 */
export async function mailSummary(ctx: DeliveryContext, draft: ComplaintDraft, meta: { idempotencyKey: string }): Promise<void> {
  // Normally the conversation stored its complaint a turn ago; otherwise store it first.
  let queued = await queueSummary(ctx, meta.idempotencyKey);
  if (queued.kind === 'not_stored') {
    const submitted = await submitComplaint(ctx, draft, { idempotencyKey: meta.idempotencyKey });
    if (!submitted.ok) {
      ctx.logger.warn({ event: 'summary.not_sent', reason: submitted.reason });
      return;
    }
    queued = await queueSummary(ctx, meta.idempotencyKey);
  }
  switch (queued.kind) {
    case 'queued':
      ctx.logger.info({ event: 'summary.queued', reference: queued.reference, organisationId: queued.organisationId });
      ctx.onQueued?.();
      return;
    case 'limited':
      ctx.logger.warn({ event: 'summary.rate_limited', reference: queued.reference });
      return;
    case 'gone':
      // A conversation that comes back after retention has nothing left to send.
      ctx.logger.warn({ event: 'summary.not_sent', reason: 'invalid' });
      return;
  }
}

/**
 * Reads the stored complaint and queues its summary in one transaction: one connection from the
 * pool, which under load costs more than the statements themselves, and on PostgreSQL four round
 * trips (BEGIN, the read, the mail with the counters, COMMIT). The limits are counted last, so
 * shared counters stay locked only briefly, and a refused summary rolls its hits back.
 */
async function queueSummary(ctx: DeliveryContext, idempotencyKey: string): Promise<Queued> {
  const now = ctx.clock.now().getTime();
  try {
    return await ctx.db.transaction(async (tx: SqlRunner): Promise<Queued> => {
      const known = await findByIdempotencyKey(tx, idempotencyKey);
      if (!known) return { kind: 'not_stored' };
      const c = known.complaint;
      const procedure = ctx.procedures.get(known.organisationId);
      if (!c || !procedure) return { kind: 'gone' };
      const summary = renderSummary({ complaint: c, procedure, receivedOn: c.submittedAt.slice(0, 10), deadlines: {} });
      if (!summary) return { kind: 'no_address' };
      const hits = hitStatement(
        [
          { bucket: `summary-conversation:${idempotencyKey}`, limit: ctx.config.limits.perConversation },
          { bucket: `recipient:${summary.message.to[0].address.toLowerCase()}`, limit: ctx.config.limits.perRecipient },
        ],
        ctx.config.limits.windowMs,
        now,
      )!;
      // The summary and the counters in one statement (one round trip on PostgreSQL).
      const over = hits.over(await tx.executeAll([...insertMailsStatements([toNewMail(ctx, summary, c.reference, now)]), hits.statement])).some(Boolean);
      if (over) throw new Limited(c.reference);
      return { kind: 'queued', reference: c.reference, organisationId: c.organisation.id };
    });
  } catch (err) {
    if (err instanceof Limited) return { kind: 'limited', reference: err.reference };
    throw err;
  }
}
