import { readFileSync } from 'node:fs';
import type { ProcedureRepository } from '../../domain/ports';
import { mergeProcedure } from '../../domain/procedure/merge';
import type { Procedure } from '../../domain/procedure/schema';
import { ProcedureError, type ProcedureProblem, validateProcedure } from '../../domain/procedure/validate';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../procedures';

export interface LoadProceduresOptions {
  /** A JSON file mapping organisation ids to partial procedures (PROCEDURE_OVERRIDES). */
  overridesPath?: string;
  /** The organisations this deployment offers (ORGANISATIONS); all when absent or empty. */
  organisations?: readonly string[];
}

const KNOWN: readonly string[] = ORGANISATION_IDS;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The built-in procedures with the deployment's overrides merged in, each validated by the
 * schema. Fails fast: any problem throws one ProcedureError that lists them all, so a deployment
 * never starts with a procedure it cannot follow. Every override is checked, also for an
 * organisation the deployment does not offer, so a broken file cannot wait for a later switch.
 */
export function loadProcedures(opts: LoadProceduresOptions = {}): ProcedureRepository {
  const selected = opts.organisations && opts.organisations.length > 0 ? opts.organisations : KNOWN;
  const unknown = selected.filter((id) => !KNOWN.includes(id));
  if (unknown.length > 0) {
    throw new ProcedureError(
      unknown.map((id) => ({ organisation: id, field: 'ORGANISATIONS', problem: `unknown organisation; known ids: ${KNOWN.join(', ')}` })),
      'Unknown organisation in the deployment settings',
    );
  }

  const overrides = opts.overridesPath ? readOverrides(opts.overridesPath) : {};
  const problems: ProcedureProblem[] = [];
  const valid = new Map<string, Procedure>();
  for (const id of KNOWN) {
    const raw = id in overrides ? mergeProcedure(BUILTIN_PROCEDURES[id], overrides[id]) : BUILTIN_PROCEDURES[id];
    const result = validateProcedure(raw, id);
    if (result.ok) valid.set(id, deepFreeze(result.procedure));
    else problems.push(...result.problems);
  }
  if (problems.length > 0) {
    throw new ProcedureError(problems, opts.overridesPath ? `Invalid procedures after applying ${opts.overridesPath}` : 'Invalid built-in procedures');
  }

  const offered = KNOWN.filter((id) => selected.includes(id)).map((id) => valid.get(id)!);
  const byId = new Map(offered.map((p) => [p.id, p]));
  return {
    get: (id) => byId.get(id),
    list: () => [...offered],
  };
}

function readOverrides(path: string): Record<string, unknown> {
  const fail = (field: string, problem: string): never => {
    throw new ProcedureError([{ field, problem }], `Cannot use the procedure overrides file ${path}`);
  };
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail('(file)', `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail('(file)', `not valid JSON: ${jsonErrorWithLine((err as Error).message, text)}`);
  }
  if (!isObj(data)) return fail('(top level)', 'must be a JSON object that maps organisation ids to partial procedures');

  const problems: ProcedureProblem[] = [];
  for (const [id, partial] of Object.entries(data)) {
    if (!KNOWN.includes(id)) {
      problems.push({ organisation: id, field: '(top level)', problem: `unknown organisation id in the overrides file; known ids: ${KNOWN.join(', ')}` });
    } else if (!isObj(partial)) {
      problems.push({ organisation: id, field: '(top level)', problem: 'the override must be a JSON object (a partial procedure)' });
    }
  }
  if (problems.length > 0) throw new ProcedureError(problems, `Cannot use the procedure overrides file ${path}`);
  return data;
}

/** V8 reports a character offset; a deployer editing the file wants a line and column. */
function jsonErrorWithLine(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The procedure of one organisation for a command (`procedure`, `report`), or a ProcedureError
 * that says whether the id is unknown or only not offered by this deployment (`ORGANISATIONS`).
 */
export function procedureForCommand(repository: ProcedureRepository, id: string, action: string): Procedure {
  const procedure = repository.get(id);
  if (procedure) return procedure;
  const known = (ORGANISATION_IDS as readonly string[]).includes(id);
  throw new ProcedureError(
    [
      {
        organisation: id,
        field: known ? 'ORGANISATIONS' : '<organisation-id>',
        problem: known ? 'this deployment does not offer this organisation' : `unknown organisation; known ids: ${repository.list().map((p) => p.id).join(', ')}`,
      },
    ],
    action,
  );
}
