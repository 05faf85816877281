import type { IsoDate } from '../../domain/dates/isoDate';
import { statutoryCalendar } from '../../domain/deadlines/deadlines';
import type { Procedure } from '../../domain/procedure/schema';
import {
  aboutOf,
  applicableTimeLimit,
  checkAbout,
  timeLimitConflict,
  type AboutCheck,
  type TimeLimitConflict,
  checkComplainant,
  checkScope,
  checkTimeLimit,
  route,
  type ComplainantCheck,
  type Route,
  type ScopeCheck,
  type TimeLimitCheck,
} from '../../domain/rules';
import type { Answers } from './answers';

export interface Assessment {
  complainant?: ComplainantCheck;
  route?: Route;
  scope?: ScopeCheck;
  timeLimit?: TimeLimitCheck;
  /** The organisation's other regeling judges the time limit differently (flag `time_limit_conflict`). */
  timeLimitConflict?: TimeLimitConflict;
  /** The person named is one the procedure excludes (a former employee, someone in a partner organisation). */
  about?: AboutCheck;
  /**
   * The complaint is late under the general limit, but the procedure gives youth care a longer
   * one: only then does the conversation ask whether it is about youth care.
   */
  youthCareMatters: boolean;
  /**
   * The rules want a written authorisation for this person (an authorised person, a parent of an
   * adult, a representative outside their task), whatever was answered about having one.
   */
  authorisationMatters: boolean;
}

/** Everything the rules say about the answers so far. Pure: `today` comes from the caller's clock. */
export function assess(procedure: Procedure, a: Answers, today: IsoDate, extraDaysOff: readonly string[] = []): Assessment {
  const out: Assessment = { youthCareMatters: false, authorisationMatters: false };
  if (a.role) {
    out.complainant = checkComplainant(procedure, {
      role: a.role,
      representativeKind: a.representativeKind,
      ageBand: a.ageBand,
      hasWrittenAuthorisation: a.hasWrittenAuthorisation,
      topic: a.representativeTopic,
      hasGroupRepresentative: Boolean(a.groupRepresentative),
    });
    const withoutAuthorisation = checkComplainant(procedure, {
      role: a.role,
      representativeKind: a.representativeKind,
      ageBand: a.ageBand,
      topic: a.representativeTopic,
    });
    out.authorisationMatters = withoutAuthorisation.requires === 'written_authorisation';
  }
  if (a.about) out.about = checkAbout(procedure, a.about);
  if (a.ladder && a.about) {
    out.route = route(procedure, { highestTried: a.ladder, about: aboutOf(a.about), goOnWithoutConversation: a.ladderNone === 'go_on' });
  }
  if (a.scope) {
    out.scope = checkScope(procedure, { scope: a.scope, decisionDate: a.decisionDate ?? undefined }, today, statutoryCalendar(extraDaysOff));
  }
  if (a.eventDate) {
    const general = checkTimeLimit(procedure, { eventDate: a.eventDate, category: a.category, youthCare: false }, today);
    const youthRule = applicableTimeLimit(procedure, { category: a.category, youthCare: true });
    const generalRule = applicableTimeLimit(procedure, { category: a.category, youthCare: false });
    out.youthCareMatters = general.status === 'late' && youthRule !== undefined && youthRule !== generalRule;
    const facts = { eventDate: a.eventDate, category: a.category, youthCare: a.youthCare === true };
    out.timeLimit = a.youthCare ? checkTimeLimit(procedure, facts, today) : general;
    out.timeLimitConflict = timeLimitConflict(procedure, facts, today);
  }
  return out;
}
