import { parseUserDate } from '../../../src/domain/dates/parseUserDate';
import type { Referral } from '../../../src/domain/procedure/schema';
import { aboutAnswersFor, helpersFor, scopeAnswersFor, type AboutAnswer, type ScopeAnswer, type ScopeCheck } from '../../../src/domain/rules';
import { readChoice } from '../../prompt';
import { generalRoutes, inSentence, longDate, referralText, supportText, text, youthCareApplies } from '../../texts/format';
import { choicesFor, paragraphs, procedureOf, skipChoice, type StepCtx, type StepDef } from '../kit';
import { rungTitle } from './who';

export const about: StepDef = {
  id: 'about',
  expects: 'choice',
  owns: ['about'],
  clears: ['ladderNone', 'priorConversations', 'whyInsufficient', 'employeeName'],
  needed: () => true,
  answered: (a) => a.about !== undefined,
  // The persons, plus the excluded ones this procedure names (a former employee, someone in a
  // partner organisation): a value of this step, not an extra question.
  choices: (c) => choicesFor(c, 'about', aboutAnswersFor(procedureOf(c))),
  prompt: (c) => c.t('steps.about.prompt'),
  read(input, c) {
    const v = readChoice(input, about.choices!(c));
    return v ? { ok: true, patch: { about: v as AboutAnswer } } : { ok: false, retry: c.t('steps.about.retry') };
  },
  after: (c) => {
    const x = c.assessment.about;
    if (x?.effect === 'redirect') return [paragraphs(c.t(`out_of_scope.${x.exclusion.id}`), x.exclusion.note && text(x.exclusion.note, c.locale)), ...routeNote(c)];
    return routeNote(c);
  },
  ends(c) {
    const x = c.assessment.about;
    if (!x || x.effect === 'redirect') return undefined;
    const ref = x.referralDetails ? referralText(x.referralDetails, c.locale, c.t, c.explained) : c.t('referral.none');
    return {
      outcome: 'referred',
      messages: [paragraphs(c.t(`out_of_scope.${x.exclusion.id}`), x.exclusion.note && text(x.exclusion.note, c.locale), ref, c.t('outcome.no_mail'))],
    };
  },
};

/** Where the complaint will go, said once the ladder and "about" are known. */
function routeNote(c: StepCtx): string[] {
  const r = c.assessment.route;
  if (!r?.rung || !c.a.ladder) return [];
  if (conversationFirst(c) && c.a.ladderNone !== 'go_on') return [];
  const goes = c.t('route.goes_to', { rung: text(r.rung.title, c.locale), organisation: procedureOf(c).name });
  const handler = r.handler ? c.t('route.handler', { handler: text(r.handler, c.locale) }) : undefined;
  const special = r.reasonKey === 'special_routing' && !r.handler ? c.t('route.special', { rung: text(r.rung.title, c.locale) }) : undefined;
  return [paragraphs(special ?? goes, handler, childcareNow(c))];
}

/**
 * 004 §6: once the internal steps are behind (the directie, the external committee), the
 * childcare routes of JongLeren apply: the Klachtenloket Kinderopvang first. Shown here, where
 * they apply, not only in the receipt; never to a child complaining alone.
 */
function childcareNow(c: StepCtx): string | undefined {
  const rung = c.assessment.route?.rung;
  if (!rung || (rung.id !== 'director' && rung.id !== 'external_committee')) return undefined;
  const help = helpersFor(procedureOf(c), { role: c.a.role, ageBand: c.a.ageBand }).filter((s) => s.audience === 'childcare');
  const list = supportText(help, c.locale, c.t, c.explained);
  if (!list) return undefined;
  const commission = procedureOf(c).referrals.find((r) => r.id === 'geschillencommissie_kinderopvang');
  return paragraphs(`${c.t('helper.childcare_now')}\n\n${list}`, commission && referralText(commission, c.locale, c.t, c.explained));
}

export const ladder: StepDef = {
  id: 'ladder',
  expects: 'choice',
  owns: ['ladder'],
  clears: ['ladderOutcome', 'ladderNone', 'priorConversations', 'whyInsufficient'],
  needed: () => true,
  answered: (a) => a.ladder !== undefined,
  choices: (c) => [
    { value: 'none', title: c.t('choices.ladder.none') },
    ...procedureOf(c).ladder.map((r) => ({ value: r.id, title: text(r.title, c.locale) })),
  ],
  prompt(c) {
    const steps = procedureOf(c)
      .ladder.map((r, i) => `${i + 1}. ${text(r.title, c.locale)}`)
      .join('\n');
    // The klachtenfunctionaris in one plain sentence, where the ladder has one (000 A).
    const officer = procedureOf(c).ladder.some((r) => r.id === 'complaints_officer') ? c.t('helper.complaints_officer') : undefined;
    return paragraphs(c.t('steps.ladder.intro', { organisation: procedureOf(c).name }), steps, officer, c.t('steps.ladder.prompt'));
  },
  read(input, c) {
    const v = readChoice(input, ladder.choices!(c));
    return v ? { ok: true, patch: { ladder: v as 'none' } } : { ok: false, retry: c.t('steps.ladder.retry') };
  },
  after: (c, next) => (next === 'ladder_outcome' ? [] : routeNote(c)),
  ends(c) {
    const r = c.assessment.route;
    if (!r || r.rung || c.a.ladder === 'none') return undefined;
    return { outcome: 'referred', messages: [exhaustedText(c)] };
  },
};

