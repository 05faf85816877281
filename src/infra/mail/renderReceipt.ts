import type { Complaint } from '../../domain/complaint/complaint';
import type { Contact, Procedure } from '../../domain/procedure/schema';
import { helpersFor } from '../../domain/rules/helpers';
import { findRung } from '../../domain/rules/routing';
import { tVoice, type Voice } from '../i18n/i18n';
import type { T } from './complaintBlocks';
import type { Block } from './document';
import { contactLines, inSentence, longDate, pick, rungTitle } from './format';
import type { RenderedMail } from './message';
import { message, standardHeaders } from './renderComplaintMail';

/** Where a mail to the complainant goes: their own address, else the staff member who entered it. */
export function complainantAddress(c: Complaint): string | undefined {
  return c.complainant.email ?? (c.complainant.role === 'staff_on_behalf' ? c.submittedBy?.email : undefined);
}

/** The rung's routes first, then the organisation's general ones, without repeats. */
export function otherRoutes(procedure: Procedure, rungId: Complaint['addressedTo']['rung']): Contact {
  const rung = findRung(procedure, rungId)?.contact ?? {};
  const routes: Contact = {};
  for (const key of ['email', 'phone', 'website', 'post'] as const) {
    const value = rung[key] ?? procedure.contact[key];
    if (value) routes[key] = value;
  }
  return routes;
}

/** The routes as a list, or (when the procedure gives none) where to ask for them. */
export function contactBlock(contact: Contact, t: T, organisation: string): Block {
  const lines = contactLines(contact, (k) => t(`contact.${k}`));
  return lines.length ? { type: 'list', items: lines } : { type: 'paragraph', text: t('receipt.noRoutes', { organisation }) };
}

/**
 * The people who help complainants for free, from the procedure: the same helpers the chat shows
 * (`helpersFor` with the same facts), each with one plain sentence on what they do and a way to
 * reach them (or the seed's word on how to find them).
 */
export function supportBlocks(procedure: Procedure, c: Complaint, t: T): Block[] {
  const organisation = c.organisation.name;
  const helpers = helpersFor(procedure, { role: c.complainant.role, ageBand: c.client?.ageBand });
  const items = helpers.map((s) => {
    const lines = contactLines(s.contact, (k) => t(`contact.${k}`));
    const how = lines.length ? lines.join(', ') : s.howToFind ? pick(s.howToFind, c.locale) : t('receipt.supportAsk', { organisation });
    return `${pick(s.name, c.locale)}. ${t(`helper.${s.kind}`)} ${how}`;
  });
  const blocks: Block[] = [{ type: 'heading', text: t('receipt.headingSupport') }];
  if (!helpers.some((s) => s.kind === 'vertrouwenspersoon')) blocks.push({ type: 'paragraph', text: t('receipt.supportNone', { organisation }) });
  if (items.length) blocks.push({ type: 'paragraph', text: t('receipt.supportIntro') }, { type: 'list', items });
  return blocks;
}

/**
 * The receipt, in the complainant's language. It repeats none of what was typed in the chat (not
 * even the name, in the header or the greeting): whoever types someone else's address must not be
 * able to send that person their own words. Everything in it comes from the reference, the dates
 * and the organisation's procedure.
 */
export function renderReceipt(args: {
  complaint: Complaint;
  procedure: Procedure;
  deadlines: { acknowledgeBy?: string; decideBy?: string; nonHandlingNoticeBy?: string };
  /** The chat page with the organisation preset, for `status` and `volgende stap`; absent without a public address. */
  chatLink?: string;
}): RenderedMail | undefined {
  const c = args.complaint;
  const to = complainantAddress(c);
  if (!to) return undefined;
  const t = tVoice(c.locale, complainantVoice(c), 'email') as unknown as T;
  const organisation = c.organisation.name;
  const rung = inSentence(rungTitle(args.procedure, c.addressedTo.rung, c.locale, (r) => t(`rung.${r}`)));
  const mailbox = c.addressedTo.email;
  const date = (d: string) => longDate(d, c.locale);

  const blocks: Block[] = [
    { type: 'title', text: t('receipt.title', { organisation }) },
    { type: 'paragraph', text: t('receipt.hello') },
    { type: 'paragraph', text: t('receipt.received', { reference: c.reference }) },
    { type: 'heading', text: t('receipt.headingNext') },
  ];
  if (mailbox) {
    const d = args.deadlines;
    blocks.push(
      { type: 'paragraph', text: t('receipt.sentTo', { rung, organisation }) },
      { type: 'paragraph', text: d.acknowledgeBy ? t('receipt.acknowledgeBy', { organisation, date: date(d.acknowledgeBy) }) : t('receipt.acknowledgeNoTerm', { organisation }) },
      { type: 'paragraph', text: d.decideBy ? t('receipt.decideBy', { date: date(d.decideBy) }) : t('receipt.decideNoTerm') },
    );
    if (d.nonHandlingNoticeBy) blocks.push({ type: 'paragraph', text: t('receipt.notHandledNoticeBy', { organisation, date: date(d.nonHandlingNoticeBy) }) });
  } else {
    blocks.push(
      { type: 'paragraph', text: t('receipt.noMailbox', { rung, organisation }) },
      contactBlock(otherRoutes(args.procedure, c.addressedTo.rung), t, organisation),
      { type: 'paragraph', text: t('receipt.noMailboxSummary') },
      { type: 'paragraph', text: t('receipt.noMailboxTerms', { organisation }) },
    );
  }
  if (mailbox) {
    blocks.push(
      { type: 'heading', text: t('receipt.headingContact') },
      { type: 'paragraph', text: t('receipt.contactIntro', { organisation }) },
      contactBlock(otherRoutes(args.procedure, c.addressedTo.rung), t, organisation),
    );
  }
  blocks.push(
    { type: 'heading', text: t('receipt.headingDocuments') },
    { type: 'paragraph', text: mailbox ? t('receipt.documents', { address: mailbox, reference: c.reference }) : t('receipt.documentsNoMailbox') },
    { type: 'heading', text: t('receipt.headingWithdraw') },
    { type: 'paragraph', text: t('receipt.withdraw') },
  );
  if (args.procedure.withdrawal) blocks.push({ type: 'paragraph', text: pick(args.procedure.withdrawal.how, c.locale) });
  blocks.push({ type: 'heading', text: t('receipt.headingFollowUp') }, { type: 'paragraph', text: t('receipt.followUp') });
  if (args.chatLink) blocks.push({ type: 'paragraph', text: t('receipt.chatLink', { link: args.chatLink }) });
  blocks.push(...supportBlocks(args.procedure, c, t), { type: 'paragraph', text: t('footer') });

  return {
    kind: 'receipt',
    recipientKind: 'complainant',
    message: message(
      {
        to: [{ name: '', address: to }],
        subject: t(mailbox ? 'receipt.subject' : 'receipt.subjectNoMailbox', { reference: c.reference }),
        attachments: [],
        headers: standardHeaders(c.reference, 'receipt'),
        locale: c.locale,
      },
      blocks,
    ),
  };
}

/** The same voice as the chat, in every mail to the complainant: "je" for a complainant under 16 (Dutch only). */
export function complainantVoice(c: Complaint): Voice {
  const young = c.complainant.role === 'self' && (c.client?.ageBand === 'under_12' || c.client?.ageBand === '12_to_15');
  return young ? 'je' : 'u';
}
