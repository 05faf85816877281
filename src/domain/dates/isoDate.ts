/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), computed on a day count so that the
 * machine's time zone and summer time never shift a date.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date for these parts, or undefined when no such day exists (31 February). */
export function makeIsoDate(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && makeIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** Throws a RangeError: a malformed date inside the domain is a programming error, not user input. */
export function assertIsoDate(value: string, name = 'date'): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be an existing date as YYYY-MM-DD, got "${value}"`);
}

export function dateParts(date: IsoDate): DateParts {
  assertIsoDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const d = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * Add calendar months; a day that does not exist in the target month becomes that month's
 * last day, so 31 January + 1 month is 28 (or 29) February, never 3 March.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return makeIsoDate(y, m, Math.min(day, daysInMonth(y, m))) ?? raise(`date out of range: ${date} + ${months} months`);
}

function raise(message: string): never {
  throw new RangeError(message);
}