function exhaustedText(c: StepCtx): string {
  const refs = c.assessment.route?.referrals ?? [];
  return paragraphs(
    c.t('outcome.ladder_exhausted', { organisation: procedureOf(c).name }),
    refs.length ? refs.map((r) => referralText(r, c.locale, c.t, c.explained)).join('\n\n') : generalRoutes(c.t, youthCareApplies(procedureOf(c), c.a.ageBand), c.explained),
  );
}

export const ladderOutcome: StepDef = {
  id: 'ladder_outcome',
  expects: 'choice',
  owns: ['ladderOutcome'],
  needed: (c) => c.a.ladder !== undefined && c.a.ladder !== 'none',
  answered: (a) => a.ladderOutcome !== undefined,
  choices: (c) => choicesFor(c, 'ladder_outcome', ['not_resolved', 'no_answer_in_time']),
  prompt: (c) => c.t('steps.ladder_outcome.prompt', { rung: rungTitle(c, c.a.ladder ?? '') }),
  read(input, c) {
    const v = readChoice(input, ladderOutcome.choices!(c));
    return v ? { ok: true, patch: { ladderOutcome: v as 'not_resolved' } } : { ok: false, retry: c.t('steps.ladder_outcome.retry') };
  },
  after: (c) => routeNote(c),
};

function conversationFirst(c: StepCtx): boolean {
  return (
    c.a.ladder === 'none' &&
    (c.assessment.route?.reasonKey === 'conversation_first_then_written' || c.assessment.route?.reasonKey === 'conversation_first')
  );
}

export const ladderNone: StepDef = {
  id: 'ladder_none',
  expects: 'choice',
  owns: ['ladderNone'],
  needed: conversationFirst,
  answered: (a) => a.ladderNone !== undefined,
  choices(c) {
    if (onRequest(c)) return [{ value: 'go_on', title: c.t('choices.ladder_none.go_on_on_request') }, ...choicesFor(c, 'ladder_none', ['talk_first', 'tried_already'])];
    return choicesFor(c, 'ladder_none', c.assessment.route?.reasonKey === 'conversation_first' ? ['talk_first', 'tried_already'] : ['go_on', 'talk_first']);
  },
  prompt(c) {
    const p = procedureOf(c);
    const first = p.ladder[0];
    const notes = (first.notes ?? []).map((n) => `- ${text(n, c.locale)}`).join('\n');
    const support = supportText(
      helpersFor(p, { role: c.a.role, ageBand: c.a.ageBand }, { withBringSomeone: true }).filter(
        (s) => s.kind === 'vertrouwenspersoon' || s.kind === 'bring_someone' || s.kind === 'clientondersteuning',
      ),
      c.locale,
      c.t,
      c.explained,
    );
    const allowed = !onRequest(c) && c.assessment.route?.reasonKey === 'conversation_first_then_written';
    const prompt = onRequest(c)
      ? c.t('steps.ladder_none.prompt_on_request', { organisation: p.name })
      : allowed
        ? c.t('steps.ladder_none.prompt_allowed')
        : c.t('steps.ladder_none.prompt_not_allowed', { organisation: p.name });
    return paragraphs(
      c.t('steps.ladder_none.why', { rung: inSentence(text(first.title, c.locale)) }),
      c.t('steps.ladder_none.tips'),
      notes,
      c.t('steps.ladder_none.bring_someone'),
      support,
      prompt,
    );
  },
  read(input, c) {
    const v = readChoice(input, ladderNone.choices!(c));
    if (v === 'tried_already') return { ok: true, patch: { ladder: procedureOf(c).ladder[0].id, ladderNone: undefined } };
    return v ? { ok: true, patch: { ladderNone: v as 'go_on' } } : { ok: false, retry: c.t('steps.ladder_none.retry') };
  },
  after: (c) =>
    c.a.ladderNone === 'go_on' ? [c.t(onRequest(c) ? 'steps.ladder_none.go_on_on_request' : 'steps.ladder_none.go_on'), ...routeNote(c)] : [],
  ends(c) {
    if (c.a.ladderNone !== 'talk_first') return undefined;
    return { outcome: 'advised', messages: [paragraphs(c.t('outcome.talk_first'), c.t('outcome.come_back'))] };
  },
};

/**
 * The procedure asks for the talk first, but lets the leidinggevende take it on request (002
 * §2.3): `go_on` is offered, honestly (flag `no_prior_conversation`).
 */
function onRequest(c: StepCtx): boolean {
  const w = procedureOf(c).writtenComplaintAtOnce;
  return !w.allowed && w.onRequest !== undefined && (c.assessment.route?.afterConversation !== undefined || c.a.ladderNone === 'go_on');
}

