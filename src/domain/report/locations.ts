import type { Location } from '../procedure/schema';

/** Case and spaces do not count when a typed place is compared with a listed location. */
export function normaliseLocation(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('nl').replace(/\s+/g, '');
}

/**
 * The listed location a typed place names (its name or one of its aliases, case and spaces
 * ignored), or undefined. What matches none is never shown as typed: it may hold a name or an address.
 */
export function matchLocation(typed: string | null | undefined, locations: readonly Location[] | undefined): Location | undefined {
  if (!typed || !locations?.length) return undefined;
  const key = normaliseLocation(typed);
  if (!key) return undefined;
  return locations.find((l) => [l.name, ...(l.aliases ?? [])].some((n) => normaliseLocation(n) === key));
}
