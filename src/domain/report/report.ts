import { CATEGORIES } from '../complaint/complaint';
import { calendarFor, isWorkingDay, type CalendarOptions } from '../deadlines/calendar';
import { addDays, type IsoDate } from '../dates/isoDate';
import type { Procedure } from '../procedure/schema';
import { SCOPE_ANSWERS, type ScopeAnswer } from '../rules/scope';
import { matchLocation } from './locations';

/**
 * The yearly complaints report (seed 004 §9, 003 §9, 000 "tenminste éénmaal per jaar
 * geanalyseerd"), as a pure function over the register. It never sees a name, an address, a
 * description or a reference: the register reader hands over only the facts below.
 */

export const JUDGEMENTS = ['well_founded', 'partly_well_founded', 'unfounded'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** One submission to one rung, as the register holds it. Dates are `YYYY-MM-DD` (Europe/Amsterdam). */
export interface RegisterEntry {
  /** An opaque id, never the reference. */
  id: string;
  /** Submissions of one complaint as it climbs the ladder share a case id. */
  caseId: string;
  rung: string;
  receivedOn: IsoDate;
  category: string;
  about: string;
  /** As typed or chosen; matched against the organisation's locations and never printed. */
  location: string | null;
  /** Sent to an external complaints committee. */
  externalCommittee: boolean;
  withdrawnOn: IsoDate | null;
  acknowledgedOn: IsoDate | null;
  acknowledgeBy: IsoDate | null;
  decidedOn: IsoDate | null;
  /** The ruling date, or the extended one. */
  decideBy: IsoDate | null;
  judgement: Judgement | null;
  /** As recorded by staff. */
  measures: string | null;
  resolvedOn: IsoDate | null;
  notHandledOn: IsoDate | null;
}

/** The scope answers that end a conversation (all but the complaint itself). */
const OUT_OF_SCOPE = SCOPE_ANSWERS.filter((a): a is Exclude<ScopeAnswer, 'conduct_or_service'> => a !== 'conduct_or_service');

/**
 * Why a conversation ended without a complaint sent: the scope answer, the person it was about
 * when the regeling does not cover them, or the step where it ended.
 */
export const NOT_SENT_REASONS = [
  ...OUT_OF_SCOPE,
  'former_employee',
  'partner_organisation',
  'ladder_exhausted',
  'talk_first',
  'vertrouwenspersoon',
  'anonymous',
  'no_consent',
  'cancelled',
  'other',
] as const;
export type NotSentReason = (typeof NOT_SENT_REASONS)[number];

/** Conversations that ended without a complaint being sent, counted without any personal data. */
export interface NotSentCount {
  /** `YYYY-MM`. */
  month: string;
  reason: string;
  count: number;
}

/**
 * Small numbers: every breakdown (categories, judgements, measures) covers at least this many
 * complaints. A listed location with fewer complaints in the year is counted under `other`; when
 * `other` is then still smaller, the smallest listed locations join it until it is not (so no
 * breakdown can be worked out by subtraction either). A group smaller than this shows only its total.
 */
export const SMALL_NUMBER_THRESHOLD = 3;

export type JudgementCounts = Record<Judgement | 'none', number>;
export type CategoryCounts = Record<string, number>;

export interface LocationGroup {
  /** The listed location's name, or `other`. */
  location: string;
  total: number;
  /** null when the group has fewer than SMALL_NUMBER_THRESHOLD complaints. */
  byCategory: CategoryCounts | null;
  judgements: JudgementCounts | null;
  measures: string[] | null;
}

export interface ComplaintsReport {
  organisation: { id: string; name: string };
  year: number;
  total: number;
  byLocation: LocationGroup[];
  byCategory: CategoryCounts | null;
  judgements: JudgementCounts | null;
  withdrawn: number;
  externalCommittee: { total: number; byCategory: CategoryCounts | null };
  deadlines: {
    acknowledgedLate: number;
    decidedLate: number;
    medianDaysToAcknowledge: number | null;
    medianDaysToDecide: number | null;
  };
  notSent: Record<string, number>;
  smallNumbers: { threshold: number; folded: number };
}

export interface ReportInput {
  procedure: Procedure;
  year: number;
  entries: readonly RegisterEntry[];
  notSent: readonly NotSentCount[];
  /** The day the report is made: a date not yet passed is not missed. */
  asOf: IsoDate;
  extraDaysOff?: readonly string[];
}

interface CaseFacts {
  location: string;
  category: string;
  judgement: Judgement | 'none';
  measures: string[];
  withdrawn: boolean;
  externalCommittee: boolean;
}

export function buildReport(input: ReportInput): ComplaintsReport {
  const { procedure, year } = input;
  const cal = calendarFor(procedure.calendar, input.extraDaysOff ?? []);
  const inYear = (d: IsoDate) => d.startsWith(`${year}-`);

  // A case counts in the year its first submission was received (entries in the order received; the sort keeps ties in order).
  const byCase = new Map<string, RegisterEntry[]>();
  for (const e of [...input.entries].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))) {
    const list = byCase.get(e.caseId) ?? [];
    list.push(e);
    byCase.set(e.caseId, list);
  }
  const cases: CaseFacts[] = [];
  for (const entries of byCase.values()) {
    const first = entries[0];
    if (!inYear(first.receivedOn)) continue;
    const decided = entries.filter((e) => e.judgement && e.decidedOn).sort((a, b) => a.decidedOn!.localeCompare(b.decidedOn!));
    const last = entries[entries.length - 1];
    cases.push({
      location: matchLocation(first.location, procedure.locations)?.name ?? 'other',
      category: first.category,
      judgement: decided.length ? decided[decided.length - 1].judgement! : 'none',
      measures: entries.map((e) => e.measures?.trim()).filter((m): m is string => !!m),
      withdrawn: last.withdrawnOn !== null,
      externalCommittee: entries.some((e) => e.externalCommittee),
    });
  }

  const { groups, folded } = locationGroups(cases, procedure);
  const submissions = input.entries.filter((e) => inYear(e.receivedOn));
  const external = cases.filter((c) => c.externalCommittee);
  const notSent: Record<string, number> = {};
  for (const n of input.notSent) {
    if (!n.month.startsWith(`${year}-`)) continue;
    notSent[n.reason] = (notSent[n.reason] ?? 0) + n.count;
  }

  return {
    organisation: { id: procedure.id, name: procedure.name },
    year,
    total: cases.length,
    byLocation: groups,
    byCategory: small(cases.length) ? null : categories(cases),
    judgements: small(cases.length) ? null : judgements(cases),
    withdrawn: cases.filter((c) => c.withdrawn).length,
    externalCommittee: { total: external.length, byCategory: small(external.length) ? null : categories(external) },
    deadlines: deadlineFacts(submissions, input.asOf, cal),
    notSent: Object.fromEntries(Object.entries(notSent).sort(([a], [b]) => a.localeCompare(b))),
    smallNumbers: { threshold: SMALL_NUMBER_THRESHOLD, folded },
  };
}

