import { NOT_SENT_REASONS, type NotSentReason } from '../../domain/report/report';

const known = (value: string | undefined): value is NotSentReason => (NOT_SENT_REASONS as readonly string[]).includes(value ?? '');

/**
 * Why a conversation ended without a complaint sent, from the step it ended at: out of scope gives
 * the scope answer (bezwaar, a court, an outside body, …), a person outside the regeling the `about`
 * answer, the other endings their own reason.
 */
export function notSentReason(step: string | undefined, answers: { scope?: string; about?: string }): NotSentReason {
  switch (step) {
    case 'scope':
    case 'decision_date':
    case 'scope_go_on':
      return known(answers.scope) ? answers.scope : 'other';
    case 'about':
      return known(answers.about) ? answers.about : 'other';
    case 'ladder':
      return 'ladder_exhausted';
    case 'ladder_none':
      return 'talk_first';
    case 'minor_help':
      return 'vertrouwenspersoon';
    case 'anonymous':
      return 'anonymous';
    case 'no_consent':
      return 'no_consent';
    case 'confirm':
      return 'cancelled';
    default:
      return 'other';
  }
}