export const scope: StepDef = {
  id: 'scope',
  expects: 'choice',
  owns: ['scope'],
  clears: ['decisionDate', 'scopeGoOn'],
  needed: () => true,
  answered: (a) => a.scope !== undefined,
  // Only the answers that matter here: those whose exclusion this organisation's data holds, plus
  // money and punishment (they go on or stop by the data).
  choices: (c) => choicesFor(c, 'scope', scopeAnswersFor(procedureOf(c))),
  prompt: (c) => c.t('steps.scope.prompt'),
  read(input, c) {
    const v = readChoice(input, scope.choices!(c));
    return v ? { ok: true, patch: { scope: v as ScopeAnswer } } : { ok: false, retry: c.t('steps.scope.retry') };
  },
  after(c) {
    const s = c.assessment.scope;
    if (!s?.inScope || !s.note) return [];
    const routes = s.routes?.length ? `${c.t('scope_note.compensation_routes')}\n\n${s.routes.map((r) => referralText(r, c.locale, c.t, c.explained)).join('\n\n')}` : undefined;
    return [paragraphs(c.t(`scope_note.${s.note}`), routes)];
  },
  ends(c) {
    const s = c.assessment.scope;
    if (!s || s.inScope || s.mayGoOn || c.a.scope === 'municipal_decision') return undefined;
    return { outcome: 'referred', messages: [referral(c, s)] };
  },
};

/** The organisation may decline this, but need not: the person hears where else to go, and chooses. */
export const scopeGoOn: StepDef = {
  id: 'scope_go_on',
  expects: 'choice',
  owns: ['scopeGoOn'],
  needed: (c) => c.a.scope !== 'municipal_decision' && c.assessment.scope?.inScope === false && c.assessment.scope.mayGoOn,
  answered: (a) => a.scopeGoOn !== undefined,
  choices: (c) => choicesFor(c, 'scope_go_on', ['go_on', 'end']),
  prompt(c) {
    const s = c.assessment.scope as Extract<ScopeCheck, { inScope: false }>;
    return paragraphs(referral(c, s, false), c.t('steps.scope_go_on.prompt', { organisation: procedureOf(c).name }));
  },
  read(input, c) {
    const v = readChoice(input, scopeGoOn.choices!(c));
    return v ? { ok: true, patch: { scopeGoOn: v as 'go_on' | 'end' } } : { ok: false, retry: c.t('steps.scope_go_on.retry') };
  },
  ends: (c) => (c.a.scopeGoOn === 'end' ? { outcome: 'referred', messages: [c.t('outcome.no_mail')] } : undefined),
};

function referral(c: StepCtx, s: Extract<ScopeCheck, { inScope: false }>, final = true): string {
  const details: Referral | undefined = s.referralDetails;
  const general = s.referral ? c.t(`referral.${s.referral}`) : c.t('referral.none');
  const bezwaar = s.bezwaar
    ? s.bezwaar.passed
      ? c.t('referral.bezwaar_passed', { date: longDate(s.bezwaar.lastDay, c.locale) })
      : c.t('referral.bezwaar_last_day', { date: longDate(s.bezwaar.lastDay, c.locale) })
    : c.a.scope === 'municipal_decision'
      ? c.t('referral.bezwaar_no_date')
      : undefined;
  const support = c.a.scope === 'municipal_decision' ? supportText(procedureOf(c).support.filter((x) => x.kind === 'clientondersteuning'), c.locale, c.t, c.explained) : undefined;
  return paragraphs(
    c.t(`out_of_scope.${s.exclusion}`),
    s.procedureExclusion.note && text(s.procedureExclusion.note, c.locale),
    bezwaar,
    details ? referralText(details, c.locale, c.t, c.explained) : general,
    c.a.scope === 'municipal_decision' ? c.t('referral.bezwaar_help') : undefined,
    support,
    final ? c.t('outcome.no_mail') : undefined,
  );
}

export const decisionDate: StepDef = {
  id: 'decision_date',
  expects: 'date',
  owns: ['decisionDate'],
  needed: (c) => c.a.scope === 'municipal_decision',
  answered: (a) => a.decisionDate !== undefined,
  choices: (c) => [{ ...skipChoice(c), title: c.t('choices.decision_date.unknown') }],
  prompt: (c) => paragraphs(c.t('steps.decision_date.intro'), c.t('steps.decision_date.prompt')),
  read(input, c) {
    if (readChoice(input, decisionDate.choices!(c))) return { ok: true, patch: { decisionDate: null } };
    const d = parseUserDate(input.text, c.locale, c.today);
    if (d.ok) return { ok: true, patch: { decisionDate: d.date } };
    return { ok: false, retry: d.reason === 'future' ? c.t('steps.decision_date.future') : c.t('steps.decision_date.unreadable') };
  },
  ends(c) {
    const s = c.assessment.scope;
    if (!s || s.inScope) return undefined;
    return { outcome: 'referred', messages: [referral(c, s)] };
  },
};
