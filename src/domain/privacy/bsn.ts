/**
 * A BSN (burgerservicenummer) is nine digits that pass the elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9
 * is a multiple of 11. Klachtwijzer never needs one (DOMAIN G1, G5), so a typed BSN is masked
 * before anything is stored or mailed, however it is written: full-width or Arabic-Indic digits,
 * a zero-width character or a soft hyphen inside, tabs, non-breaking or double spaces, and
 * groups joined by spaces, dots, dashes, underscores or slashes (111/222/333).
 */
export function passesElfproef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

export const BSN_MASK = '*********';

const DECIMAL_DIGIT = /^\p{Nd}$/u;
/** Invisible characters that may sit inside a number: zero-width, joiners, BOM, soft hyphen, bidi marks. */
const INVISIBLE = /^[\p{Cf}\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u3164\uFFA0]$/u;
/** Whitespace of any kind (tab, no-break space, thin space, ideographic space, line breaks). */
const SPACE = /^[\s\p{Zs}\u2028\u2029]$/u;
/** Group separators a person may put between digits, after NFKC (which folds full-width ones). */
const SEPARATOR = /^[.\-_/\\\u2010\u2011\u2012\u2013\u2014\u2212\u00B7\u2022]$/u;

/** The ASCII digit a character stands for (any script's decimal digit, after NFKC), or undefined. */
function digitOf(ch: string): string | undefined {
  const folded = ch.normalize('NFKC');
  if (/^[0-9]$/.test(folded)) return folded;
  if (!DECIMAL_DIGIT.test(folded)) return undefined;
  // Unicode puts every script's digits 0–9 in runs of ten; the run starts at its zero.
  let cp = folded.codePointAt(0)!;
  let zero = cp;
  while (zero > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  cp = (cp - zero) % 10;
  return String(cp);
}

type Kind = 'digit' | 'space' | 'sep' | 'invisible' | 'other';

interface Unit {
  kind: Kind;
  /** The digit, or the separator as it counts (all whitespace is one space). */
  value: string;
  start: number;
  end: number;
}

function units(text: string): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    const digit = digitOf(ch);
    if (digit !== undefined) out.push({ kind: 'digit', value: digit, start, end: i });
    else if (INVISIBLE.test(ch)) out.push({ kind: 'invisible', value: '', start, end: i });
    else if (SPACE.test(ch)) out.push({ kind: 'space', value: ' ', start, end: i });
    else {
      const folded = ch.normalize('NFKC');
      out.push(SEPARATOR.test(folded) ? { kind: 'sep', value: folded, start, end: i } : { kind: 'other', value: '', start, end: i });
    }
  }
  return out;
}

interface Group {
  digits: string;
  start: number;
  end: number;
  /** The separator before the next group ('' when nothing follows in this run). */
  sepAfter: string;
}

/**
 * Runs of digit groups: digits (with invisible characters ignored) joined by at most three
 * separator characters (spaces count once, so "111  222  333" is one separator).
 */
function runs(text: string): Group[][] {
  const us = units(text);
  const all: Group[][] = [];
  let run: Group[] = [];
  let k = 0;
  while (k < us.length) {
    const u = us[k]!;
    if (u.kind !== 'digit') {
      k++;
      continue;
    }
    // A group: digits, possibly with invisible characters between them.
    let digits = '';
    const start = u.start;
    let end = u.end;
    while (k < us.length && (us[k]!.kind === 'digit' || (us[k]!.kind === 'invisible' && digits !== ''))) {
      if (us[k]!.kind === 'digit') {
        digits += us[k]!.value;
        end = us[k]!.end;
      }
      k++;
    }
    run.push({ digits, start, end, sepAfter: '' });
    // What follows: a short separator and more digits continue the run.
    let j = k;
    let sep = '';
    let chars = 0;
    while (j < us.length && (us[j]!.kind === 'space' || us[j]!.kind === 'sep' || us[j]!.kind === 'invisible') && chars <= 3) {
      const v = us[j]!.value;
      if (us[j]!.kind !== 'invisible' && !(v === ' ' && sep.endsWith(' '))) sep += v;
      if (us[j]!.kind !== 'invisible') chars++;
      j++;
    }
    const continues = j < us.length && us[j]!.kind === 'digit' && sep.trim().length <= 1 && chars <= 3;
    if (continues) {
      run[run.length - 1]!.sepAfter = sep;
      k = j;
    } else {
      all.push(run);
      run = [];
    }
  }
  if (run.length) all.push(run);
  return all;
}

const ANY_DIGIT = /\p{Nd}/gu;

/**
 * Whether the text holds nine digits at all, in any script or compatibility form: NFKD never
 * composes, so every digit a character stands for (full-width, circled, Arabic-Indic) is a
 * decimal digit of its own there. Most messages have fewer and skip the search per character.
 */
function hasNineDigits(text: string): boolean {
  let n = 0;
  for (const _ of text.normalize('NFKD').matchAll(ANY_DIGIT)) if (++n === 9) return true;
  return false;
}

/** The spans [start, end) of every BSN in the text. */
function bsnSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!hasNineDigits(text)) return spans;
  for (const run of runs(text)) {
    let i = 0;
    while (i < run.length) {
      let found = false;
      // Consecutive groups that make exactly nine digits, joined by one and the same separator.
      let digits = '';
      for (let j = i; j < run.length; j++) {
        digits += run[j]!.digits;
        if (digits.length > 9) break;
        if (j > i && run[j - 1]!.sepAfter !== run[i]!.sepAfter) break;
        if (digits.length === 9) {
          // Groups joined the same way on either side make a longer number (a phone number in groups).
          const sep = run[i]!.sepAfter;
          const partOfLonger = i < j && ((i > 0 && run[i - 1]!.sepAfter === sep) || (j + 1 < run.length && run[j]!.sepAfter === sep));
          if (!partOfLonger && passesElfproef(digits)) {
            spans.push([run[i]!.start, run[j]!.end]);
            i = j + 1;
            found = true;
          }
          break;
        }
      }
      if (!found) i++;
    }
  }
  return spans;
}

/** The text with every BSN replaced by asterisks, and whether one was found. */
export function maskBsn(text: string): { text: string; found: boolean } {
  const spans = bsnSpans(text);
  if (spans.length === 0) return { text, found: false };
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + BSN_MASK;
    at = end;
  }
  return { text: out + text.slice(at), found: true };
}

/**
 * Every string inside a value (a button's or card's `value`, `channelData`) masked, and whether a
 * BSN was found. Object keys are kept; a structure deeper than `maxDepth` is cut off there.
 */
export function maskBsnDeep(value: unknown, maxDepth = 64): { value: unknown; found: boolean } {
  let found = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      const m = maskBsn(v);
      if (m.found) found = true;
      return m.text;
    }
    if (v === null || typeof v !== 'object' || depth >= maxDepth) return depth >= maxDepth && typeof v === 'object' ? null : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      Object.defineProperty(out, k, { value: walk(x, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const masked = walk(value, 0);
  return { value: masked, found };
}
