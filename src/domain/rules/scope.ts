import { bezwaarDeadline, statutoryCalendar, type CalendarOptions } from '../deadlines/deadlines';
import { ABOUT, type About, type Exclusion, type ExclusionId, type Procedure, type Referral, type ReferralId } from '../procedure/schema';

/**
 * The answers to "what is it about?" (step `scope`). Each answer but the first is named after the
 * exclusion it may meet; only the answers that matter at an organisation are offered
 * (`scopeAnswersFor`).
 */
export const SCOPE_ANSWERS = [
  'conduct_or_service',
  'municipal_decision',
  'compensation',
  'prosecution',
  'criminal_investigation',
  'already_handled',
  'before_court',
  'with_external_body',
  'separate_external_procedure',
  'outside_influence',
] as const;
export type ScopeAnswer = (typeof SCOPE_ANSWERS)[number];

/**
 * Asked everywhere, because they go on or stop by the organisation's own data: wanting money, and
 * wanting someone punished. Every other answer only where the data holds its exclusion.
 */
const ALWAYS_ASKED: readonly ScopeAnswer[] = ['conduct_or_service', 'compensation', 'prosecution'];

/** The `scope` answers offered at this organisation, in a fixed order. */
export function scopeAnswersFor(procedure: Procedure): ScopeAnswer[] {
  const held = new Set<string>(procedure.exclusions.map((e) => e.id));
  return SCOPE_ANSWERS.filter((a) => ALWAYS_ASKED.includes(a) || held.has(a));
}

/** The answers to "whom is it about?" (step `about`): the persons, plus two exclusions where the data holds them. */
export const ABOUT_ANSWERS = [...ABOUT, 'former_employee', 'partner_organisation'] as const;
export type AboutAnswer = (typeof ABOUT_ANSWERS)[number];

export function aboutAnswersFor(procedure: Procedure): AboutAnswer[] {
  const held = new Set<string>(procedure.exclusions.map((e) => e.id));
  return ABOUT_ANSWERS.filter((a) => (ABOUT as readonly string[]).includes(a) || held.has(a));
}

/** Whom the complaint is about once the answer is read: a former employee's complaint is against the organisation. */
export function aboutOf(answer: AboutAnswer): About {
  return answer === 'former_employee' || answer === 'partner_organisation' ? 'organisation' : answer;
}

export interface AboutCheck {
  /** `redirect`: go on, against the organisation instead; `not_handled`: another procedure handles it. */
  effect: Exclusion['effect'];
  exclusion: Exclusion;
  referralDetails?: Referral;
}

/** A person the procedure excludes (a former employee, someone in a partner organisation), from the data. */
export function checkAbout(procedure: Procedure, answer: AboutAnswer): AboutCheck | undefined {
  if (answer !== 'former_employee' && answer !== 'partner_organisation') return undefined;
  const exclusion = procedure.exclusions.find((e) => e.id === answer);
  if (!exclusion) return undefined;
  return { effect: exclusion.effect, exclusion, referralDetails: procedure.referrals.find((r) => r.id === exclusion.referral) };
}

/** Why an answer that the procedure does not exclude still deserves a word: other routes beside the complaint. */
export type ScopeNote = 'compensation' | 'prosecution';

export type ScopeCheck =
  | {
      inScope: true;
      /** Said after the answer: the complaint goes on, and these routes exist beside it. */
      note?: ScopeNote;
      /** Bodies of this organisation that can award money (Geschillencommissie Zorg, Kinderopvang). */
      routes?: Referral[];
    }
  | {
      inScope: false;
      exclusion: ExclusionId;
      /** Where to go instead, when the procedure names one. */
      referral?: ReferralId;
      reasonKey: `out_of_scope.${ExclusionId}`;
      /** The procedure's own exclusion: only those stop a complaint. */
      procedureExclusion: Exclusion;
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

/** Bodies that can award damages, where the procedure names them (DOMAIN L1, L5). */
const AWARDS_MONEY: readonly ReferralId[] = ['geschillencommissie_zorg', 'geschillencommissie_kinderopvang'];

/**
 * Is this a complaint for this procedure at all? Only an exclusion in the organisation's own
 * data stops it (a seed's, or a rule of law from DOMAIN.md recorded there with its id). An answer
 * the data does not exclude goes on; wanting money or punishment then gets a note on the other
 * routes. A municipal decision is bezwaar (Awb art. 6:7): six weeks from the day after it was made
 * known, a statutory term on the statutory calendar (Algemene termijnenwet).
 */
export function checkScope(
  procedure: Procedure,
  facts: { scope: ScopeAnswer; decisionDate?: string },
  today: string,
  statutory: CalendarOptions = statutoryCalendar(),
): ScopeCheck {
  if (facts.scope === 'conduct_or_service') return { inScope: true };
  const procedureExclusion = procedure.exclusions.find((e) => e.id === facts.scope);
  if (!procedureExclusion) {
    if (facts.scope === 'compensation') {
      return { inScope: true, note: 'compensation', routes: procedure.referrals.filter((r) => AWARDS_MONEY.includes(r.id)) };
    }
    if (facts.scope === 'prosecution') return { inScope: true, note: 'prosecution' };
    return { inScope: true };
  }
  const referral = procedureExclusion.referral;
  const result: ScopeCheck = {
    inScope: false,
    exclusion: procedureExclusion.id,
    referral,
    reasonKey: `out_of_scope.${procedureExclusion.id}`,
    procedureExclusion,
    mayGoOn: procedureExclusion.effect === 'may_decline',
    referralDetails: referral ? procedure.referrals.find((r) => r.id === referral) : undefined,
  };
  if (facts.scope === 'municipal_decision' && facts.decisionDate) {
    const lastDay = bezwaarDeadline(facts.decisionDate, statutory);
    result.bezwaar = { lastDay, passed: today > lastDay };
  }
  return result;
}
