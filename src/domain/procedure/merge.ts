/**
 * Deep merge of a deployment's partial procedure over a built-in one (raw JSON, before
 * validation). Objects merge key by key; the rung arrays `ladder` and `offLadder` merge by rung
 * `id` (an unknown id is appended); every other array replaces the built-in one; `null` removes
 * a field. Neither input is changed.
 *
 * Provenance: a `contact` the override supplies or changes without naming its own `source` gets
 * `{ seed: 'override', section: <where> }`, so a deployer's mailbox is never passed off as a seed fact.
 */
export function mergeProcedure(base: unknown, partial: unknown): unknown {
  return mergeValue(base, partial, []);
}

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

const RUNG_ARRAYS = new Set(['ladder', 'offLadder']);
const CONTACT_FACTS = ['email', 'phone', 'website', 'post'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own, enumerable, and never a prototype: `__proto__` from JSON stays a plain (invalid) key. */
function put(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `ladder[manager].contact`: rungs by id (as an override names them), other items by index. */
function where(path: Path): string {
  return (
    path.reduce<string>((s, k) => {
      if (typeof k === 'number') return `${s}[${k}]`;
      if (k.startsWith('[')) return `${s}${k}`;
      return s === '' ? k : `${s}.${k}`;
    }, '') || '(top level)'
  );
}

function overrideSource(path: Path, previous: unknown): Obj {
  const over = isObj(previous) && typeof previous.seed === 'string' && previous.seed !== 'override'
    ? ` (over seed ${previous.seed}, ${String(previous.section)})`
    : '';
  return { seed: 'override', section: `PROCEDURE_OVERRIDES ${where(path)}${over}` };
}

const suppliesContactFacts = (partial: Obj) => CONTACT_FACTS.some((k) => partial[k] !== undefined && partial[k] !== null);

function mergeValue(base: unknown, partial: unknown, path: Path): unknown {
  if (partial === undefined) return copy(base, path, false);
  if (isObj(partial) && isObj(base)) return mergeObject(base, partial, path);
  if (Array.isArray(partial) && Array.isArray(base) && path.length === 1 && RUNG_ARRAYS.has(String(path[0]))) {
    return mergeRungs(base, partial, path);
  }
  return copy(partial, path, true);
}

function mergeObject(base: Obj, partial: Obj, path: Path): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(base)) {
    if (!(key in partial)) put(out, key, copy(value, [...path, key], false));
  }
  for (const [key, value] of Object.entries(partial)) {
    if (value === null) continue;
    put(out, key, mergeValue(base[key], value, [...path, key]));
  }
  if (path[path.length - 1] === 'contact' && !('source' in partial) && suppliesContactFacts(partial)) {
    put(out, 'source', overrideSource(path, base.source));
  }
  return out;
}

/** Rungs are addressed by id so an override can set one rung's mailbox without restating the ladder. */
function mergeRungs(base: unknown[], partial: unknown[], path: Path): unknown[] {
  const out = base.map((rung) => copy(rung, path, false));
  for (const rung of partial) {
    const at = isObj(rung) && typeof rung.id === 'string' ? out.findIndex((r) => isObj(r) && r.id === rung.id) : -1;
    const key = isObj(rung) && typeof rung.id === 'string' ? `[${rung.id}]` : out.length;
    if (at >= 0) out[at] = mergeObject(out[at] as Obj, rung as Obj, [...path, key]);
    else out.push(copy(rung, [...path, key], true));
  }
  return out;
}

/** A deep copy; values that come from the override get their contacts stamped with the override. */
function copy(value: unknown, path: Path, fromOverride: boolean): unknown {
  if (Array.isArray(value)) return value.map((v, i) => copy(v, [...path, i], fromOverride));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null || !fromOverride) put(out, key, copy(v, [...path, key], fromOverride));
  }
  if (fromOverride && path[path.length - 1] === 'contact' && !('source' in value) && suppliesContactFacts(value)) {
    put(out, 'source', overrideSource(path, undefined));
  }
  return out;
}
