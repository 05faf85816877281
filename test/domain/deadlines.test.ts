import {
  addWorkingDays,
  amsterdamDate,
  type CalendarOptions,
  calendarFor,
  dutchHolidays,
  easterSunday,
  isWorkingDay,
  nextWorkingDay,
  statutoryCalendar,
} from '../../src/domain/deadlines/calendar';
import {
  addMonthsClamped,
  bezwaarDeadline,
  computeDeadlines,
  extendDecision,
  termEnd,
} from '../../src/domain/deadlines/deadlines';
import type { Term } from '../../src/domain/procedure/schema';

const ALL_OFF: CalendarOptions = { goodFridayOff: true, liberationDayOff: true, extraDaysOff: [] };
const WORKS_GOOD_FRIDAY: CalendarOptions = { ...ALL_OFF, goodFridayOff: false };
const WORKS_5_MAY: CalendarOptions = { ...ALL_OFF, liberationDayOff: false };

type TermRow = Pick<Term, 'kind' | 'amount' | 'unit'>;
const ack5: TermRow = { kind: 'acknowledgement', amount: 5, unit: 'working_days' };
const decide6w: TermRow = { kind: 'decision', amount: 6, unit: 'weeks' };
const extend4w: TermRow = { kind: 'extension', amount: 4, unit: 'weeks' };

