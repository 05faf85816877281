import { bezwaarDeadline, statutoryCalendar, type CalendarOptions } from '../deadlines/deadlines';
import type { Exclusion, ExclusionId, Procedure, Referral, ReferralId } from '../procedure/schema';

/** The answers to "what is it about?" (step `scope`). */
export const SCOPE_ANSWERS = ['conduct_or_service', 'municipal_decision', 'compensation', 'prosecution', 'already_handled'] as const;
export type ScopeAnswer = (typeof SCOPE_ANSWERS)[number] | 'before_court' | 'with_external_body' | 'separate_external_procedure';

export type ScopeCheck =
  | { inScope: true }
  | {
      inScope: false;
      exclusion: ExclusionId;
      referral: ReferralId;
      reasonKey: `out_of_scope.${ExclusionId}`;
      /** The procedure's own exclusion, where it has one (else the general rule applies). */
      procedureExclusion?: Exclusion;
      /**
       * The procedure says the organisation *may* decline this (effect `may_decline`), not that it
       * never handles it: the person hears the referral and may still go on with a complaint.
       */
      mayGoOn: boolean;
      /** The referral's details, where the procedure names that body. */
      referralDetails?: Referral;
      /** Municipal decision: the last day to lodge bezwaar, and whether it has passed. */
      bezwaar?: { lastDay: string; passed: boolean };
    };

/** General referrals where a procedure is silent: what Dutch law says applies anyway. */
const GENERAL: Record<Exclude<ScopeAnswer, 'conduct_or_service'>, { exclusion: ExclusionId; referral: ReferralId }> = {
  municipal_decision: { exclusion: 'municipal_decision', referral: 'bezwaar_municipality' },
  compensation: { exclusion: 'compensation', referral: 'court' },
  prosecution: { exclusion: 'prosecution', referral: 'police' },
  already_handled: { exclusion: 'already_handled', referral: 'organisation_instead' },
  before_court: { exclusion: 'before_court', referral: 'court' },
  with_external_body: { exclusion: 'with_external_body', referral: 'external_procedure' },
  separate_external_procedure: { exclusion: 'separate_external_procedure', referral: 'external_procedure' },
};

/**
 * Is this a complaint for this procedure at all? Out of scope gets a referral and no mail.
 * A municipal decision is bezwaar (Awb art. 6:7): six weeks from the day after it was made known,
 * a statutory term, so it runs on the statutory calendar (Algemene termijnenwet), not on an
 * organisation's own days off.
 * Compensation goes to the organisation's geschilleninstantie where it can award damages
 * (Geschillencommissie Zorg), else to the court.
 */
export function checkScope(
  procedure: Procedure,
  facts: { scope: ScopeAnswer; decisionDate?: string },
  today: string,
  statutory: CalendarOptions = statutoryCalendar(),
): ScopeCheck {
  if (facts.scope === 'conduct_or_service') return { inScope: true };
  const general = GENERAL[facts.scope];
  const procedureExclusion = procedure.exclusions.find((e) => e.id === general.exclusion);
  let referral = procedureExclusion?.referral ?? general.referral;
  if (facts.scope === 'compensation' && procedure.referrals.some((r) => r.id === 'geschillencommissie_zorg')) {
    referral = 'geschillencommissie_zorg';
  }
  const result: ScopeCheck = {
    inScope: false,
    exclusion: general.exclusion,
    referral,
    reasonKey: `out_of_scope.${general.exclusion}`,
    procedureExclusion,
    mayGoOn: procedureExclusion?.effect === 'may_decline',
    referralDetails: procedure.referrals.find((r) => r.id === referral),
  };
  if (facts.scope === 'municipal_decision' && facts.decisionDate) {
    const lastDay = bezwaarDeadline(facts.decisionDate, statutory);
    result.bezwaar = { lastDay, passed: today > lastDay };
  }
  return result;
}
