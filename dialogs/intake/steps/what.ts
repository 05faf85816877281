import { z } from 'zod';
import { CATEGORIES } from '../../../src/domain/complaint/complaint';
import { parseUserDate } from '../../../src/domain/dates/parseUserDate';
import { matchLocation } from '../../../src/domain/report/locations';
import type { InfoNeed } from '../../../src/domain/procedure/schema';
import { readChoice } from '../../prompt';
import { helpersFor } from '../../../src/domain/rules';
import { longDate, supportText } from '../../texts/format';
import { choicesFor, paragraphs, procedureOf, skipChoice, yesNo, type StepCtx, type StepDef } from '../kit';

const PERSON_ABOUT = ['employee', 'volunteer_or_intern', 'manager', 'director'];
/** The complaint model's own limits for free text (complaint.ts). */
const LongText = z.string().trim().min(1).max(10_000);
const Line = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((s) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s));

// Before the scope is known the path is assumed to go on, so that the progress total is a fair estimate.
const inScope = (c: StepCtx): boolean => c.assessment.scope === undefined || c.assessment.scope.inScope || c.a.scopeGoOn === 'go_on';
const needs = (c: StepCtx, need: InfoNeed): boolean => c.assessment.route?.rung?.needs.includes(need) === true;

function freeText(step: StepDef['id'], key: 'lateReason' | 'description' | 'desiredOutcome' | 'priorConversations' | 'whyInsufficient') {
  return (input: { text: string }, c: StepCtx) => {
    const v = LongText.safeParse(input.text);
    return v.success ? { ok: true as const, patch: { [key]: v.data } } : { ok: false as const, retry: c.t(`steps.${step}.retry`) };
  };
}

export const category: StepDef = {
  id: 'category',
  expects: 'choice',
  owns: ['category'],
  needed: inScope,
  answered: (a) => a.category !== undefined,
  choices: (c) => choicesFor(c, 'category', CATEGORIES),
  prompt: (c) => c.t('steps.category.prompt'),
  read(input, c) {
    const v = readChoice(input, category.choices!(c));
    return v ? { ok: true, patch: { category: v as (typeof CATEGORIES)[number] } } : { ok: false, retry: c.t('steps.category.retry') };
  },
};

/**
 * A date typed in full in the conversation's order cannot be misread: an ISO date, a written
 * month with a four-digit year (3 maart 2026, 3 March 2026), or in Dutch day-month-year in figures
 * (2-11-2026). In English, 3/11/2026 may mean March or November to the writer: that is read back.
 */
export function typedInFull(text: string, locale: StepCtx['locale']): boolean {
  const s = text.trim().toLowerCase();
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(s)) return true;
  if (/^(?:\p{L}+,?\s+)?\d{1,2}\s+\p{L}{3,}\.?\s+\d{4}$/u.test(s)) return true;
  return locale === 'nl' && /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(s);
}

export const eventDate: StepDef = {
  id: 'event_date',
  expects: 'date',
  owns: ['eventDateCandidate', 'eventDate', 'eventDateTypedInFull'],
  clears: ['youthCare', 'lateReason'],
  needed: inScope,
  answered: (a) => a.eventDateCandidate !== undefined,
  prompt: (c) => c.t('steps.event_date.prompt'),
  read(input, c) {
    const d = parseUserDate(input.text, c.locale, c.today);
    if (d.ok && typedInFull(input.text, c.locale)) return { ok: true, patch: { eventDateCandidate: d.date, eventDate: d.date, eventDateTypedInFull: true } };
    if (d.ok) return { ok: true, patch: { eventDateCandidate: d.date, eventDate: undefined, eventDateTypedInFull: undefined } };
    return { ok: false, retry: d.reason === 'future' ? c.t('steps.event_date.future') : c.t('steps.event_date.unreadable') };
  },
};

export const eventDateConfirm: StepDef = {
  id: 'event_date_confirm',
  expects: 'choice',
  owns: [],
  needed: (c) => inScope(c) && c.a.eventDateCandidate !== undefined && c.a.eventDateTypedInFull !== true,
  answered: (a) => a.eventDate !== undefined && a.eventDate === a.eventDateCandidate,
  choices: yesNo,
  prompt: (c) => c.t('steps.event_date_confirm.prompt', { date: longDate(c.a.eventDateCandidate!, c.locale) }),
  read(input, c) {
    const v = readChoice(input, yesNo(c));
    if (v === 'yes') return { ok: true, patch: { eventDate: c.a.eventDateCandidate } };
    if (v === 'no') return { ok: true, patch: { eventDateCandidate: undefined, eventDate: undefined } };
    // Someone who answers "no" with the right date ("nee, 4 maart") gets that date read back.
    const d = parseUserDate(input.text.replace(/^(?:nee|no)[,.!]?\s*/i, ''), c.locale, c.today);
    if (d.ok) return { ok: true, patch: { eventDateCandidate: d.date, eventDate: undefined } };
    return { ok: false, retry: c.t('steps.event_date_confirm.retry') };
  },
};