describe('holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2038, '2038-04-25'],
    [1818, '1818-03-22'],
  ])('when the year is %i, then Easter Sunday is %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it.each<[string, number, CalendarOptions, string[]]>([
    ['2026 (W5 reference)', 2026, ALL_OFF,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26']],
    ['2026 for an organisation that works on Goede Vrijdag and 5 mei', 2026, { ...ALL_OFF, goodFridayOff: false, liberationDayOff: false },
      ['2026-01-01', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26']],
    ['2025, Koningsdag on Saturday 26 April', 2025, ALL_OFF,
      ['2025-01-01', '2025-04-18', '2025-04-21', '2025-04-26', '2025-05-05', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26']],
    ['2027, Goede Vrijdag 26 March and Hemelvaart 6 May', 2027, ALL_OFF,
      ['2027-01-01', '2027-03-26', '2027-03-29', '2027-04-27', '2027-05-05', '2027-05-06', '2027-05-17', '2027-12-25', '2027-12-26']],
  ])('when listing %s, then the days are exactly the Atw holidays', (_name, year, opts, expected) => {
    expect(dutchHolidays(year, opts)).toEqual(expected);
  });

  it.each([
    [2025, '2025-04-26'],
    [2026, '2026-04-27'],
    [2031, '2031-04-26'],
    [2036, '2036-04-26'],
    [2037, '2037-04-27'],
    [2006, '2006-04-29'],
  ])('when 27 April (30 April before 2014) of %i is checked, then Koningsdag is %s', (year, kingsDay) => {
    const holidays = dutchHolidays(year, ALL_OFF);
    expect(holidays).toContain(kingsDay);
    expect(holidays.filter((d) => d.slice(5, 7) === '04' && Number(d.slice(8)) >= 26)).toEqual([kingsDay]);
  });

  it('when extra days off are given, then only those of the asked year join the list', () => {
    const opts = { ...ALL_OFF, extraDaysOff: ['2026-05-15', '2027-05-07', '2026-12-24'] };
    const holidays = dutchHolidays(2026, opts);
    expect(holidays).toEqual(expect.arrayContaining(['2026-05-15', '2026-12-24']));
    expect(holidays).not.toContain('2027-05-07');
    expect(holidays).toEqual([...holidays].sort());
  });

  it('when an extra day off is no real date, then the calendar refuses it instead of ignoring it', () => {
    expect(() => dutchHolidays(2026, { ...ALL_OFF, extraDaysOff: ['2026-02-30'] })).toThrow(RangeError);
  });
});

describe('working days', () => {
  it.each<[string, string, CalendarOptions, boolean]>([
    ['a normal Wednesday', '2026-04-08', ALL_OFF, true],
    ['a Saturday', '2026-04-04', ALL_OFF, false],
    ['a Sunday', '2026-04-05', ALL_OFF, false],
    ['2e Paasdag', '2026-04-06', ALL_OFF, false],
    ['Goede Vrijdag at an organisation that is closed', '2026-04-03', ALL_OFF, false],
    ['Goede Vrijdag at an organisation that works', '2026-04-03', WORKS_GOOD_FRIDAY, true],
    ['5 mei at an organisation that works', '2026-05-05', WORKS_5_MAY, true],
    ['a bridge day the organisation gave off', '2026-05-15', { ...ALL_OFF, extraDaysOff: ['2026-05-15'] }, false],
  ])('when the day is %s, then isWorkingDay is %s', (_name, day, opts, expected) => {
    expect(isWorkingDay(day, opts)).toBe(expected);
  });

  it.each<[string, string, number, CalendarOptions, string]>([
    ['Thu 2 Apr 2026, Goede Vrijdag off', '2026-04-02', 5, ALL_OFF, '2026-04-13'],
    ['Thu 2 Apr 2026, Goede Vrijdag worked', '2026-04-02', 5, WORKS_GOOD_FRIDAY, '2026-04-10'],
    ['Thu 23 Apr 2026 (skips Koningsdag)', '2026-04-23', 5, ALL_OFF, '2026-05-01'],
    ['Mon 4 May 2026, 5 mei off', '2026-05-04', 5, ALL_OFF, '2026-05-12'],
    ['Mon 4 May 2026, 5 mei worked', '2026-05-04', 5, WORKS_5_MAY, '2026-05-11'],
    ['Wed 23 Dec 2026 (both Kerstdagen)', '2026-12-23', 5, ALL_OFF, '2026-12-31'],
    ['Sat 4 Apr 2026 (received in the weekend)', '2026-04-04', 5, ALL_OFF, '2026-04-13'],
    ['Thu 31 Dec 2026 (over Nieuwjaarsdag)', '2026-12-31', 1, ALL_OFF, '2027-01-04'],
    ['Wed 13 May 2026 with the Friday after Hemelvaart off', '2026-05-13', 1, { ...ALL_OFF, extraDaysOff: ['2026-05-15'] }, '2026-05-18'],
    ['Wed 13 May 2026 without that bridge day', '2026-05-13', 1, ALL_OFF, '2026-05-15'],
    ['Fri 24 Dec 2027 (Kerst on a weekend)', '2027-12-24', 1, ALL_OFF, '2027-12-27'],
    ['Wed 8 Apr 2026, zero days', '2026-04-08', 0, ALL_OFF, '2026-04-08'],
  ])('when received %s and counting %i working days, then the last day is %s', (_name, received, n, opts, expected) => {
    expect(addWorkingDays(received, n, opts)).toBe(expected);
  });

  it('when asking the next working day after Fri 24 Apr 2026, then it skips the weekend and Koningsdag', () => {
    expect(nextWorkingDay('2026-04-24', ALL_OFF)).toBe('2026-04-28');
  });

  it('when a count is negative or broken, then it is refused rather than guessed', () => {
    expect(() => addWorkingDays('2026-04-08', -1, ALL_OFF)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-04-08', 1.5, ALL_OFF)).toThrow(RangeError);
    expect(() => addWorkingDays('8-4-2026', 1, ALL_OFF)).toThrow(RangeError);
  });
});

describe('organisation terms', () => {
  it.each<[string, string, Pick<Term, 'amount' | 'unit'>, string]>([
    ['6 weeks from Wed 8 Apr 2026', '2026-04-08', { amount: 6, unit: 'weeks' }, '2026-05-20'],
    ['14 days from Wed 8 Apr 2026', '2026-04-08', { amount: 14, unit: 'days' }, '2026-04-22'],
    ['5 working days from Wed 8 Apr 2026', '2026-04-08', { amount: 5, unit: 'working_days' }, '2026-04-15'],
    ['2 months from Thu 31 Dec 2026', '2026-12-31', { amount: 2, unit: 'months' }, '2027-02-28'],
    ['1 month from Mon 31 Jan 2028 (leap year)', '2028-01-31', { amount: 1, unit: 'months' }, '2028-02-29'],
  ])('when the term is %s, then it ends on %s', (_name, received, term, expected) => {
    expect(termEnd(received, term, ALL_OFF)).toBe(expected);
  });

  it('when a procedure sets no terms, then no deadline is invented', () => {
    expect(computeDeadlines('2026-04-08', [], ALL_OFF)).toEqual({});
  });

  it('when a procedure only acknowledges, then only acknowledgeBy is present', () => {
    const d = computeDeadlines('2026-04-02', [ack5], ALL_OFF);
    expect(d).toEqual({ acknowledgeBy: '2026-04-13' });
    expect('decideBy' in d).toBe(false);
    expect('decideByExtended' in d).toBe(false);
  });

  it('when a procedure has acknowledgement, a 6-week decision and a 4-week extension, then all three dates follow', () => {
    expect(computeDeadlines('2026-04-08', [ack5, decide6w, extend4w], ALL_OFF)).toEqual({
      acknowledgeBy: '2026-04-15',
      decideBy: '2026-05-20',
      decideByExtended: '2026-06-17',
    });
  });

  it('when a procedure has a decision term but no extension, then decideByExtended is absent', () => {
    const d = computeDeadlines('2026-04-08', [decide6w], ALL_OFF);
    expect(d).toEqual({ decideBy: '2026-05-20' });
  });

  it('when a procedure names an extension but no decision term, then there is nothing to extend', () => {
    expect(computeDeadlines('2026-04-08', [extend4w], ALL_OFF)).toEqual({});
  });

  it('when a procedure sets a term to say it will not handle a complaint, then nonHandlingNoticeBy follows it', () => {
    const d = computeDeadlines('2026-04-23', [{ kind: 'non_handling_notice', amount: 10, unit: 'working_days' }], ALL_OFF);
    expect(d).toEqual({ nonHandlingNoticeBy: '2026-05-11' });
  });

  it('when a kind appears twice, then the first entry counts', () => {
    const d = computeDeadlines('2026-04-08', [decide6w, { kind: 'decision', amount: 10, unit: 'weeks' }], ALL_OFF);
    expect(d.decideBy).toBe('2026-05-20');
  });

  it('when the decision deadline Wed 20 May 2026 is extended by the maximum, then the new deadline is Wed 17 Jun', () => {
    expect(extendDecision('2026-05-20')).toBe('2026-06-17');
    expect(extendDecision('2026-05-20', 2)).toBe('2026-06-03');
  });

  it('when an extension longer than 4 weeks is asked, then it is refused (longer needs the complainant)', () => {
    expect(() => extendDecision('2026-05-20', 5)).toThrow(RangeError);
    expect(() => extendDecision('2026-05-20', 0)).toThrow(RangeError);
  });
});

describe('Awb bezwaar', () => {
  it.each<[string, string, CalendarOptions, string]>([
    ['Tue 31 Mar 2026', '2026-03-31', statutoryCalendar(), '2026-05-12'],
    ['Thu 2 Apr 2026 (would end on Hemelvaart)', '2026-04-02', statutoryCalendar(), '2026-05-15'],
    ['Thu 2 Apr 2026 with the Friday after Hemelvaart added by decree', '2026-04-02', statutoryCalendar(['2026-05-15']), '2026-05-18'],
    ['Sat 4 Apr 2026 (would end on a Saturday)', '2026-04-04', statutoryCalendar(), '2026-05-18'],
    ['Mon 16 Mar 2026 (would end on Koningsdag)', '2026-03-16', statutoryCalendar(), '2026-04-28'],
    ['Tue 24 Mar 2026 (would end on 5 mei)', '2026-03-24', statutoryCalendar(), '2026-05-06'],
    ['Fri 20 Feb 2026 (would end on Goede Vrijdag, then Easter)', '2026-02-20', statutoryCalendar(), '2026-04-07'],
  ])('when the decision was made known on %s, then the last day for bezwaar is %s', (_name, madeKnown, opts, expected) => {
    expect(bezwaarDeadline(madeKnown, opts)).toBe(expected);
  });

  it('when no calendar is passed, then the statutory calendar applies (Goede Vrijdag counts)', () => {
    expect(bezwaarDeadline('2026-02-20')).toBe('2026-04-07');
  });
});

describe('months', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-08-31', 12, '2027-08-31'],
    ['2026-05-15', -12, '2025-05-15'],
  ])('when %s moves by %i months, then the date is %s', (from, months, expected) => {
    expect(addMonthsClamped(from, months)).toBe(expected);
  });
});

