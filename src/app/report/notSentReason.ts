import type { NotSentReason } from '../../domain/report/report';

/**
 * Why a conversation ended without a complaint sent, from the step it ended at: out of scope gives
 * the scope answer (bezwaar, compensation, …), the other endings their own reason.
 */
export function notSentReason(step: string | undefined, scope: string | undefined): NotSentReason {
  switch (step) {
    case 'scope':
    case 'decision_date':
    case 'scope_go_on':
      return scope === 'municipal_decision' || scope === 'compensation' || scope === 'prosecution' || scope === 'already_handled' ? scope : 'other';
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
