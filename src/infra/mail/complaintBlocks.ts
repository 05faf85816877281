import type { Complaint, Locale } from '../../domain/complaint/complaint';
import type { Deadlines } from '../../domain/deadlines/deadlines';
import type { Procedure, RungId } from '../../domain/procedure/schema';
import type { Block } from './document';
import { capitalise, longDate, regelingName, rungTitle } from './format';

export type T = (key: string, values?: Record<string, unknown>) => string;

export interface ComplaintView {
  complaint: Complaint;
  procedure?: Procedure;
  /** The day the organisation receives it (Amsterdam date of submission). */
  receivedOn: string;
  /** The deadlines with the optional extension; `complaint.deadlines` holds the exported subset. */
  deadlines: Deadlines;
  /** The organisation page of this submission (organisation mail only); absent without a public address. */
  organisationLink?: string;
}

/**
 * The complaint laid out as the organisation's register needs it (seed 004 §8): the complainant
 * and their role, contact, date received, what happened, where, who was involved, the desired
 * solution, the steps already taken, the time limit, and the deadlines as dates.
 */
/** "website-chat" or "Microsoft Teams" for the reader, not the Bot Framework's channel id. */
function channelName(channel: string, t: T): string {
  const key = `channelName.${channel}`;
  const name = /^[a-z0-9_-]+$/i.test(channel) ? t(key) : key;
  return name === key ? channel : name;
}

