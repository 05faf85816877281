import { addDays, addMonthsClamped, assertIsoDate, dateParts, type IsoDate, isoWeekday, makeIsoDate } from './isoDate';
import { type DateLocale, MONTH_NAMES, MONTH_WORDS, NUMBER_WORDS, WEEKDAY_NAMES, WEEKDAY_WORDS } from './names';

export type { DateLocale };

export type UserDateResult = { ok: true; date: IsoDate } | { ok: false; reason: 'unreadable' | 'future' };

const UNREADABLE: UserDateResult = Object.freeze({ ok: false, reason: 'unreadable' });
const FUTURE: UserDateResult = Object.freeze({ ok: false, reason: 'future' });
/** Complaints are about the past; an earlier year is almost surely a typo. */
const EARLIEST_YEAR = 1900;

/**
 * Read a date as a person types it ("3-3-26", "3 maart", "gisteren", "last Tuesday"), day first,
 * relative to `today`. Dutch and English words are read whatever `locale` is, because people mix
 * them; `locale` is part of the contract for callers and does not change the reading.
 * A date without a year is the most recent such date that is not after `today`.
 */
export function parseUserDate(text: string, locale: DateLocale, today: IsoDate): UserDateResult {
  void locale;
  assertIsoDate(today, 'today');
  const words = normalise(text);
  if (words === '') return UNREADABLE;
  let date: Reading;
  for (const read of READERS) {
    date = read(words, today);
    if (date !== undefined) break;
  }
  if (date === 'future') return FUTURE;
  if (date === undefined || date === null || dateParts(date).year < EARLIEST_YEAR) return UNREADABLE;
  return date > today ? FUTURE : { ok: true, date };
}

/** "dinsdag 3 maart 2026" / "Tuesday 3 March 2026": the way the bot says a deadline. */
export function formatLongDate(date: IsoDate, locale: DateLocale): string {
  const { year, month, day } = dateParts(date);
  return `${WEEKDAY_NAMES[locale][isoWeekday(date) - 1]} ${day} ${MONTH_NAMES[locale][month - 1]} ${year}`;
}

/**
 * A reader returns a date, `null` when the text has the reader's form but names no real date
 * (31-2-2026), `'future'` for words that can only mean a later day, or `undefined` when the
 * text is not its form.
 */
type Reading = IsoDate | null | 'future' | undefined;
type Reader = (words: string, today: IsoDate) => Reading;

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[,!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '')
    // A time of day does not change the date: "gisteren om 15:30", "yesterday at 3 pm".
    .replace(/ (om|at|rond|around|omstreeks) \d{1,2}([:.]\d{2})? ?(uur|u|h|am|pm)?$/, '')
    .replace(/ \d{1,2}:\d{2}$/, '')
    .replace(/^((op|on|the|de) )+(?=\d)/, '')
    .trim();
}

const TODAY_WORDS = ['vandaag', 'today', 'vanochtend', 'vanmorgen', 'vanmiddag', 'vanavond', 'this morning', 'this afternoon', 'this evening', 'tonight'];
const YESTERDAY_WORDS = ['gisteren', 'yesterday', 'gisterochtend', 'gistermorgen', 'gistermiddag', 'gisteravond', 'last night'];
const DAY_BEFORE_WORDS = ['eergisteren', 'the day before yesterday', 'day before yesterday'];
const FUTURE_WORDS = ['morgen', 'overmorgen', 'tomorrow', 'the day after tomorrow', 'day after tomorrow'];

const AGO_UNITS: Record<string, 'day' | 'week' | 'month' | 'year'> = {
  dag: 'day', dagen: 'day', day: 'day', days: 'day',
  week: 'week', weken: 'week', weeks: 'week',
  maand: 'month', maanden: 'month', month: 'month', months: 'month',
  jaar: 'year', year: 'year', years: 'year',
};
const AGO = new RegExp(`^(\\d{1,4}|[a-z]+) (${Object.keys(AGO_UNITS).join('|')}) (geleden|ago)$`);

