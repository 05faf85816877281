import { addDays, addMonthsClamped, assertIsoDate, type IsoDate } from '../dates/isoDate';
import type { Term } from '../procedure/schema';
import { addWorkingDays, type CalendarOptions, statutoryCalendar, workingDayOnOrAfter } from './calendar';

export { addMonthsClamped };
// One import path for callers: the calendar lives in its own file to keep both small.
export {
  addWorkingDays,
  amsterdamDate,
  type CalendarOptions,
  calendarFor,
  dutchHolidays,
  isWorkingDay,
  nextWorkingDay,
  statutoryCalendar,
} from './calendar';

export type TermLength = Pick<Term, 'amount' | 'unit'>;

/**
 * The last day of an organisation's own term, counted from the day after `receivedOn`.
 * Calendar-day, week and month terms are not moved off weekends: an organisation's term is not a
 * statutory term, so the Algemene termijnenwet does not stretch it (art. 1 covers terms set by law).
 */
export function termEnd(receivedOn: IsoDate, term: TermLength, opts: CalendarOptions): IsoDate {
  assertIsoDate(receivedOn, 'receivedOn');
  if (!Number.isInteger(term.amount) || term.amount < 1) {
    throw new RangeError(`term amount must be a whole number of 1 or more, got ${term.amount}`);
  }
  switch (term.unit) {
    case 'working_days':
      return addWorkingDays(receivedOn, term.amount, opts);
    case 'days':
      return addDays(receivedOn, term.amount);
    case 'weeks':
      return addDays(receivedOn, 7 * term.amount);
    case 'months':
      return addMonthsClamped(receivedOn, term.amount);
  }
}

/** Last days by which the organisation should act. A key is absent when the procedure sets no term. */
export interface Deadlines {
  acknowledgeBy?: IsoDate;
  decideBy?: IsoDate;
  /** The decision term plus the procedure's one extension; absent when it allows none. */
  decideByExtended?: IsoDate;
  nonHandlingNoticeBy?: IsoDate;
}

/**
 * The deadlines of one rung for a complaint received on `receivedOn`. Where a procedure lists a
 * kind twice, the first entry counts (the data file's order is the seed's order).
 */
export function computeDeadlines(
  receivedOn: IsoDate,
  terms: readonly Pick<Term, 'kind' | 'amount' | 'unit'>[],
  opts: CalendarOptions,
): Deadlines {
  const find = (kind: Term['kind']) => terms.find((t) => t.kind === kind);
  const end = (kind: Term['kind']) => {
    const t = find(kind);
    return t && termEnd(receivedOn, t, opts);
  };
  const out: Deadlines = {};
  const acknowledgeBy = end('acknowledgement');
  const decideBy = end('decision');
  const nonHandlingNoticeBy = end('non_handling_notice');
  const extension = find('extension');
  if (acknowledgeBy) out.acknowledgeBy = acknowledgeBy;
  if (decideBy) {
    out.decideBy = decideBy;
    if (extension) out.decideByExtended = termEnd(decideBy, extension, opts);
  }
  if (nonHandlingNoticeBy) out.nonHandlingNoticeBy = nonHandlingNoticeBy;
  return out;
}

/** The Wkkgz lets a care provider extend the 6-week term once, by at most 4 weeks, in writing. */
export const MAX_DECISION_EXTENSION_WEEKS = 4;

/** The decision deadline after the one written extension. Longer needs the complainant's consent. */
export function extendDecision(decideBy: IsoDate, weeks: number = MAX_DECISION_EXTENSION_WEEKS): IsoDate {
  assertIsoDate(decideBy, 'decideBy');
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_DECISION_EXTENSION_WEEKS) {
    throw new RangeError(`an extension is 1 to ${MAX_DECISION_EXTENSION_WEEKS} whole weeks, got ${weeks}`);
  }
  return addDays(decideBy, 7 * weeks);
}

/**
 * Last day to lodge bezwaar against a decision (Awb art. 6:7, 6:8): six weeks from the day after
 * it was made known, so the same weekday six weeks later. A statutory term that ends on a
 * Saturday, Sunday or holiday runs to the next working day (Algemene termijnenwet art. 1), so pass
 * `statutoryCalendar(...)`, not an organisation's calendar. Atw art. 2 (at least two working days)
 * never bites on a six-week term.
 */
export function bezwaarDeadline(madeKnownOn: IsoDate, opts: CalendarOptions = statutoryCalendar()): IsoDate {
  assertIsoDate(madeKnownOn, 'madeKnownOn');
  return workingDayOnOrAfter(addDays(madeKnownOn, 42), opts);
}