export function complaintBlocks(view: ComplaintView, locale: Locale, t: T, opts: { withDeadlines: boolean }): Block[] {
  const c = view.complaint;
  const rung = (id: RungId) => rungTitle(view.procedure, id, locale, (r) => t(`rung.${r}`));
  const date = (d: string) => longDate(d, locale);
  const blocks: Block[] = [];

  blocks.push({ type: 'heading', text: t('complaint.headingFacts') });
  blocks.push({
    type: 'fields',
    rows: [
      [t('complaint.reference'), c.reference],
      [t('complaint.organisation'), c.organisation.name],
      [t('complaint.addressedTo'), c.addressedTo.email ? `${rung(c.addressedTo.rung)} (${c.addressedTo.email})` : rung(c.addressedTo.rung)],
      [t('complaint.receivedOn'), date(view.receivedOn)],
      [t('complaint.channel'), channelName(c.channel, t)],
      [t('complaint.language'), c.locale === 'en' ? t('complaint.languageEn') : t('complaint.languageNl')],
    ],
  });

  const person: Array<[string, string]> = [
    [t('complaint.name'), c.complainant.name],
    [t('complaint.role'), t(`role.${c.complainant.role}`)],
  ];
  if (c.complainant.representativeKind) person.push([t('complaint.representativeKind'), t(`representativeKind.${c.complainant.representativeKind}`)]);
  if (c.complainant.hasWrittenAuthorisation !== undefined) {
    person.push([
      t('complaint.writtenAuthorisation'),
      t(c.complainant.hasWrittenAuthorisation ? 'complaint.writtenAuthorisationYes' : 'complaint.writtenAuthorisationNo'),
    ]);
  }
  if (c.complainant.groupRepresentative) person.push([t('complaint.groupRepresentative'), c.complainant.groupRepresentative]);
  if (c.complainant.email) person.push([t('complaint.email'), c.complainant.email]);
  if (c.complainant.phone) person.push([t('complaint.phone'), c.complainant.phone]);
  if (c.client?.name) person.push([t('complaint.clientName'), c.client.name]);
  if (c.client?.ageBand) person.push([t('complaint.clientAge'), t(`ageBand.${c.client.ageBand}`)]);
  if (c.submittedBy) {
    person.push([t('complaint.submittedBy'), c.submittedBy.name]);
    if (c.submittedBy.email) person.push([t('complaint.submittedByEmail'), c.submittedBy.email]);
  }
  blocks.push({ type: 'heading', text: t('complaint.headingComplainant') }, { type: 'fields', rows: person });

  const event: Array<[string, string]> = [
    [t('complaint.eventDate'), date(c.event.date)],
    [t('complaint.category'), t(`category.${c.event.category}`)],
    [t('complaint.about'), t(`about.${c.about}`)],
  ];
  if (c.event.location) event.push([t('complaint.location'), c.event.location]);
  if (c.event.employeeName) event.push([t('complaint.employeeName'), c.event.employeeName]);
  blocks.push(
    { type: 'heading', text: t('complaint.headingEvent') },
    { type: 'fields', rows: event },
    { type: 'longText', label: t('complaint.description'), text: c.event.description },
    { type: 'heading', text: t('complaint.headingOutcome') },
    { type: 'longText', text: c.desiredOutcome },
    { type: 'heading', text: t('complaint.headingSteps') },
  );
  if (c.priorSteps.length === 0) blocks.push({ type: 'paragraph', text: t('complaint.noSteps') });
  else {
    // The general word for each step: a procedure's own titles speak to the complainant ("who helps you").
    const items = c.priorSteps.map((s) => t('complaint.step', { rung: capitalise(t(`rung.${s.rung}`)), outcome: t(`priorOutcome.${s.outcome}`) }));
    blocks.push({ type: 'list', items });
  }
  if (c.priorConversations) blocks.push({ type: 'longText', label: t('complaint.priorConversations'), text: c.priorConversations });
  if (c.whyOutcomeInsufficient) blocks.push({ type: 'longText', label: t('complaint.whyOutcomeInsufficient'), text: c.whyOutcomeInsufficient });

  blocks.push({ type: 'heading', text: t('complaint.headingTimeLimit') });
  const tl = c.timeLimit;
  if (tl.status === 'in_time') {
    blocks.push({ type: 'paragraph', text: tl.expiredOn ? t('complaint.inTimeUntil', { date: date(tl.expiredOn) }) : t('complaint.inTime') });
  } else if (tl.status === 'late') {
    blocks.push({ type: 'paragraph', text: tl.expiredOn ? t('complaint.late', { date: date(tl.expiredOn) }) : t('complaint.lateNoDate') });
    blocks.push(tl.lateReason ? { type: 'longText', label: t('complaint.lateReason'), text: tl.lateReason } : { type: 'paragraph', text: t('complaint.lateNoReason') });
  } else {
    blocks.push({ type: 'paragraph', text: t('complaint.noLimit') });
  }

  if (opts.withDeadlines && c.flags.length > 0) {
    // What the organisation must know beyond the answers: never silently (issue: seed fidelity).
    const items = c.flags.map((f) => (f === 'time_limit_conflict' ? conflictText(view, t, date) : t(`complaint.flag.${f}`)));
    blocks.push({ type: 'heading', text: t('complaint.headingFlags') }, { type: 'list', items });
  }

  if (opts.withDeadlines) {
    const d = view.deadlines;
    const rows: Array<[string, string]> = [
      [t('complaint.acknowledgeBy'), d.acknowledgeBy ? date(d.acknowledgeBy) : t('complaint.noTerm')],
      [t('complaint.decideBy'), d.decideBy ? date(d.decideBy) : t('complaint.noTerm')],
    ];
    if (d.decideByExtended) rows.push([t('complaint.decideByExtended'), date(d.decideByExtended)]);
    if (d.nonHandlingNoticeBy) rows.push([t('complaint.notHandledNoticeBy'), date(d.nonHandlingNoticeBy)]);
    blocks.push({ type: 'heading', text: t('complaint.headingDeadlines') }, { type: 'fields', rows });
  }
  return blocks;
}

const statusText = (status: 'in_time' | 'late' | 'no_limit', expiredOn: string | undefined, t: T, date: (d: string) => string): string =>
  status === 'no_limit' ? t('complaint.conflict.noLimit') : t(`complaint.conflict.${status}`, { date: expiredOn ? date(expiredOn) : '' });

/** Both regelingen named, what each says about this complaint, and which one was applied and why. */
function conflictText(view: ComplaintView, t: T, date: (d: string) => string): string {
  const c = view.complaint;
  const other = c.timeLimit.otherRegeling;
  const appliedSeed = view.procedure?.timeLimits.find((r) => r.applied)?.source.seed ?? '';
  if (!other) return t('complaint.flag.time_limit_conflict');
  return t('complaint.conflict.text', {
    applied: regelingName(view.procedure, appliedSeed),
    appliedSays: statusText(c.timeLimit.status, c.timeLimit.expiredOn, t, date),
    other: `${regelingName(view.procedure, other.seed)}, ${other.section}`,
    otherSays: statusText(other.status, other.expiredOn, t, date),
  });
}
