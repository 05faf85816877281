import { readChoice } from '../../prompt';
import { CARD_CHANNELS, summaryCard } from '../../cards/summaryCard';
import { FLOW_STEPS, type FlowStepId } from '../../ids';
import { choicesFor, paragraphs, yesNo, type StepCtx, type StepDef } from '../kit';
import { destination, summaryFacts, summaryText } from '../summary';

const showsCards = (c: StepCtx) => CARD_CHANNELS.includes(c.channelId);

export const confirm: StepDef = {
  id: 'confirm',
  expects: 'choice',
  owns: [],
  needed: () => true,
  answered: () => false,
  choices: (c) => choicesFor(c, 'confirm', ['send', 'change', 'cancel']),
  prompt(c) {
    const mailbox = c.assessment.route?.email ? undefined : c.t('steps.confirm.no_mailbox_note');
    if (showsCards(c)) return paragraphs(c.t('steps.confirm.card_intro'), mailbox, c.t('steps.confirm.prompt'));
    return paragraphs(summaryText(c), mailbox, c.t('steps.confirm.prompt'));
  },
  attachments: (c) =>
    showsCards(c)
      ? [summaryCard({ title: c.t('summary.title'), facts: summaryFacts(c), destination: destination(c), choices: confirm.choices!(c) })]
      : [],
  read(input, c) {
    const v = readChoice(input, confirm.choices!(c));
    if (v === 'send' || v === 'change' || v === 'cancel') return { ok: true, patch: {}, action: v === 'send' ? 'submit' : v };
    return { ok: false, retry: c.t('steps.confirm.retry') };
  },
};

/** The answers that can be changed from the summary: each fact names its step. */
export function changeChoices(c: StepCtx) {
  const seen = new Set<FlowStepId>();
  const choices = summaryFacts(c)
    .filter((f) => f.step !== 'organisation' || c.services.procedures.list().length > 1)
    .filter((f) => !seen.has(f.step) && Boolean(seen.add(f.step)))
    .map((f) => ({ value: f.step as string, title: f.label }));
  return [...choices, { value: 'keep', title: c.t('choices.change_which.keep') }];
}

export const changeWhich: StepDef = {
  id: 'change_which',
  expects: 'choice',
  owns: [],
  needed: () => false,
  answered: () => false,
  choices: changeChoices,
  prompt: (c) => c.t('steps.change_which.prompt'),
  read(input, c) {
    const v = readChoice(input, changeChoices(c));
    if (!v) return { ok: false, retry: c.t('steps.change_which.retry') };
    return { ok: true, patch: {}, goto: v !== 'keep' && isFlowStep(v) ? v : undefined };
  },
};

export const isFlowStep = (v: string): v is FlowStepId => (FLOW_STEPS as readonly string[]).includes(v);

export const mailSummary: StepDef = {
  id: 'mail_summary',
  expects: 'choice',
  owns: [],
  needed: () => false,
  answered: () => false,
  choices: yesNo,
  prompt: (c) => c.t('steps.mail_summary.prompt', { email: c.a.email }),
  read(input, c) {
    const v = readChoice(input, yesNo(c));
    return v ? { ok: true, patch: {}, action: v === 'yes' ? 'submit' : 'cancel' } : { ok: false, retry: c.t('steps.mail_summary.retry') };
  },
};
