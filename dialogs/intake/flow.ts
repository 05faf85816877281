import type { Answers } from '../../src/app/intake/answers';
import { FLOW_STEPS, type FlowStepId, type StepId } from '../ids';
import type { Ending, StepCtx, StepDef } from './kit';
import { changeWhich, confirm, mailSummary } from './steps/confirm';
import { anonymous, consent, email, fullName, noConsent, phone } from './steps/contact';
import {
  category,
  description,
  desiredOutcome,
  employeeName,
  eventDate,
  eventDateConfirm,
  lateReason,
  location,
  priorConversations,
  whyInsufficient,
  youthCare,
} from './steps/what';
import { about, decisionDate, ladder, ladderNone, ladderOutcome, scope, scopeGoOn } from './steps/where';
import {
  age,
  authorisation,
  clientName,
  groupRepresentative,
  minorHelp,
  organisation,
  representativeKind,
  representativeTopic,
  role,
} from './steps/who';

const ALL: StepDef[] = [
  organisation,
  role,
  representativeKind,
  representativeTopic,
  groupRepresentative,
  age,
  minorHelp,
  authorisation,
  clientName,
  about,
  ladder,
  ladderOutcome,
  ladderNone,
  scope,
  decisionDate,
  scopeGoOn,
  category,
  eventDate,
  eventDateConfirm,
  youthCare,
  lateReason,
  description,
  location,
  employeeName,
  desiredOutcome,
  priorConversations,
  whyInsufficient,
  fullName,
  anonymous,
  email,
  phone,
  consent,
  noConsent,
  confirm,
  changeWhich,
  mailSummary,
];

export const STEPS: ReadonlyMap<StepId, StepDef> = new Map(ALL.map((s) => [s.id, s]));

export function stepDef(id: StepId): StepDef {
  const def = STEPS.get(id);
  if (!def) throw new Error(`no step "${id}"`);
  return def;
}

export type Next = { kind: 'ask'; step: FlowStepId } | { kind: 'end'; ending: Ending; at: FlowStepId };

/** The first step on the path still to answer, or the ending the answers lead to. */
export function nextStep(c: StepCtx): Next {
  for (const id of FLOW_STEPS) {
    const def = stepDef(id);
    if (!def.needed(c)) continue;
    if (!def.answered(c.a)) return { kind: 'ask', step: id };
    const ending = def.ends?.(c);
    if (ending) return { kind: 'end', ending, at: id };
  }
  return { kind: 'ask', step: 'confirm' };
}

/** Where `step` stands on the path these answers make: current never exceeds total. */
export function progress(c: StepCtx, step: StepId): { current: number; total: number } {
  const path: FlowStepId[] = [];
  for (const id of FLOW_STEPS) {
    const def = stepDef(id);
    if (!def.needed(c)) continue;
    path.push(id);
    if (def.answered(c.a) && def.ends?.(c)) break;
  }
  const at = path.indexOf(step as FlowStepId);
  const total = path.length;
  return { current: at >= 0 ? at + 1 : total, total };
}

/** Apply an answer; when it changes what was there, drop the answers that depended on it. */
export function applyPatch(a: Answers, def: StepDef, patch: Partial<Answers>): Answers {
  const changed = (Object.keys(patch) as Array<keyof Answers>).some((k) => a[k] !== patch[k]);
  const next: Answers = { ...a, ...patch };
  if (changed) for (const k of def.clears ?? []) if (!(k in patch)) delete next[k];
  for (const k of Object.keys(next) as Array<keyof Answers>) if (next[k] === undefined) delete next[k];
  return next;
}

/** Clear a step's own answers (and what depends on them) so that it is asked again. */
export function clearStep(a: Answers, id: FlowStepId): Answers {
  const def = stepDef(id);
  const next: Answers = { ...a };
  for (const k of [...def.owns, ...(def.clears ?? [])]) delete next[k];
  return next;
}
