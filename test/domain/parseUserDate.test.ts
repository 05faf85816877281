import { formatLongDate, parseUserDate, type UserDateResult } from '../../src/domain/dates/parseUserDate';

const SUNDAY = '2026-11-22';
const THURSDAY = '2026-03-05';

const ok = (date: string): UserDateResult => ({ ok: true, date });
const UNREADABLE: UserDateResult = { ok: false, reason: 'unreadable' };
const FUTURE: UserDateResult = { ok: false, reason: 'future' };

describe('parseUserDate on Sunday 22 November 2026', () => {
  it.each<[string, UserDateResult]>([
    // Numbers, day first.
    ['3-3-2026', ok('2026-03-03')],
    ['03/03/2026', ok('2026-03-03')],
    ['3.3.2026', ok('2026-03-03')],
    ['3-3-26', ok('2026-03-03')],
    ['3 - 3 - 2026', ok('2026-03-03')],
    ['2026-03-03', ok('2026-03-03')],
    ['12-1-2026', ok('2026-01-12')],
    ['5-5-99', ok('1999-05-05')],
    ['3-3', ok('2026-03-03')],
    ['29-2-2024', ok('2024-02-29')],
    // Written months.
    ['3 maart', ok('2026-03-03')],
    ['3 maart 2026', ok('2026-03-03')],
    ['3 mrt', ok('2026-03-03')],
    ['3 mrt.', ok('2026-03-03')],
    ['3e maart', ok('2026-03-03')],
    ['op 3 maart', ok('2026-03-03')],
    ['3 maart jl.', ok('2026-03-03')],
    ['3 March 2026', ok('2026-03-03')],
    ['3rd March', ok('2026-03-03')],
    ['on the 3rd of March', ok('2026-03-03')],
    ['3 Sept', ok('2026-09-03')],
    ['dinsdag 3 maart 2026', ok('2026-03-03')],
    ['Tuesday, 3 March 2026', ok('2026-03-03')],
    // No year: the most recent such date that is not in the future.
    ['25 december', ok('2025-12-25')],
    ['22 november', ok('2026-11-22')],
    ['23 november', ok('2025-11-23')],
    ['29 februari', ok('2024-02-29')],
    // Words.
    ['vandaag', ok('2026-11-22')],
    ['today', ok('2026-11-22')],
    ['Gisteren!', ok('2026-11-21')],
    ['yesterday', ok('2026-11-21')],
    ['gisteren om 15:30', ok('2026-11-21')],
    ['gisteravond', ok('2026-11-21')],
    ['eergisteren', ok('2026-11-20')],
    ['the day before yesterday', ok('2026-11-20')],
    // Previous calendar week (weeks start on Monday): 9–15 November.
    ['vorige week dinsdag', ok('2026-11-10')],
    ['dinsdag vorige week', ok('2026-11-10')],
    ['last Tuesday', ok('2026-11-10')],
    ['vorige week zondag', ok('2026-11-15')],
    // Most recent such weekday before today.
    ['afgelopen dinsdag', ok('2026-11-17')],
    ['dinsdag', ok('2026-11-17')],
    ['zaterdag', ok('2026-11-21')],
    ['zondag', ok('2026-11-15')],
    ['this past Friday', ok('2026-11-20')],
    // Counting back.
    ['3 dagen geleden', ok('2026-11-19')],
    ['3 days ago', ok('2026-11-19')],
    ['2 weken geleden', ok('2026-11-08')],
    ['2 weeks ago', ok('2026-11-08')],
    ['één week geleden', ok('2026-11-15')],
    ['a week ago', ok('2026-11-15')],
    ['twee maanden geleden', ok('2026-09-22')],
    ['2 jaar geleden', ok('2024-11-22')],
    ['on Tuesday', ok('2026-11-17')],
    // Future.
    ['3-3-2027', FUTURE],
    ['1 december 2026', FUTURE],
    ['2026-12-01', FUTURE],
    ['morgen', FUTURE],
    ['tomorrow', FUTURE],
    // Not a (single, real) date.
    ['31-2-2026', UNREADABLE],
    ['29-2-2025', UNREADABLE],
    ['31 april', UNREADABLE],
    ['30 februari', UNREADABLE],
    ['13-13-2026', UNREADABLE],
    ['0-3-2026', UNREADABLE],
    ['3-3-1850', UNREADABLE],
    ['March 3', UNREADABLE],
    ['maart 3', UNREADABLE],
    ['woensdag 3 maart 2026', UNREADABLE],
    ['een paar dagen geleden', UNREADABLE],
    ['vorige week', UNREADABLE],
    ['last month', UNREADABLE],
    ['begin maart', UNREADABLE],
    ['3 blaart', UNREADABLE],
    ['ik weet het niet meer', UNREADABLE],
    ['', UNREADABLE],
    ['   ', UNREADABLE],
  ])('when someone types "%s", then the reading is %j', (text, expected) => {
    expect(parseUserDate(text, 'nl', SUNDAY)).toEqual(expected);
  });
});

