import { addDays, assertIsoDate, type IsoDate, isoWeekday, makeIsoDate } from '../dates/isoDate';

/**
 * Which days an organisation does not work, besides Saturdays, Sundays and the holidays of the
 * Algemene termijnenwet (art. 3 lid 1).
 */
export interface CalendarOptions {
  /** Goede Vrijdag is a holiday under Atw art. 3 lid 2, but many organisations work that day. */
  goodFridayOff: boolean;
  /** 5 mei counts every year under the Atw; a cao may still give the day off only once in 5 years. */
  liberationDayOff: boolean;
  /** Further days off (`YYYY-MM-DD`), such as bridge days or days named by a Koninklijk Besluit. */
  extraDaysOff: readonly string[];
}

/** Easter Sunday by the Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return date(year, month, day);
}

/** The day the King's birthday is celebrated: moved to the Saturday before when it falls on a Sunday. */
function kingsDay(year: number): IsoDate {
  // Koninginnedag (30 April, 1980–2013) moved back a day in the same way.
  const birthday = date(year, 4, year >= 2014 ? 27 : 30);
  return isoWeekday(birthday) === 7 ? addDays(birthday, -1) : birthday;
}

/**
 * The holidays that stop a working-day count in `year`, sorted, as `YYYY-MM-DD`. 1e Paas- and
 * Pinksterdag are left out: they are Sundays.
 */
export function dutchHolidays(year: number, opts: CalendarOptions): IsoDate[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`year must be a Gregorian year, got ${year}`);
  }
  const easter = easterSunday(year);
  const days = [
    date(year, 1, 1),
    addDays(easter, 1),
    addDays(easter, 39),
    addDays(easter, 50),
    kingsDay(year),
    date(year, 12, 25),
    date(year, 12, 26),
  ];
  if (opts.goodFridayOff) days.push(addDays(easter, -2));
  if (opts.liberationDayOff) days.push(date(year, 5, 5));
  for (const extra of opts.extraDaysOff) {
    assertIsoDate(extra, 'extraDaysOff');
    if (extra.startsWith(`${year}-`)) days.push(extra);
  }
  return [...new Set(days)].sort();
}

export function isWorkingDay(day: IsoDate, opts: CalendarOptions): boolean {
  assertIsoDate(day);
  if (isoWeekday(day) >= 6) return false;
  return !dutchHolidays(Number(day.slice(0, 4)), opts).includes(day);
}

/** The first working day after `day`. */
export function nextWorkingDay(day: IsoDate, opts: CalendarOptions): IsoDate {
  let d = addDays(day, 1);
  while (!isWorkingDay(d, opts)) d = addDays(d, 1);
  return d;
}

/** `day` itself when it is a working day, otherwise the first working day after it. */
export function workingDayOnOrAfter(day: IsoDate, opts: CalendarOptions): IsoDate {
  return isWorkingDay(day, opts) ? day : nextWorkingDay(day, opts);
}

/** Count `n` working days, starting with the day after `day` ("binnen 5 werkdagen na ontvangst"). */
export function addWorkingDays(day: IsoDate, n: number, opts: CalendarOptions): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number of 0 or more, got ${n}`);
  assertIsoDate(day);
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, opts);
  return d;
}

/**
 * An organisation's calendar: its own flags plus the deployment's extra days off
 * (EXTRA_DAYS_OFF), merged without duplicates.
 */
export function calendarFor(
  procedureCalendar: CalendarOptions,
  extraDaysOffFromEnv: readonly string[] = [],
): CalendarOptions {
  const extra = [...new Set([...procedureCalendar.extraDaysOff, ...extraDaysOffFromEnv])].sort();
  extra.forEach((d) => assertIsoDate(d, 'extraDaysOff'));
  return {
    goodFridayOff: procedureCalendar.goodFridayOff,
    liberationDayOff: procedureCalendar.liberationDayOff,
    extraDaysOff: extra,
  };
}

/**
 * The calendar of the Algemene termijnenwet, for statutory terms such as Awb bezwaar: Goede
 * Vrijdag (art. 3 lid 2) and 5 mei count, plus the days a Koninklijk Besluit adds (art. 3 lid 3),
 * which the deployment supplies because they are published per year.
 */
export function statutoryCalendar(daysAddedByDecree: readonly string[] = []): CalendarOptions {
  return calendarFor({ goodFridayOff: true, liberationDayOff: true, extraDaysOff: [] }, daysAddedByDecree);
}

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** The last hour asked for and its date: most turns ask for the same hour. */
let lastHour: { hour: number; date: IsoDate } | undefined;

/**
 * The calendar date in the Netherlands at `instant`, whatever the server's time zone. Since 1970
 * Amsterdam's offset from UTC is a whole number of hours, so the date is the same within one UTC
 * hour: it is formatted once per hour (formatting a date in a time zone is slow).
 */
export function amsterdamDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('instant is not a valid Date');
  const hour = Math.floor(ms / HOUR_MS);
  if (lastHour?.hour === hour) return lastHour.date;
  const parts = Object.fromEntries(AMSTERDAM_DATE.formatToParts(instant).map((p) => [p.type, p.value]));
  const today = date(Number(parts.year), Number(parts.month), Number(parts.day));
  if (ms >= 0) lastHour = { hour, date: today };
  return today;
}

function date(year: number, month: number, day: number): IsoDate {
  const d = makeIsoDate(year, month, day);
  if (d === undefined) throw new RangeError(`no such date: ${year}-${month}-${day}`);
  return d;
}
