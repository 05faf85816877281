import type { Complaint, ComplaintDraft } from '../../domain/complaint/complaint';
import type { ComplaintSender, SubmitContext } from '../../domain/ports';
import type { Procedure } from '../../domain/procedure/schema';
import type { Answers } from './answers';
import type { Assessment } from './assess';
import { buildDraft, type DraftContext } from './buildDraft';

export type SubmitOutcome =
  | { kind: 'sent'; reference: string; complaint: Complaint; duplicate: boolean }
  /**
   * The target rung has no mailbox: nothing goes to the organisation; the person gets the other
   * routes. Delivery may still keep it in the register (then `reference` is set).
   */
  | { kind: 'no_mailbox'; draft: ComplaintDraft; reference?: string }
  | { kind: 'rate_limited' }
  | { kind: 'invalid'; issues: string[] };

/**
 * Send the checked complaint through the send port. The conversation id is the idempotency key,
 * so a second "send" (or a retried request) gets the same reference back.
 */
export async function submitIntake(input: {
  sender: ComplaintSender;
  procedure: Procedure;
  answers: Answers;
  assessment: Assessment;
  context: DraftContext;
  idempotencyKey: string;
  /** Who submits, for the limits. */
  who?: Omit<SubmitContext, 'idempotencyKey'>;
}): Promise<SubmitOutcome> {
  const built = buildDraft(input.procedure, input.answers, input.assessment, input.context);
  if (!built.ok) return { kind: 'invalid', issues: built.issues };
  const noMailbox = !built.draft.addressedTo.email;
  const result = await input.sender.submit(built.draft, { ...input.who, idempotencyKey: input.idempotencyKey });
  if (result.ok) {
    if (noMailbox || result.delivery?.organisation === 'no_mailbox') return { kind: 'no_mailbox', draft: built.draft, reference: result.reference };
    return { kind: 'sent', reference: result.reference, complaint: result.complaint, duplicate: result.duplicate };
  }
  if (result.reason === 'rate_limited') return { kind: 'rate_limited' };
  // A sender that only takes deliverable complaints: the person still gets the other routes.
  if (noMailbox) return { kind: 'no_mailbox', draft: built.draft };
  return { kind: 'invalid', issues: result.issues ?? [] };
}