const small = (n: number) => n > 0 && n < SMALL_NUMBER_THRESHOLD;

function categories(cases: readonly CaseFacts[]): CategoryCounts {
  const out: CategoryCounts = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const c of cases) out[c.category] = (out[c.category] ?? 0) + 1;
  return out;
}

function judgements(cases: readonly CaseFacts[]): JudgementCounts {
  const out: JudgementCounts = { well_founded: 0, partly_well_founded: 0, unfounded: 0, none: 0 };
  for (const c of cases) out[c.judgement] += 1;
  return out;
}

/** Listed locations in the order the organisation gave them, then `other`; small groups folded (see SMALL_NUMBER_THRESHOLD). */
function locationGroups(cases: readonly CaseFacts[], procedure: Procedure): { groups: LocationGroup[]; folded: number } {
  const listed = (procedure.locations ?? []).map((l) => ({ name: l.name, cases: cases.filter((c) => c.location === l.name) }));
  let other = cases.filter((c) => c.location === 'other');
  let shown = listed.filter((g) => g.cases.length > 0);
  let folded = 0;
  for (const g of shown.filter((g) => g.cases.length < SMALL_NUMBER_THRESHOLD)) {
    other = [...other, ...g.cases];
    folded += 1;
  }
  shown = shown.filter((g) => g.cases.length >= SMALL_NUMBER_THRESHOLD);
  while (small(other.length) && shown.length > 0) {
    const smallest = [...shown].sort((a, b) => a.cases.length - b.cases.length)[0];
    other = [...other, ...smallest.cases];
    shown = shown.filter((g) => g !== smallest);
    folded += 1;
  }
  const group = (location: string, list: readonly CaseFacts[]): LocationGroup => ({
    location,
    total: list.length,
    byCategory: small(list.length) ? null : categories(list),
    judgements: small(list.length) ? null : judgements(list),
    measures: small(list.length) ? null : list.flatMap((c) => c.measures),
  });
  const groups = shown.map((g) => group(g.name, g.cases));
  if (other.length > 0) groups.push(group('other', other));
  return { groups, folded };
}

/** Working days after `from` up to and including `to` (received on Monday, answered Tuesday: 1). */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: CalendarOptions): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n += 1;
  return n;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Per submission received in the year: late when the answer came after its date, or when the date
 * has passed (before `asOf`) with no answer while the submission was still open.
 */
function deadlineFacts(entries: readonly RegisterEntry[], asOf: IsoDate, cal: CalendarOptions): ComplaintsReport['deadlines'] {
  const closedOn = (e: RegisterEntry) => [e.withdrawnOn, e.resolvedOn, e.notHandledOn].filter((d): d is string => !!d).sort()[0] ?? null;
  const late = (due: IsoDate | null, done: IsoDate | null, e: RegisterEntry): boolean => {
    if (!due) return false;
    if (done) return done > due;
    const closed = closedOn(e);
    if (closed && closed <= due) return false;
    return asOf > due;
  };
  return {
    acknowledgedLate: entries.filter((e) => late(e.acknowledgeBy, e.acknowledgedOn ?? e.decidedOn, e)).length,
    decidedLate: entries.filter((e) => late(e.decideBy, e.decidedOn ?? e.resolvedOn, e)).length,
    medianDaysToAcknowledge: median(entries.filter((e) => e.acknowledgedOn).map((e) => workingDaysBetween(e.receivedOn, e.acknowledgedOn!, cal))),
    medianDaysToDecide: median(entries.filter((e) => e.decidedOn).map((e) => workingDaysBetween(e.receivedOn, e.decidedOn!, cal))),
  };
}

/** The last day for a yearly report required by law (Wet kinderopvang: 31 May of the next year). */
export function annualReportDueBy(procedure: Procedure, year: number): IsoDate | undefined {
  const annual = procedure.report?.annual;
  if (!annual) return undefined;
  const month = annual.dueWithinMonths; // the last day of that month of the next year
  const lastDay = new Date(Date.UTC(year + 1, month, 0)).getUTCDate();
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}
