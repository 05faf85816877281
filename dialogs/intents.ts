import { distance } from 'fastest-levenshtein';
import type { Locale } from '../src/domain/complaint/complaint';
import { getI18n, LOCALES } from '../src/infra/i18n/i18n';
import type { Command } from './services';

/**
 * What a person may ask in their own words at any step, besides answering it: a person, help, to
 * stop, to go back, or that they are in danger. The phrases live in `locales/<lng>/intents.json`
 * (one list per intent); a new intent joins by adding a list there and its name to `PRIORITY`.
 * One-word messages are commands only when they are exactly a command word (dialogs/commands.ts),
 * so `stap` never becomes `stop`.
 */
export type Intent = Extract<Command, 'human' | 'help' | 'stop' | 'back'> | 'danger';

/** When one message matches several intents, the first of these wins: danger before everything. */
export const PRIORITY: readonly Intent[] = ['danger', 'human', 'stop', 'back', 'help'];

/** Words that turn a request around ("ik wil niet stoppen"); they block every intent but danger. */
const NEGATIONS = new Set(['niet', 'geen', 'nooit', 'not', 'dont', 'never']);

/** Chat spellings read as the words the phrase lists use. */
const SPELLINGS: Readonly<Record<string, string>> = {
  k: 'ik',
  n: 'een',
  ff: 'even',
  mn: 'mijn',
  m: 'me',
  wanna: 'want to',
  plz: 'please',
  pls: 'please',
  cant: 'can not',
  cannot: 'can not',
  didnt: 'did not',
  doesnt: 'does not',
  ur: 'your',
  r: 'are',
};

/** Lower case, no accents, no punctuation (don't → dont), chat spellings spelled out. */
export function normalise(text: string): string[] {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (!plain) return [];
  return plain.split(' ').flatMap((w) => (SPELLINGS[w] ?? w).split(' '));
}

/** Two neighbouring letters swapped ("wnat"), which Levenshtein counts as two typos. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * The same word, allowing one typo in a word of four letters or more, two from nine; a typed
 * negation never stands for another word ("geen" never becomes "een").
 */
function sameWord(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (NEGATIONS.has(typed) && !NEGATIONS.has(word)) return false;
  if (Math.min(typed.length, word.length) < 3) return false;
  const len = Math.max(typed.length, word.length);
  const allowed = len >= 9 ? 2 : 1;
  // Words whose lengths differ by more than the typos allowed cannot match (a swap keeps the length).
  if (Math.abs(typed.length - word.length) > allowed) return false;
  return (len >= 4 && distance(typed, word) <= allowed) || swapped(typed, word);
}

/** Up to this many other words may stand between two words of a phrase ("met *echt* iemand praten"). */
const GAP = 2;

/** Where the phrase occurs in the message (its words in order, a small gap allowed): [start, end, matched indexes]. */
function find(words: readonly string[], phrase: readonly string[]): number[] | undefined {
  for (let start = 0; start < words.length; start++) {
    if (!sameWord(words[start], phrase[0])) continue;
    const at = [start];
    let i = start;
    for (const p of phrase.slice(1)) {
      let hit = -1;
      for (let j = i + 1; j <= Math.min(words.length - 1, i + 1 + GAP); j++) {
        if (sameWord(words[j], p)) {
          hit = j;
          break;
        }
      }
      if (hit < 0) break;
      at.push(hit);
      i = hit;
    }
    if (at.length === phrase.length) return at;
  }
  return undefined;
}

export interface RecogniseOptions {
  /** Messages longer than this are answers, not requests (8 at steps that take free text). */
  maxWords: number;
}

export class IntentRecogniser {
  private readonly lists: Array<{ intent: Intent; phrases: string[][] }>;

  constructor(phrases: Readonly<Record<Locale, Partial<Record<string, readonly string[]>>>>) {
    this.lists = PRIORITY.map((intent) => ({
      intent,
      phrases: LOCALES.flatMap((lng) => phrases[lng]?.[intent] ?? []).map(normalise).filter((p) => p.length > 0),
    }));
  }

  /** The phrase lists of `locales/<lng>/intents.json`. */
  static fromLocales(): IntentRecogniser {
    const i18n = getI18n();
    const lists = Object.fromEntries(LOCALES.map((lng) => [lng, (i18n.getResourceBundle(lng, 'intents') ?? {}) as Record<string, string[]>]));
    return new IntentRecogniser(lists as Record<Locale, Record<string, string[]>>);
  }

  /** The intents the message asks for, most urgent first; empty when it is (or may be) an answer. */
  recognise(text: string, opts: RecogniseOptions): Intent[] {
    const words = normalise(text);
    // One word is a command only when it is exactly one (dialogs/commands.ts): never a guess.
    if (words.length < 2) return [];
    // Many phrases start with the same word: whether the message has it is worked out once.
    const firstWords = new Map<string, boolean>();
    const starts = (first: string) => {
      let found = firstWords.get(first);
      if (found === undefined) firstWords.set(first, (found = words.some((w) => sameWord(w, first))));
      return found;
    };
    return this.lists
      .filter(({ intent }) => intent === 'danger' || words.length <= opts.maxWords)
      .filter(({ intent, phrases }) =>
        phrases.some((phrase) => {
          if (!starts(phrase[0]!)) return false;
          const at = find(words, phrase);
          return at !== undefined && (intent === 'danger' || !this.negated(words, phrase, at));
        }),
      )
      .map(({ intent }) => intent);
  }

  private negated(words: readonly string[], phrase: readonly string[], at: readonly number[]): boolean {
    const end = at[at.length - 1];
    return words.some((w, i) => i <= end && !at.includes(i) && NEGATIONS.has(w) && !phrase.includes(w));
  }
}

let shared: IntentRecogniser | undefined;

/** One recogniser per process, built from the locale files at first use. */
export function intentRecogniser(): IntentRecogniser {
  return (shared ??= IntentRecogniser.fromLocales());
}
