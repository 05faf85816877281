import type { Category } from '../complaint/complaint';
import { addMonthsClamped } from '../deadlines/deadlines';
import type { Procedure, TimeLimitRule } from '../procedure/schema';

export interface TimeLimitFacts {
  eventDate: string;
  category?: Category;
  /** The complaint concerns youth care (jeugdhulp). */
  youthCare?: boolean;
}

export type TimeLimitReason = 'within_limit' | 'past_limit_may_explain' | 'past_limit_may_decline' | 'no_limit_for_category' | 'no_limit_in_procedure';

export interface TimeLimitCheck {
  status: 'in_time' | 'late' | 'no_limit';
  /** The last day the complaint was in time (present when a limit applies). */
  expiredOn?: string;
  months?: number;
  /** The organisation itself says it accepts a late complaint with a reason. */
  lateAllowedWithReason: boolean;
  reasonKey: TimeLimitReason;
  rule?: TimeLimitRule;
}

/** The applied rule for these facts: sexual harassment first, then youth care, then the default. */
export function applicableTimeLimit(procedure: Procedure, facts: Omit<TimeLimitFacts, 'eventDate'>): TimeLimitRule | undefined {
  const applied = procedure.timeLimits.filter((r) => r.applied);
  const pick = (to: TimeLimitRule['appliesTo']) => applied.find((r) => r.appliesTo === to);
  if (facts.category === 'sexual_harassment' && pick('sexual_harassment')) return pick('sexual_harassment');
  if (facts.youthCare && pick('youth_care')) return pick('youth_care');
  return pick('default');
}

/**
 * Is the complaint in time? A late complaint is never refused here: the bot says the
 * organisation may decline, asks the reason, and lets the person go on.
 */
export function checkTimeLimit(procedure: Procedure, facts: TimeLimitFacts, today: string): TimeLimitCheck {
  const rule = applicableTimeLimit(procedure, facts);
  if (!rule) return { status: 'no_limit', lateAllowedWithReason: true, reasonKey: 'no_limit_in_procedure' };
  if (rule.months === undefined) return { status: 'no_limit', lateAllowedWithReason: true, reasonKey: 'no_limit_for_category', rule };
  const expiredOn = addMonthsClamped(facts.eventDate, rule.months);
  if (today <= expiredOn) {
    return { status: 'in_time', expiredOn, months: rule.months, lateAllowedWithReason: rule.lateAllowedWithReason, reasonKey: 'within_limit', rule };
  }
  return {
    status: 'late',
    expiredOn,
    months: rule.months,
    lateAllowedWithReason: rule.lateAllowedWithReason,
    reasonKey: rule.lateAllowedWithReason ? 'past_limit_may_explain' : 'past_limit_may_decline',
    rule,
  };
}

/** What an organisation's other regeling (rules kept with `applied: false`) says about the same complaint. */
export interface TimeLimitConflict {
  applied: TimeLimitCheck;
  other: TimeLimitCheck & { source: TimeLimitRule['source'] };
}

/**
 * Where an organisation has two regelingen (Sociale Teams Helmond: 002 and its own 003), the
 * rules of the one not applied are kept with `applied: false`. When that regeling would judge
 * this complaint differently (in time under one, late under the other), the organisation must
 * hear it: never silently. The other regeling's rules are picked the same way (sexual
 * harassment, youth care, default), falling back to its own default where it has no special rule.
 */
export function timeLimitConflict(procedure: Procedure, facts: TimeLimitFacts, today: string): TimeLimitConflict | undefined {
  const applied = checkTimeLimit(procedure, facts, today);
  const appliedSeed = applied.rule?.source.seed;
  const otherRules = procedure.timeLimits.filter((r) => !r.applied && r.source.seed !== appliedSeed);
  if (otherRules.length === 0) return undefined;
  const seed = otherRules[0].source.seed;
  const asApplied: Procedure = { ...procedure, timeLimits: otherRules.filter((r) => r.source.seed === seed).map((r) => ({ ...r, applied: true })) };
  const other = checkTimeLimit(asApplied, facts, today);
  if (!other.rule || (other.status === 'late') === (applied.status === 'late')) return undefined;
  return { applied, other: { ...other, source: other.rule.source } };
}
