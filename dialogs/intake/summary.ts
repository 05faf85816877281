import type { FlowStepId } from '../ids';
import { inSentence, literal, longDate, text } from '../texts/format';
import type { StepCtx } from './kit';
import { rungTitle } from './steps/who';

export interface Fact {
  /** The step that asks for this answer, so that "change" can ask it again. */
  step: FlowStepId;
  label: string;
  value: string;
  /** Free text: shown as a paragraph, not as a short fact. */
  long?: boolean;
}

/** Steps whose answer is what the person typed (the rest are choices and dates the bot words). */
const TYPED = new Set<FlowStepId>(['group_representative', 'client_name', 'late_reason', 'description', 'location', 'employee_name', 'desired_outcome', 'prior_conversations', 'why_insufficient', 'full_name', 'email', 'phone']);

/** The answers as the person will check them, in their language. */
export function summaryFacts(c: StepCtx): Fact[] {
  const { a, t } = c;
  const facts: Fact[] = [];
  const add = (step: FlowStepId, value: string | null | undefined, long = false) => {
    if (value === undefined) return;
    // Shown literally: an answer with markdown or HTML must not become bold text, a link or an image.
    const shown = value === null ? t('summary.skipped') : TYPED.has(step) ? literal(value) : value;
    facts.push({ step, label: t(`summary.${step}`), value: shown, ...(long ? { long } : {}) });
  };
  add('organisation', c.procedure?.name);
  if (a.role) {
    const role = t(`choices.role.${a.role}`);
    add('role', a.representativeKind ? `${role} (${t(`choices.representative_kind.${a.representativeKind}`)})` : role);
  }
  if (a.representativeTopic) add('representative_topic', t(`choices.representative_topic.${a.representativeTopic}`));
  add('group_representative', a.groupRepresentative);
  if (a.ageBand) add('age', t(`choices.age.${a.ageBand}`));
  if (a.hasWrittenAuthorisation !== undefined) add('authorisation', a.hasWrittenAuthorisation ? t('choices.yes') : t('choices.no'));
  add('client_name', a.clientName);
  if (a.about) add('about', t(`choices.about.${a.about}`));
  if (a.ladder) {
    const tried = a.ladder === 'none' ? t('choices.ladder.none') : rungTitle(c, a.ladder);
    add('ladder', a.ladderOutcome ? `${tried} (${t(`choices.ladder_outcome.${a.ladderOutcome}`)})` : tried);
  }
  if (a.category) add('category', t(`choices.category.${a.category}`));
  if (a.eventDate) add('event_date', longDate(a.eventDate, c.locale));
  if (c.assessment.timeLimit?.status === 'late') add('late_reason', a.lateReason, true);
  add('description', a.description, true);
  add('location', a.location);
  add('employee_name', a.employeeName);
  add('desired_outcome', a.desiredOutcome, true);
  add('prior_conversations', a.priorConversations, true);
  add('why_insufficient', a.whyInsufficient, true);
  add('full_name', a.fullName);
  add('email', a.email);
  add('phone', a.phone);
  return facts;
}

/** Where it goes, in words: the rung and its mailbox, or plainly that no mailbox is known. */
export function destination(c: StepCtx): string {
  const r = c.assessment.route;
  if (!r?.rung || !c.procedure) return c.t('summary.no_destination');
  const rung = inSentence(text(r.rung.title, c.locale));
  return r.email
    ? c.t('summary.goes_to', { rung, organisation: c.procedure.name, email: r.email })
    : c.t('summary.no_mailbox', { rung, organisation: c.procedure.name });
}

export function summaryText(c: StepCtx): string {
  const lines = summaryFacts(c).map((f) => (f.long ? `**${f.label}**\n${f.value}` : `**${f.label}:** ${f.value}`));
  return [c.t('summary.title'), lines.join('\n\n'), destination(c)].join('\n\n');
}
