import type { z } from 'zod';
import { Procedure } from './schema';

/** One thing wrong with a procedure, precise enough to fix the file without reading code. */
export interface ProcedureProblem {
  /** The organisation id; absent when the problem is not about one organisation (a broken file). */
  organisation?: string;
  /** Where: `ladder[manager].contact.email`. Array items with an `id` are named by it. */
  field: string;
  problem: string;
}

export type ValidationResult = { ok: true; procedure: Procedure } | { ok: false; problems: ProcedureProblem[] };

export function formatProblem(p: ProcedureProblem): string {
  const who = p.organisation === undefined ? '' : `organisation "${p.organisation}", `;
  return `${who}field ${p.field}: ${p.problem}`;
}

/** Thrown where a deployment's procedures cannot be used; the message lists every problem. */
export class ProcedureError extends Error {
  readonly problems: readonly ProcedureProblem[];

  constructor(problems: readonly ProcedureProblem[], intro = 'Invalid complaint procedure data') {
    super(`${intro}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ProcedureError';
    this.problems = problems;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Renders a zod path against the raw data, so that `['ladder', 1, 'contact']` reads
 * `ladder[manager].contact`: the rung id is what a deployer writes in an override file.
 */
export function fieldPath(raw: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(node)) {
      const item: unknown = node[key];
      const id = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
      const unique = id !== undefined && node.filter((x) => isRecord(x) && x.id === id).length === 1;
      out += unique ? `[${id}]` : `[${key}]`;
      node = item;
    } else {
      const name = String(key);
      out += out === '' ? name : `.${name}`;
      node = isRecord(node) ? node[name] : undefined;
    }
  }
  return out === '' ? '(top level)' : out;
}

function problemsFromIssue(issue: z.core.$ZodIssue, raw: unknown, organisation: string): ProcedureProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      organisation,
      field: fieldPath(raw, [...issue.path, key]),
      problem: 'unknown field: the procedure schema has no field of this name (check the spelling)',
    }));
  }
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  return [
    {
      organisation,
      field: fieldPath(raw, issue.path),
      problem: missing ? `required but missing (expected ${issue.expected})` : issue.message,
    },
  ];
}

/**
 * Checks raw procedure data (a built-in file with a deployment's overrides merged in) against
 * the schema. `orgId` is the id the data was registered under; the file's own `id` must match.
 */
export function validateProcedure(raw: unknown, orgId: string): ValidationResult {
  const problems: ProcedureProblem[] = [];
  if (isRecord(raw) && typeof raw.id === 'string' && raw.id !== orgId) {
    problems.push({ organisation: orgId, field: 'id', problem: `is "${raw.id}" but the procedure is registered as "${orgId}"` });
  }
  const result = Procedure.safeParse(raw);
  if (!result.success) problems.push(...result.error.issues.flatMap((i) => problemsFromIssue(i, raw, orgId)));
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, procedure: result.data };
}
