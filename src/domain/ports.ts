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
/** Who submits, for the limits (README: Security, rate limits); only the idempotency key is required. */
export interface SubmitContext {
  idempotencyKey: string;
  /** The client's IP address, on our own Direct Line only. */
  clientAddress?: string;
  /** The conversation, across `opnieuw` (the idempotency key changes with it; this does not). */
  conversationId?: string;
  /** The person on the channel: `channel:from.id`. */
  clientId?: string;
  /** A staff member of an allowed Teams tenant filing for a client. */
  staff?: boolean;
}

export interface ComplaintSender {
  submit(draft: ComplaintDraft, ctx: SubmitContext): Promise<SubmitResult>;
  /** Withdraw by reference plus the e-mail address or phone number given. Same answer either way. */
  withdraw(reference: string, emailOrPhone: string): Promise<void>;
  /** Mail the summary to the complainant so they can send it themselves (no mailbox known). */
  mailSummaryToComplainant?(draft: ComplaintDraft, ctx: { idempotencyKey: string }): Promise<void>;
  /**
   * Where a case stands, for the complainant: by any reference of the case plus the e-mail address
   * or phone number given with it. `undefined` alike for a wrong pair, an unknown reference and too
   * many tries, so the answer reveals nothing. Never complaint text.
   */
  caseStatus?(reference: string, emailOrPhone: string, locale: 'nl' | 'en'): Promise<CaseStatus | undefined>;
  /**
   * `status` for staff in Teams of a tenant named in TEAMS_TENANT_IDS: by reference alone, limited
   * per staff member (`staff.id`), only their organisations' cases when `staff.organisations` is
   * given; the same dates and steps, never complaint text.
   */
  staffCaseStatus?(reference: string, staff: StaffLookup, locale: 'nl' | 'en'): Promise<CaseStatus | undefined>;
  /** `volgende stap`: the same check, then a one-time code to the address on file; `undefined` is the neutral answer. */
  requestFollowUpCode?(reference: string, emailOrPhone: string, locale?: 'nl' | 'en'): Promise<'sent' | { kind: 'no_email'; plan: FollowUpPlan } | undefined>;
  verifyFollowUpCode?(reference: string, code: string, locale: 'nl' | 'en'): Promise<{ ok: true; plan: FollowUpPlan } | { ok: false; reason: 'wrong' | 'locked' }>;
  /** The stored complaint to the next rung, with only the new answers. */
  submitFollowUp?(
    reference: string,
    answers: { priorConversations?: string; whyInsufficient?: string; description?: string },
    ctx: { idempotencyKey: string },
  ): Promise<{ ok: true; reference: string; mailbox: boolean; routes: Contact } | { ok: false }>;
}

/** Where a follow-up would go, once the code was right. */
export type FollowUpPlan =
  | { open: true; target: string; targetTitle: string; mailbox: boolean; routes: Contact; asks: ('prior_conversations' | 'why_insufficient')[] }
  | { open: false; exhausted: boolean };

/** A case as the complainant may see it (`status` in the chat): dates and steps, no complaint text. */
/** A staff member looking a case up by reference alone (Teams, a listed tenant). */
export interface StaffLookup {
  /** Who, for the rate limit: the Entra object id. */
  id: string;
  /** Whose cases they may see (TEAMS_TENANT_ORGANISATIONS); any organisation's when absent. */
  organisations?: readonly string[];
}

export interface CaseStatus {
  reference: string;
  organisation: { id: string; name: string };
  /** `active`, or how it ended: `resolved`, `withdrawn`, `referred`, `exhausted`. */
  state: string;
  rung: string | null;
  rungTitle: string | null;
  /** `open`, `awaitingAnswer` or `decided` while active. */
  stage: string | null;
  dueDates: { acknowledgeBy: string | null; decideBy: string | null; extendedTo: string | null };
  acknowledgedOn: string | null;
  decidedOn: string | null;
  judgement: string | null;
  history: { reference: string; event: string; date: string; judgement: string | null }[];
  nextRung: { rung: string; title: string; mailbox: string | null; open: boolean } | null;
}

/**
 * Counts a conversation that ended without a complaint sent (a referral, a stop), for the yearly
 * report: organisation, reason and month only, never who or what.
 */
export interface NotSentCounter {
  count(organisationId: string, reason: NotSentReason, at: Date): Promise<void>;
}
