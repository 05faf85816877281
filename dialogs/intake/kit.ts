import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { AnswerKey, Answers } from '../../src/app/intake/answers';
import type { Assessment } from '../../src/app/intake/assess';
import type { Locale } from '../../src/domain/complaint/complaint';
import type { IsoDate } from '../../src/domain/dates/isoDate';
import type { Procedure } from '../../src/domain/procedure/schema';
import type { Expects, FlowStepId, OutcomeKind, StepId } from '../ids';
import type { Choice } from '../prompt';
import type { DialogServices, TurnInput } from '../services';

/** Everything a step may look at: the answers, what the rules say about them, and the turn. */
export interface StepCtx {
  t: TFunction;
  locale: Locale;
  a: Answers;
  /** Absent only before the organisation is known. */
  procedure?: Procedure;
  assessment: Assessment;
  today: IsoDate;
  channelId: string;
  /** `staff_on_behalf` may be offered: Teams, from an allowed tenant (TEAMS_TENANT_IDS). */
  staffAllowed?: boolean;
  services: DialogServices;
  /** The page named the organisation (`channelData.organisation`). */
  organisationPreset?: boolean;
  /** Helpers already explained in this conversation: their sentence is said once. */
  explained?: string[];
}

export type ReadResult =
  | {
      ok: true;
      patch: Partial<Answers>;
      action?: 'submit' | 'change' | 'cancel';
      /** From the summary: ask this step again. */
      goto?: FlowStepId;
    }
  | { ok: false; retry: string };

export interface Ending {
  outcome: OutcomeKind;
  messages: string[];
}

export interface StepDef {
  id: StepId;
  expects: Expects;
  /** On the path for these answers (a step whose condition is still unknown is not). */
  needed(c: StepCtx): boolean;
  answered(a: Answers): boolean;
  choices?(c: StepCtx): Choice[];
  prompt(c: StepCtx): string;
  /** After an answer that was not understood: the question alone, where the prompt is long. */
  reprompt?(c: StepCtx): string;
  attachments?(c: StepCtx): Attachment[];
  read(input: TurnInput, c: StepCtx): ReadResult;
  /** Messages after a valid answer, with the new answers; `next` is the step asked next. */
  after?(c: StepCtx, next: StepId | undefined): string[];
  /** When answered: does the conversation end here (a referral, a stop)? */
  ends?(c: StepCtx): Ending | undefined;
  /** The answers this step holds; cleared when the person changes this step from the summary. */
  owns: AnswerKey[];
  /** Answers that depend on this one: cleared when this answer changes. */
  clears?: AnswerKey[];
}

export function procedureOf(c: StepCtx): Procedure {
  if (!c.procedure) throw new Error('this step needs the organisation to be known');
  return c.procedure;
}

/** A choice list whose titles are `choices.<step>.<value>`. */
export function choicesFor(c: StepCtx, step: FlowStepId, values: readonly string[]): Choice[] {
  // A parent speaks about their child, a representative or staff member about the person: a
  // `_child` / `_client` variant of the title where there is one.
  const role = c.a.role;
  const about = role === 'parent_or_guardian' ? 'child' : role && !['self', 'affected_party', 'group'].includes(role) ? 'client' : undefined;
  return values.map((value) => {
    const key = `choices.${step}.${value}`;
    return { value, title: about ? c.t([`${key}_${about}`, key]) : c.t(key) };
  });
}

export function yesNo(c: StepCtx): Choice[] {
  return [
    { value: 'yes', title: c.t('choices.yes'), synonyms: ['ja', 'j', 'yes', 'y', 'jawel', 'klopt', 'ok', 'oké', 'goed', 'correct', 'right'] },
    { value: 'no', title: c.t('choices.no'), synonyms: ['nee', 'n', 'no', 'neen', 'niet', 'klopt niet', 'not right', 'wrong'] },
  ];
}

export function skipChoice(c: StepCtx): Choice {
  return { value: 'skip', title: c.t('choices.skip'), synonyms: ['overslaan', 'skip', 'sla over', 'weet ik niet', "don't know", 'geen', 'none', '-'] };
}

export const paragraphs = (...parts: Array<string | undefined | false>): string => parts.filter(Boolean).join('\n\n');
