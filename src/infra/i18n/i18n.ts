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
 * at start; `npm run dev` restarts on a change). A call with values fills the remembered text
 * itself where that gives what i18next gives (see `fillsLikeI18next`); anything else (plurals,
 * other options) goes to i18next every time.
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

/** i18next options that change more than which values fill a text: such calls always go to i18next. */
const I18NEXT_OPTIONS = new Set(['count', 'defaultValue', 'lng', 'lngs', 'ns', 'ordinal', 'returnObjects', 'returnDetails', 'joinArrays', 'replace', 'interpolation', 'skipInterpolation', 'postProcess', 'keyPrefix', 'fallbackLng', 'nsSeparator', 'keySeparator']);

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** A text with its `{{name}}` placeholders, as i18next returns it before filling them in. */
interface Template {
  text: string;
  names: string[];
}

function rememberingKeys(t: TFunction): TFunction {
  const texts = new Map<string, string>();
  /** By key and context; null: i18next fills this one itself. */
  const templates = new Map<string, Template | null>();
  const call = t as unknown as (...args: unknown[]) => unknown;

  /** The text filled with `values`, or undefined where i18next must do it. */
  const filled = (key: string, values: Record<string, unknown>): string | undefined => {
    let context = '';
    for (const name in values) {
      const value = values[name];
      if (I18NEXT_OPTIONS.has(name)) return undefined;
      if (name === 'context') {
        if (typeof value !== 'string') return undefined;
        context = value;
      } else if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    }
    const id = `${key}\n${context}`;
    let template = templates.get(id);
    if (template === null) return undefined;
    if (template === undefined) {
      if (templates.size >= REMEMBERED_TEXTS) return undefined;
      const raw = call(key, { ...(context ? { context } : {}), skipInterpolation: true });
      template = typeof raw === 'string' ? { text: raw, names: [...raw.matchAll(PLACEHOLDER)].map((m) => m[1]!) } : null;
      // The first call is checked against i18next: a text it fills differently stays with it.
      const mine = template ? fill(template, values) : undefined;
      if (mine === undefined || mine !== call(key, values)) template = null;
      templates.set(id, template);
      return mine !== undefined && template ? mine : undefined;
    }
    return fill(template, values);
  };

  const remembering = (...args: unknown[]): unknown => {
    const key = args[0];
    if (typeof key !== 'string' || args.length > 2) return call(...args);
    const options = args[1];
    if (options !== undefined) {
      if (options === null || typeof options !== 'object') return call(...args);
      return filled(key, options as Record<string, unknown>) ?? call(...args);
    }
    const known = texts.get(key);
    if (known !== undefined) return known;
    const text = call(key);
    if (typeof text === 'string' && texts.size < REMEMBERED_TEXTS) texts.set(key, text);
    return text;
  };
  // i18next's fixed t carries its language and namespace as properties: keep them.
  return Object.assign(remembering, t) as unknown as TFunction;
}

/**
 * `{{name}}` replaced by its value, as i18next does with `escapeValue: false` and no nesting or
 * formats (the texts use neither); undefined when a placeholder has no value (i18next's choice).
 */
function fill(template: Template, values: Record<string, unknown>): string | undefined {
  if (template.names.some((name) => !(name in values))) return undefined;
  return template.text.replace(PLACEHOLDER, (_m, name: string) => String(values[name]));
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
