import { ActivityTypes, InputHints, type Activity, type Attachment, type CardAction } from 'botbuilder';
import type { Expects, OutcomeKind, StepId } from './ids';

export interface Choice {
  value: string;
  title: string;
  /** Other words that mean the same (ja, yes, j). Not sent; used to read the answer. */
  synonyms?: string[];
}

export interface Progress {
  current: number;
  total: number;
}

/** The public step metadata: `channelData.klachtwijzer` (README: "The conversation"). */
export interface StepMeta {
  step: StepId;
  expects: Expects;
  choices?: Array<{ value: string; title: string }>;
  progress: Progress;
}

export const TEAMS_SUGGESTIONS = 3;

/** A message that asks for input: text, the step metadata and the choices as suggested actions. */
export function promptActivity(input: {
  text: string;
  step: StepId;
  expects: Expects;
  choices?: Choice[];
  progress: Progress;
  attachments?: Attachment[];
  channelId?: string;
}): Partial<Activity> {
  const choices = input.choices?.map(({ value, title }) => ({ value, title }));
  const meta: StepMeta = {
    step: input.step,
    expects: input.expects,
    ...(choices && choices.length > 0 ? { choices } : {}),
    progress: { current: Math.min(input.progress.current, input.progress.total), total: input.progress.total },
  };
  // Teams shows at most three suggested actions: longer lists are numbered in the text too.
  const numbered = input.channelId === 'msteams' && choices && choices.length > TEAMS_SUGGESTIONS;
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: numbered ? `${input.text}\n\n${choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}` : input.text,
    inputHint: InputHints.ExpectingInput,
    channelData: { klachtwijzer: meta },
  };
  if (choices && choices.length > 0) {
    // messageBack shows the title in the chat and sends the title as text with the value beside
    // it, so the answer reads well and is recognised either way. Teams shows only imBack
    // suggested actions, whose value is the visible message: there it is the title.
    const actions: CardAction[] = choices.map((c) =>
      input.channelId === 'msteams'
        ? { type: 'imBack', title: c.title, value: c.title }
        : { type: 'messageBack', title: c.title, text: c.title, displayText: c.title, value: c.value },
    );
    activity.suggestedActions = { actions, to: [] };
  }
  if (input.attachments?.length) activity.attachments = input.attachments;
  return activity;
}

/** A plain message; `outcome` marks the last message of a conversation that has ended. */
export function messageActivity(text: string, outcome?: { outcome: OutcomeKind; reference?: string }): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text,
    inputHint: InputHints.AcceptingInput,
    ...(outcome ? { channelData: { klachtwijzerOutcome: outcome } } : {}),
  };
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[!.?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The value of the choice the answer names: its value or title (any case), or a synonym. */
export function readChoice(answer: { text: string; choice?: string }, choices: readonly Choice[]): string | undefined {
  const candidates = [answer.choice, answer.text].filter((x): x is string => typeof x === 'string' && x.trim() !== '').map(fold);
  for (const c of candidates) {
    const hit = choices.find((ch) => fold(ch.value) === c || fold(ch.title) === c || ch.synonyms?.some((s) => fold(s) === c));
    if (hit) return hit.value;
  }
  return undefined;
}

/** "2" for the second of a numbered list (Teams), on a step that expects a choice, not a number. */
export function readIndex(text: string, choices: readonly Choice[]): string | undefined {
  const m = /^(\d{1,2})\.?$/.exec(text.trim());
  const i = m ? Number(m[1]) - 1 : -1;
  return i >= 0 && i < choices.length ? choices[i].value : undefined;
}