describe('parseUserDate on Thursday 5 March 2026', () => {
  it.each<[string, UserDateResult]>([
    ['vorige week dinsdag', ok('2026-02-24')],
    ['last Thursday', ok('2026-02-26')],
    ['vorige week vrijdag', ok('2026-02-27')],
    ['afgelopen dinsdag', ok('2026-03-03')],
    ['donderdag', ok('2026-02-26')],
    ['vrijdag', ok('2026-02-27')],
    ['eergisteren', ok('2026-03-03')],
    ['2 dagen geleden', ok('2026-03-03')],
    ['3 maart', ok('2026-03-03')],
    ['5 maart', ok('2026-03-05')],
    ['6 maart', ok('2025-03-06')],
    ['6-3-2026', FUTURE],
    ['3-3-27', FUTURE],
  ])('when someone types "%s", then the reading is %j', (text, expected) => {
    expect(parseUserDate(text, 'en', THURSDAY)).toEqual(expected);
  });
});

describe('parseUserDate, mixed languages and edge days', () => {
  it.each<['nl' | 'en', string]>([
    ['en', 'gisteren'],
    ['nl', 'yesterday'],
    ['en', '21 november'],
    ['nl', '21 November'],
  ])('when the locale is %s and the text is "%s", then it is still read', (locale, text) => {
    expect(parseUserDate(text, locale, SUNDAY)).toEqual(ok('2026-11-21'));
  });

  it('when one month back lands on a day the month lacks, then the last day of that month is used', () => {
    expect(parseUserDate('1 maand geleden', 'nl', '2026-03-31')).toEqual(ok('2026-02-28'));
  });

  it('when today is not a real date, then the caller is told at once', () => {
    expect(() => parseUserDate('gisteren', 'nl', '2026-02-30')).toThrow(RangeError);
  });
});

describe('formatLongDate', () => {
  it.each<[string, 'nl' | 'en', string]>([
    ['2026-03-03', 'nl', 'dinsdag 3 maart 2026'],
    ['2026-03-03', 'en', 'Tuesday 3 March 2026'],
    ['2026-11-22', 'nl', 'zondag 22 november 2026'],
    ['2026-11-22', 'en', 'Sunday 22 November 2026'],
    ['2026-05-14', 'nl', 'donderdag 14 mei 2026'],
    ['2027-01-01', 'en', 'Friday 1 January 2027'],
  ])('when %s is written in %s, then it reads "%s"', (date, locale, expected) => {
    expect(formatLongDate(date, locale)).toBe(expected);
  });

  it.each<['nl' | 'en', string]>([
    ['nl', '2026-02-28'],
    ['en', '2026-02-28'],
    ['nl', '2025-12-31'],
    ['en', '2024-02-29'],
  ])('when the bot’s own %s wording of %s is typed back, then it reads as the same date', (locale, date) => {
    expect(parseUserDate(formatLongDate(date, locale), locale, SUNDAY)).toEqual(ok(date));
  });
});
