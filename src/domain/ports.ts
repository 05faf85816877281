import type { Complaint, ComplaintDraft } from './complaint/complaint';
import type { Contact, Procedure } from './procedure/schema';
import type { NotSentReason } from './report/report';

/** The only way the domain learns the time. Tests inject a fixed clock. */
export interface Clock {
  now(): Date;
}

/** The procedures a deployment offers, with its overrides applied and validated. */
export interface ProcedureRepository {
  get(id: string): Procedure | undefined;
  list(): Procedure[];
}

/** What delivery did with a stored complaint, so the bot can say it plainly. */
export interface DeliveryOutcome {
  /** `queued`: the mail to the organisation is in the outbox; `no_mailbox`: no mailbox is known, nothing goes to them. */
  organisation: 'queued' | 'no_mailbox';
  /** A receipt is on its way (false when no e-mail address was given). */
  receipt: boolean;
  /** The rung's and the organisation's other routes (post, phone, website, e-mail), for the no-mailbox answer. */
  otherRoutes: Contact;
}

export type SubmitResult =
  | { ok: true; reference: string; complaint: Complaint; duplicate: boolean; delivery?: DeliveryOutcome }
  | { ok: false; reason: 'rate_limited' | 'invalid'; issues?: string[] };

/**
 * The send port: the conversation hands over a checked draft; delivery stores it durably with
 * its mails (in one transaction) before it answers, so a returned reference is never lost.
 * `idempotencyKey` (the conversation id) makes a second send return the same reference.
 */
export interface ComplaintSender {
  submit(draft: ComplaintDraft, ctx: { idempotencyKey: string; clientAddress?: string }): Promise<SubmitResult>;
  /** Withdraw by reference plus the e-mail address or phone number given. Same answer either way. */
  withdraw(reference: string, emailOrPhone: string): Promise<void>;
  /** Mail the summary to the complainant so they can send it themselves (no mailbox known). */
  mailSummaryToComplainant?(draft: ComplaintDraft, ctx: { idempotencyKey: string }): Promise<void>;
}

/**
 * Counts a conversation that ended without a complaint sent (a referral, a stop), for the yearly
 * report: organisation, reason and month only, never who or what.
 */
export interface NotSentCounter {
  count(organisationId: string, reason: NotSentReason, at: Date): Promise<void>;
}