describe('the date in Amsterdam', () => {
  it.each([
    ['just before midnight in winter', '2026-03-28T22:59:59Z', '2026-03-28'],
    ['midnight in winter (UTC+1)', '2026-03-28T23:00:00Z', '2026-03-29'],
    ['23:30 UTC, already 29 March in Amsterdam', '2026-03-28T23:30:00Z', '2026-03-29'],
    ['the morning summer time starts', '2026-03-29T01:30:00Z', '2026-03-29'],
    ['22:30 UTC in summer (UTC+2)', '2026-06-30T22:30:00Z', '2026-07-01'],
    ['21:59 UTC in summer', '2026-06-30T21:59:59Z', '2026-06-30'],
    ['the night summer time ends', '2026-10-24T22:30:00Z', '2026-10-25'],
    ['New Year in Amsterdam but not in London', '2026-12-31T23:30:00Z', '2027-01-01'],
  ])('when the instant is %s (%s), then the date is %s', (_name, instant, expected) => {
    expect(amsterdamDate(new Date(instant))).toBe(expected);
  });

  it('when the instant is not a valid Date, then it is refused', () => {
    expect(() => amsterdamDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('when asked every quarter of an hour through 2026 and 2027, in order and back again, then each date is the one a clock in Amsterdam shows', () => {
    const inAmsterdam = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });
    const instants: number[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 15 * 60_000) instants.push(t);
    const wrong = [...instants, ...instants.reverse()].filter((t) => amsterdamDate(new Date(t)) !== inAmsterdam.format(t));
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });
});

describe('calendar per organisation', () => {
  it('when the deployment adds days off, then they join the organisation’s own without duplicates', () => {
    const opts = calendarFor(
      { goodFridayOff: false, liberationDayOff: true, extraDaysOff: ['2026-05-15', '2026-12-24'] },
      ['2026-05-15', '2026-12-31'],
    );
    expect(opts).toEqual({
      goodFridayOff: false,
      liberationDayOff: true,
      extraDaysOff: ['2026-05-15', '2026-12-24', '2026-12-31'],
    });
    expect(addWorkingDays('2026-12-23', 1, opts)).toBe('2026-12-28');
  });

  it('when no deployment days are given, then the organisation’s calendar is used as is', () => {
    expect(calendarFor({ goodFridayOff: true, liberationDayOff: false, extraDaysOff: [] })).toEqual({
      goodFridayOff: true,
      liberationDayOff: false,
      extraDaysOff: [],
    });
  });
});
