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

export function tFor(locale: Locale, ns?: string): TFunction {
  return getI18n().getFixedT(locale, ns);
}

/** `nl*` and `en*` map to themselves; anything else is Dutch, the source language. */
export function toLocale(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