export const youthCare: StepDef = {
  id: 'youth_care',
  expects: 'choice',
  owns: ['youthCare'],
  clears: ['lateReason'],
  needed: (c) => inScope(c) && c.assessment.youthCareMatters,
  answered: (a) => a.youthCare !== undefined,
  choices: yesNo,
  prompt: (c) => c.t('steps.youth_care.prompt'),
  read(input, c) {
    const v = readChoice(input, yesNo(c));
    return v ? { ok: true, patch: { youthCare: v === 'yes' } } : { ok: false, retry: c.t('steps.youth_care.retry') };
  },
};

export const lateReason: StepDef = {
  id: 'late_reason',
  expects: 'text',
  owns: ['lateReason'],
  needed: (c) => inScope(c) && c.assessment.timeLimit?.status === 'late',
  answered: (a) => a.lateReason !== undefined,
  prompt(c) {
    const limit = c.assessment.timeLimit!;
    return paragraphs(
      c.t('steps.late_reason.intro', { months: limit.months, date: longDate(limit.expiredOn!, c.locale) }),
      limit.lateAllowedWithReason ? c.t('steps.late_reason.may_explain') : c.t('steps.late_reason.may_decline'),
      c.t('steps.late_reason.prompt'),
    );
  },
  read: freeText('late_reason', 'lateReason'),
  after: (c) => [c.t('steps.late_reason.thanks')],
};

export const description: StepDef = {
  id: 'description',
  expects: 'text',
  owns: ['description'],
  needed: inScope,
  answered: (a) => a.description !== undefined,
  prompt: (c) =>
    paragraphs(
      needs(c, 'how_it_arose') ? c.t('steps.description.prompt_how') : c.t('steps.description.prompt'),
      c.t('steps.description.privacy_tip'),
      writingHelp(c),
    ),
  read: freeText('description', 'description'),
};

export const location: StepDef = {
  id: 'location',
  expects: 'text',
  owns: ['location'],
  needed: inScope,
  answered: (a) => a.location !== undefined,
  // The organisation's own locations, when the deployment listed them; typing a place still works.
  choices: (c) => [...(c.procedure?.locations ?? []).map((l) => ({ value: l.id, title: l.name, synonyms: l.aliases })), skipChoice(c)],
  prompt: (c) => (c.procedure?.locations?.length ? c.t('steps.location.prompt_listed') : c.t('steps.location.prompt')),
  read(input, c) {
    const listed = c.procedure?.locations ?? [];
    const v = readChoice(input, location.choices!(c));
    if (v === 'skip') return { ok: true, patch: { location: null } };
    const chosen = listed.find((l) => l.id === v) ?? matchLocation(input.text, listed);
    if (chosen) return { ok: true, patch: { location: chosen.name } };
    const typed = Line.safeParse(input.text);
    return typed.success ? { ok: true, patch: { location: typed.data } } : { ok: false, retry: c.t('steps.location.retry') };
  },
};

export const employeeName: StepDef = {
  id: 'employee_name',
  expects: 'text',
  owns: ['employeeName'],
  needed: (c) => inScope(c) && c.a.about !== undefined && PERSON_ABOUT.includes(c.a.about),
  answered: (a) => a.employeeName !== undefined,
  choices: (c) => [skipChoice(c)],
  prompt: (c) => c.t('steps.employee_name.prompt'),
  read(input, c) {
    if (readChoice(input, [skipChoice(c)])) return { ok: true, patch: { employeeName: null } };
    const v = Line.safeParse(input.text);
    return v.success && v.data.length <= 200 ? { ok: true, patch: { employeeName: v.data } } : { ok: false, retry: c.t('steps.employee_name.retry') };
  },
};

export const desiredOutcome: StepDef = {
  id: 'desired_outcome',
  expects: 'text',
  owns: ['desiredOutcome'],
  needed: inScope,
  answered: (a) => a.desiredOutcome !== undefined,
  prompt: (c) => c.t('steps.desired_outcome.prompt'),
  read: freeText('desired_outcome', 'desiredOutcome'),
};

export const priorConversations: StepDef = {
  id: 'prior_conversations',
  expects: 'text',
  owns: ['priorConversations'],
  needed: (c) => inScope(c) && (needs(c, 'prior_conversations') || needs(c, 'people_spoken_to')),
  answered: (a) => a.priorConversations !== undefined,
  prompt: (c) => paragraphs(c.t('steps.prior_conversations.intro', { rung: c.assessment.route?.rung?.title[c.locale] }), c.t('steps.prior_conversations.prompt')),
  read: freeText('prior_conversations', 'priorConversations'),
};

export const whyInsufficient: StepDef = {
  id: 'why_insufficient',
  expects: 'text',
  owns: ['whyInsufficient'],
  needed: (c) => inScope(c) && needs(c, 'why_outcome_insufficient'),
  answered: (a) => a.whyInsufficient !== undefined,
  prompt: (c) => c.t('steps.why_insufficient.prompt'),
  read: freeText('why_insufficient', 'whyInsufficient'),
};

/** Help with writing, where the procedure offers it (004 §3b: JongLeren's directie-assistent), at the moment of writing. */
function writingHelp(c: StepCtx): string | undefined {
  const help = supportText(
    helpersFor(procedureOf(c), { role: c.a.role, ageBand: c.a.ageBand }).filter((s) => s.kind === 'writing_help'),
    c.locale,
    c.t,
    c.explained,
  );
  return help && `${c.t('helper.writing_help_now')}\n\n${help}`;
}
