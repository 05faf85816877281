import type { Complaint } from '../../domain/complaint/complaint';
import { insertMails, type NewMail } from '../../infra/delivery/outbox';
import { hitLimits } from '../../infra/delivery/rateLimits';
import { normaliseReference, REFERENCE_PATTERN } from '../../infra/delivery/reference';
import { findByReference, markWithdrawn } from '../../infra/delivery/store';
import { renderWithdrawalConfirmation, renderWithdrawalNotice } from '../../infra/mail/renderWithdrawal';
import { withdrawCase } from '../cases/cases';
import { type DeliveryContext, toNewMail } from './context';

/** `+31 6-1234 5678`, `0031612345678` and `06 12345678` are one number. */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[^\d+]/g, '');
  if (compact.startsWith('+31')) return `0${compact.slice(3)}`;
  if (compact.startsWith('0031')) return `0${compact.slice(4)}`;
  return compact.replace(/\+/g, '');
}

/** The e-mail address or phone number given with the complaint (or by the staff member who entered it). */
export function matchesContact(c: Complaint, given: string): boolean {
  const value = given.trim();
  if (value.includes('@')) {
    const email = value.toLowerCase();
    return [c.complainant.email, c.submittedBy?.email].some((e) => e !== undefined && e.toLowerCase() === email);
  }
  const phone = normalisePhone(value);
  return phone.length >= 6 && c.complainant.phone !== undefined && normalisePhone(c.complainant.phone) === phone;
}

/**
 * Withdraws a complaint by its reference plus the e-mail address or phone number given with it.
 * The caller always gets the same answer (nothing), whether the pair matched, did not match, or
 * was already withdrawn, so the answer reveals nothing; only a matching pair writes or mails.
 * Attempts per reference are limited, so a known reference cannot be paired with guessed numbers.
 */
export async function withdrawComplaint(ctx: DeliveryContext, referenceInput: unknown, contactInput: unknown): Promise<void> {
  if (typeof referenceInput !== 'string' || typeof contactInput !== 'string' || contactInput.length > 254) return;
  const reference = normaliseReference(referenceInput);
  if (!REFERENCE_PATTERN.test(reference)) return;
  const now = ctx.clock.now().getTime();

  const limited = await hitLimits(ctx.db, [{ bucket: `withdraw:${reference}`, limit: ctx.config.withdrawalsPerReference }], ctx.config.limits.windowMs, now);
  if (limited) {
    ctx.logger.warn({ event: 'withdrawal.rate_limited', reference });
    return;
  }

  const done = await ctx.db.transaction(async (tx) => {
    const stored = await findByReference(tx, reference);
    const c = stored?.complaint;
    if (!stored || !c || stored.outcome === 'withdrawn' || !matchesContact(c, contactInput)) return false;
    if (!(await markWithdrawn(tx, reference, now))) return false;
    await withdrawCase(tx, ctx.procedures.get(stored.organisationId), reference, now);

    let had: 'informed' | 'not_yet_sent' | 'no_mailbox' = 'no_mailbox';
    let originalMessageId: string | undefined;
    if (stored.mailboxKnown) {
      // A mail to the organisation that never left (still waiting, or given up) is stopped instead.
      const { changes } = await tx.execute(
        `UPDATE delivery_mails SET status = 'cancelled', claimed_by = NULL, claimed_until = NULL
         WHERE reference = ? AND kind = 'organisation' AND status IN ('pending', 'failed')
           AND (claimed_until IS NULL OR claimed_until < ?)`,
        [reference, now],
      );
      const left = await tx.query<{ message_id: string }>(
        `SELECT message_id FROM delivery_mails WHERE reference = ? AND kind = 'organisation' AND status IN ('sent', 'pending')
         ORDER BY created_at`,
        [reference],
      );
      had = changes > 0 && left.length === 0 ? 'not_yet_sent' : 'informed';
      originalMessageId = left[0]?.message_id;
    }

    const mails: NewMail[] = [];
    if (had === 'informed') mails.push(toNewMail(ctx, renderWithdrawalNotice(c, { receivedOn: stored.receivedOn, originalMessageId }), reference, now));
    const confirmation = renderWithdrawalConfirmation(c, had);
    if (confirmation) mails.push(toNewMail(ctx, confirmation, reference, now));
    await insertMails(tx, mails);
    ctx.logger.info({ event: 'complaint.withdrawn', reference, organisationId: stored.organisationId, mailIds: mails.map((m) => m.id) });
    return true;
  });
  if (done) ctx.onQueued?.();
}
