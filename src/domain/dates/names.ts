/** Month and weekday words in both languages, lower case and without accents. */

export type DateLocale = 'nl' | 'en';

export const MONTH_NAMES: Record<DateLocale, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** Index 0 is Monday (ISO weekday 1). */
export const WEEKDAY_NAMES: Record<DateLocale, readonly string[]> = {
  nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const MONTH_ABBREVIATIONS: Record<string, number> = {
  jan: 1, feb: 2, febr: 2, mrt: 3, mar: 3, maa: 3, apr: 4, jun: 6, jul: 7, aug: 8,
  sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, dec: 12,
};

/** Month number (1–12) for a full or abbreviated name in Dutch or English. */
export const MONTH_WORDS: ReadonlyMap<string, number> = new Map([
  ...MONTH_NAMES.nl.map((m, i) => [m, i + 1] as const),
  ...MONTH_NAMES.en.map((m, i) => [m.toLowerCase(), i + 1] as const),
  ...Object.entries(MONTH_ABBREVIATIONS),
]);

/** ISO weekday (1 = Monday) for a Dutch or English weekday name. */
export const WEEKDAY_WORDS: ReadonlyMap<string, number> = new Map([
  ...WEEKDAY_NAMES.nl.map((d, i) => [d, i + 1] as const),
  ...WEEKDAY_NAMES.en.map((d, i) => [d.toLowerCase(), i + 1] as const),
]);

export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['een', 1], ['twee', 2], ['drie', 3], ['vier', 4], ['vijf', 5], ['zes', 6],
  ['zeven', 7], ['acht', 8], ['negen', 9], ['tien', 10], ['elf', 11], ['twaalf', 12],
  ['a', 1], ['an', 1], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6],
  ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12],
]);