function readRelative(words: string, today: IsoDate): Reading {
  if (TODAY_WORDS.includes(words)) return today;
  if (YESTERDAY_WORDS.includes(words)) return addDays(today, -1);
  if (DAY_BEFORE_WORDS.includes(words)) return addDays(today, -2);
  if (FUTURE_WORDS.includes(words)) return 'future';
  const m = AGO.exec(words);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS.get(m[1]);
  if (n === undefined) return null;
  switch (AGO_UNITS[m[2]]) {
    case 'day':
      return addDays(today, -n);
    case 'week':
      return addDays(today, -7 * n);
    case 'month':
      return addMonthsClamped(today, -n);
    case 'year':
      return n > 200 ? null : addMonthsClamped(today, -12 * n);
  }
}

function readWeekday(words: string, today: IsoDate): Reading {
  const previousWeek = /^(?:vorige week (\w+)|(\w+) vorige week|last (\w+)|(\w+) last week)$/.exec(words);
  if (previousWeek) {
    const day = WEEKDAY_WORDS.get(previousWeek.slice(1).find(Boolean) ?? '');
    if (day === undefined) return undefined;
    const mondayThisWeek = addDays(today, 1 - isoWeekday(today));
    return addDays(mondayThisWeek, day - 8);
  }
  const recent = /^(?:(?:afgelopen|vorige|jongstleden|this past|past|on) )?(\w+)$/.exec(words);
  const day = recent && WEEKDAY_WORDS.get(recent[1]);
  if (!day) return undefined;
  return addDays(today, -(((isoWeekday(today) - day + 7) % 7) || 7));
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NUMERIC = /^(\d{1,2}) ?([-/.]) ?(\d{1,2})(?: ?\2 ?('?\d{2}|\d{4}))?$/;

function readNumeric(words: string, today: IsoDate): Reading {
  const iso = ISO.exec(words);
  if (iso) return makeIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? null;
  const m = NUMERIC.exec(words);
  if (!m) return undefined;
  return resolve(Number(m[1]), Number(m[3]), m[4], today);
}

const WRITTEN =
  /^(?:(\w+) )?(\d{1,2})(?:st|nd|rd|th|ste|de|e)? (?:of )?([a-z]+)\.?(?: ('?\d{2}|\d{4}))?(?: (?:jl|j\.l))?$/;

function readWritten(words: string, today: IsoDate): Reading {
  const m = WRITTEN.exec(words);
  if (!m) return undefined;
  const month = MONTH_WORDS.get(m[3]);
  if (month === undefined) return undefined;
  const date = resolve(Number(m[2]), month, m[4], today);
  if (m[1] === undefined || date === null) return date;
  const weekday = WEEKDAY_WORDS.get(m[1]);
  // A weekday that contradicts the date leaves us unsure which one the person meant.
  return weekday !== undefined && isoWeekday(date) === weekday ? date : null;
}

function resolve(day: number, month: number, yearText: string | undefined, today: IsoDate): IsoDate | null {
  if (yearText === undefined) return mostRecent(day, month, today);
  return makeIsoDate(fullYear(yearText.replace("'", ''), today), month, day) ?? null;
}

/** A two-digit year goes to the century that puts it nearest to today ('26 → 2026, '99 → 1999). */
function fullYear(text: string, today: IsoDate): number {
  if (text.length === 4) return Number(text);
  const yy = Number(text);
  const thisYear = dateParts(today).year;
  return Math.round((thisYear - yy) / 100) * 100 + yy;
}

function mostRecent(day: number, month: number, today: IsoDate): IsoDate | null {
  const thisYear = dateParts(today).year;
  // Eight years back always meets a 29 February.
  for (let year = thisYear; year >= thisYear - 8; year--) {
    const d = makeIsoDate(year, month, day);
    if (d !== undefined && d <= today) return d;
  }
  return null;
}

const READERS: readonly Reader[] = [readRelative, readWeekday, readNumeric, readWritten];
