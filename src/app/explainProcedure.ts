import type { TFunction } from 'i18next';
import type { Locale } from '../domain/complaint/complaint';
import { type Contact, isDefault, type Procedure, type Rung, type SourceRef, type Term, type Text, type TimeLimitRule } from '../domain/procedure/schema';
import { formatLongDate } from '../domain/dates/parseUserDate';
import type { IsoDate } from '../domain/dates/isoDate';
import { deadlinesFor } from '../domain/rules/deadlinesFor';
import { personRoute } from './personContacts';

/**
 * A procedure in plain words, for a person checking what Klachtwijzer will tell complainants:
 * the ladder step by step, who, how to reach them, terms, time limits, exclusions, referrals,
 * support, and the source of every rule. `t` is fixed to the `procedure` namespace and `lang`.
 */
export function explainProcedure(p: Procedure, t: TFunction, lang: Locale): string {
  const out: string[] = [];
  const text = (x: Text) => x[lang];
  const line = (s: string, indent = 0) => out.push(`${'  '.repeat(indent)}${s}`);
  const item = (s: string, indent = 1) => line(`- ${s}`, indent);
  const heading = (s: string) => out.push('', `## ${s}`, '');
  const source = (s: SourceRef, indent = 1) => line(t('source', { source: sourceText(lang, s, t) }), indent);
  const duration = (amount: number, unit: Term['unit']) => t(`unit.${unit}`, { count: amount });
  const contactLines = (c: Contact, indent: number) => {
    for (const key of ['email', 'phone', 'website', 'post'] as const) {
      const value = c[key];
      if (value) item(t(`contact.${key}`, { value }), indent);
    }
    if (c.source) line(t('source', { source: sourceText(lang, c.source, t) }), indent + 1);
  };

  out.push(`# ${t('title', { name: p.name })}`, '', t('intro', { name: p.name }));
  line(t('regimes', { list: p.regimes.map((r) => t(`regime.${r.regime}`)).join(', ') }));

  heading(t('contactHeading'));
  if (hasContact(p.contact)) contactLines(p.contact, 0);
  else line(t('noContact'));

  heading(t('startHeading'));
  line(t(p.writtenComplaintAtOnce.allowed ? 'writtenAtOnce.allowed' : 'writtenAtOnce.notAllowed'));
  source(p.writtenComplaintAtOnce.source, 0);
  if (!p.writtenComplaintAtOnce.allowed && p.writtenComplaintAtOnce.onRequest) {
    line(t('writtenAtOnce.onRequest'));
    source(p.writtenComplaintAtOnce.onRequest, 0);
  }

  const rung = (r: Rung, label: string) => {
    if (out[out.length - 1] !== '') out.push('');
    out.push(`### ${label}`);
    if (r.names?.length && !r.people?.length) line(t('names', { list: r.names.join(', ') }), 1);
    for (const person of r.people ?? []) {
      item(`${person.name}`, 1);
      contactLines(person.contact, 2);
    }
    for (const note of r.notes ?? []) line(text(note), 1);
    if (r.conversation) line(t('conversation'), 1);
    if (hasContact(r.contact)) contactLines(r.contact, 1);
    if (!r.conversation) line(r.deliverByEmail && r.contact.email ? t('deliverable', { email: r.contact.email }) : t('notDeliverable'), 1);
    if (!r.conversation) {
      if (r.terms.length === 0) line(t('noTerms'), 1);
      for (const term of r.terms) {
        item(t(`term.${term.kind}`, { duration: duration(term.amount, term.unit) }), 1);
        line(t('source', { source: sourceText(lang, term.source, t) }), 2);
      }
    }
    if (r.needs.length > 0) {
      line(t('needsIntro'), 1);
      for (const need of r.needs) item(t(`need.${need}`), 1);
    }
    source(r.source);
  };

  heading(t('ladderHeading'));
  p.ladder.forEach((r, i) => rung(r, t('step', { n: i + 1, title: text(r.title) })));

  if (p.offLadder.length > 0) {
    heading(t('offLadderHeading'));
    for (const r of p.offLadder) rung(r, text(r.title));
  }

  if (p.specialRouting.length > 0) {
    heading(t('specialHeading'));
    for (const s of p.specialRouting) {
      const about = t(`about.${s.about}`);
      const target = s.rung && [...p.ladder, ...p.offLadder].find((r) => r.id === s.rung);
      if (target) item(t('special.rung', { about, target: text(target.title) }), 0);
      if (s.handler) item(t('special.handler', { about, handler: text(s.handler) }), 0);
      for (const term of s.terms ?? []) {
        item(t(`term.${term.kind}`, { duration: duration(term.amount, term.unit) }), 1);
        line(t('source', { source: sourceText(lang, term.source, t) }), 2);
      }
      source(s.source);
    }
  }

  heading(t('eligibilityHeading'));
  for (const r of p.eligibility.roles) {
    const extra = [r.needsWrittenAuthorisation && t('needsWrittenAuthorisation'), r.needsGroupRepresentative && t('needsGroupRepresentative')].filter(Boolean);
    item(`${t(`role.${r.role}`)}${extra.length ? ` (${extra.join('; ')})` : ''}`, 0);
    source(r.source);
  }
  for (const s of p.eligibility.representativeScopes ?? []) {
    item(t('scope', { kind: t(`representative.${s.kind}`), scope: t(`scopeOf.${s.scope}`) }), 0);
    source(s.source);
  }
  const age = p.eligibility.minAgeAlone;
  line(t(isDefault(age.source) ? 'minAgeDefault' : 'minAge', { age: age.age }));
  source(age.source, 0);

  heading(t('timeLimitsHeading'));
  if (p.timeLimits.length === 0) line(t('noTimeLimits'));
  const limitText = (r: TimeLimitRule) =>
    r.months === undefined
      ? t('noLimit', { appliesTo: t(`appliesTo.${r.appliesTo}`) })
      : t('limit', { appliesTo: t(`appliesTo.${r.appliesTo}`), duration: duration(r.months, 'months'), from: t(`countsFrom.${r.countsFrom}`) });
  for (const r of p.timeLimits) {
    if (r.applied) {
      item(limitText(r), 0);
      if (r.months !== undefined) line(t(r.lateAllowedWithReason ? 'lateWithReason' : 'lateMayDecline'), 1);
      if (r.months !== undefined && r.lateSource) source(r.lateSource, 2);
    } else {
      item(t('notApplied', { rule: limitText(r) }), 0);
    }
    source(r.source);
  }

  heading(t('exclusionsHeading'));
  if (p.exclusions.length === 0) line(t('noExclusions'));
  for (const e of p.exclusions) {
    item(`${t(`exclusion.${e.id}`)} ${t(`effect.${e.effect}`)}`, 0);
    if (e.note) line(text(e.note), 1);
    const referral = e.referral && p.referrals.find((r) => r.id === e.referral);
    if (referral) line(t('goTo', { name: text(referral.name) }), 1);
    source(e.source);
  }

  if (p.referrals.length > 0) {
    heading(t('referralsHeading'));
    for (const r of p.referrals) {
      item(text(r.name), 0);
      line(text(r.when), 1);
      contactLines(r.contact, 1);
      source(r.source);
    }
  }

  heading(t('supportHeading'));
  if (p.support.length === 0) line(t('noSupport'));
  for (const s of p.support) {
    item(text(s.name), 0);
    contactLines(s.contact, 1);
    if (s.howToFind) line(text(s.howToFind), 1);
    source(s.source);
  }

  if (p.withdrawal) {
    heading(t('withdrawalHeading'));
    line(text(p.withdrawal.how));
    source(p.withdrawal.source, 0);
  }

  if (p.privacy.consentToShare || p.privacy.retention) {
    heading(t('privacyHeading'));
    if (p.privacy.consentToShare) {
      line(t('consentToShare'));
      source(p.privacy.consentToShare, 0);
    }
    if (p.privacy.retention) line(text(p.privacy.retention));
    if (p.privacy.source) source(p.privacy.source, 0);
  }

  heading(t('sourcesHeading'));
  for (const s of p.sources) item(s, 0);

  if (p.conflicts.length > 0) {
    heading(t('conflictsHeading'));
    for (const c of p.conflicts) {
      item(t('conflict', { field: c.field, chosen: c.chosen, reason: c.reason }), 0);
      for (const s of c.sources) line(t('source', { source: sourceText(lang, s, t) }), 1);
    }
  }
  if (p.gaps.length > 0) {
    heading(t('gapsHeading'));
    for (const g of p.gaps) item(g, 0);
  }
  return `${out.join('\n')}\n`;
}

