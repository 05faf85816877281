import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import type { Locale } from '../../domain/complaint/complaint';
import { projectRoot } from '../projectRoot';

export const LOCALES: readonly Locale[] = ['nl', 'en'];

/** Reads every `locales/<lng>/<ns>.json` once, at start. */
export function loadResources(dir = join(projectRoot(), 'locales')): Resource {
  const resources: Resource = {};
  for (const lng of LOCALES) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8'));
    }
  }
  return resources;
}

let shared: i18n | undefined;

/**
 * One i18next instance for the process. Never call its global `t` in a turn: another turn may
 * have switched the language. Use `tFor(locale)` (a fixed t per turn).
 */
export function getI18n(): i18n {
  if (shared) return shared;
  const instance = i18next.createInstance();
  const resources = loadResources();
  void instance.init({
    resources,
    lng: 'nl',
    fallbackLng: 'nl',
    supportedLngs: [...LOCALES],
    ns: Object.keys(resources.nl),
    defaultNS: 'bot',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  shared = instance;
  return instance;
}

const fixedTs = new Map<string, TFunction>();

/**
 * The t of one language (and namespace), made once per process. A call with a key alone is
 * looked up once and then remembered: its text depends on nothing else (the texts are read once
 * at start; `npm run dev` restarts on a change). A call with options goes to i18next every time.
 */
export function tFor(locale: Locale, ns?: string): TFunction {
  const id = `${locale}\n${ns ?? ''}`;
  let t = fixedTs.get(id);
  if (!t) {
    t = rememberingKeys(getI18n().getFixedT(locale, ns));
    fixedTs.set(id, t);
  }
  return t;
}

/** At most this many remembered texts per language and namespace (a key is never user input, but bounded all the same). */
const REMEMBERED_TEXTS = 5000;

function rememberingKeys(t: TFunction): TFunction {
  const texts = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const remembering = (...args: unknown[]): unknown => {
    const key = args[0];
    if (typeof key !== 'string' || args.length > 2 || (args.length === 2 && args[1] !== undefined)) return call(...args);
    const known = texts.get(key);
    if (known !== undefined) return known;
    const text = call(key);
    if (typeof text === 'string' && texts.size < REMEMBERED_TEXTS) texts.set(key, text);
    return text;
  };
  // i18next's fixed t carries its language and namespace as properties: keep them.
  return Object.assign(remembering, t) as unknown as TFunction;
}

/** How the bot addresses the person in Dutch: "je" (under 16, or who writes "je"), else "u". */
export type Voice = 'je' | 'u';

/**
 * The bot's texts in the person's voice: in Dutch with "je", a key's `_je` variant where there is
 * one (i18next context), else the key itself. English has one "you".
 */
export function tVoice(locale: Locale, voice: Voice | undefined, ns = 'bot'): TFunction {
  const base = tFor(locale, ns);
  if (locale !== 'nl' || voice !== 'je') return base;
  const voiced = (key: string | string[], options?: Record<string, unknown>) => base(key as string, { context: 'je', ...(options ?? {}) });
  return voiced as unknown as TFunction;
}

/** `nl*` and `en*` map to themselves; anything else is Dutch, the source language. */
export function toLocale(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
