import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Procedure } from '../../src/domain/procedure/schema';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../src/procedures';

export const LENTL_ONLY = ['ons-welzijn', 'sterker', 'wel-kom', 'vrijwilligerscentrale-nijmegen'] as const;
export const GROUP_004 = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra'] as const;

/** A built-in procedure, validated; a test fails loudly if the data does not pass. */
export function builtin(id: string): Procedure {
  const result = validateProcedure(BUILTIN_PROCEDURES[id], id);
  if (!result.ok) throw new Error(`${id} does not validate: ${JSON.stringify(result.problems, null, 2)}`);
  return result.procedure;
}

export const allBuiltins = (): Procedure[] => ORGANISATION_IDS.map(builtin);

export function seedText(seed: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'seeds', `${seed}.txt`), 'utf8');
}

export interface Found<T> {
  path: string;
  value: T;
  /** The nearest `source` on the object itself or an ancestor. */
  source?: { seed: string; section: string };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSource = (v: unknown): v is { seed: string; section: string } => isObj(v) && typeof v.seed === 'string' && typeof v.section === 'string';

/** Every object in a procedure, with its path and the source that covers it. */
export function walk(value: unknown, path = '', inherited?: Found<unknown>['source']): Found<Obj>[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, `${path}[${i}]`, inherited));
  if (!isObj(value)) return [];
  const source = isSource(value.source) ? value.source : inherited;
  const here: Found<Obj> = { path, value, source };
  return [here, ...Object.entries(value).filter(([k]) => k !== 'source').flatMap(([k, v]) => walk(v, path ? `${path}.${k}` : k, source))];
}

/** Every contact object (rungs, people, referrals, support, the organisation's own). */
export function contacts(p: Procedure): Found<Obj>[] {
  return walk(p).filter((f) => /(^|\.)contact$/.test(f.path));
}

/** The rung's mailbox where the bot may deliver, per rung id. */
export function deliverable(p: Procedure): Record<string, string> {
  return Object.fromEntries(
    [...p.ladder, ...p.offLadder].filter((r) => r.deliverByEmail).map((r) => [r.id, r.contact.email ?? '(none)']),
  );
}