function hasContact(c: Contact): boolean {
  return Boolean(c.email || c.phone || c.website || c.post);
}

function sourceText(lang: Locale, s: SourceRef, t: TFunction): string {
  if (s.seed === 'default') return t('sourceRef.default', { assumes: s.assumes?.[lang] ?? s.section, section: s.section });
  if (s.seed === 'domain') return t('sourceRef.domain', { section: s.section });
  if (s.seed === 'override') return t('sourceRef.override', { section: s.section });
  return t('sourceRef.seed', { seed: s.seed, section: s.section });
}

/**
 * The procedure for a complainant, in at most 150 plain words: the steps, when an answer comes
 * (as dates, for a complaint sent today), and how to reach a person. The full explanation with
 * its sources is for staff (Teams, `npm run procedure`). `t` is fixed to the `procedure` namespace.
 */
export function summariseProcedure(p: Procedure, t: TFunction, lang: Locale, today: IsoDate, extraDaysOff: readonly string[] = []): string {
  const out = [t('short.title', { name: p.name }), '', t('short.steps')];
  p.ladder.forEach((r, i) => out.push(`${t('short.step', { n: i + 1, title: r.title[lang] })}${r.conversation ? t('short.talk') : ''}`));
  out.push('');
  const written = p.ladder.find((r) => !r.conversation);
  const deadlines = written ? deadlinesFor(p, written, today, extraDaysOff) : {};
  if (deadlines.acknowledgeBy) out.push(t('short.acknowledge', { date: formatLongDate(deadlines.acknowledgeBy, lang) }));
  if (deadlines.decideBy) out.push(t('short.decide', { date: formatLongDate(deadlines.decideBy, lang) }));
  if (!deadlines.decideBy) out.push(t('short.no_terms'));
  out.push('', t('short.person'));
  const route = personRoute(p);
  const contact = route.kind === 'person' ? (route.contact.phone ?? route.contact.email) : route.kind === 'website' ? route.website : undefined;
  if (contact) out.push(t('short.person_contact', { contact }));
  out.push(t('short.more'));
  return out.join('\n');
}
