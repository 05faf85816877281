import type { Complaint } from '../../domain/complaint/complaint';
import { tFor } from '../i18n/i18n';
import { type ComplaintView, complaintBlocks, type T } from './complaintBlocks';
import { toHtml, toText } from './document';
import type { MailAddress, MailAttachment, RenderedMail, StoredMessage } from './message';

export const COMPLAINT_JSON = 'complaint.json';

/** The attachment a back office imports; its schema is `schemas/complaint.schema.json`. */
export function complaintAttachment(c: Complaint): MailAttachment {
  return { filename: COMPLAINT_JSON, contentType: 'application/json; charset=utf-8', content: `${JSON.stringify(c, null, 2)}\n` };
}

/** Whom an answer reaches: the complainant, or the staff member who entered it for a client without e-mail. */
export function replyAddress(c: Complaint): MailAddress | undefined {
  if (c.complainant.email) return { name: c.complainant.name, address: c.complainant.email };
  if (c.submittedBy?.email) return { name: c.submittedBy.name, address: c.submittedBy.email };
  return undefined;
}

export function standardHeaders(reference: string | undefined, kind: RenderedMail['kind']): Record<string, string> {
  return {
    // Tells auto-responders (holiday replies) not to answer a machine.
    'Auto-Submitted': 'auto-generated',
    'X-Klachtwijzer-Kind': kind,
    ...(reference ? { 'X-Klachtwijzer-Reference': reference } : {}),
  };
}

export function message(parts: Omit<StoredMessage, 'text' | 'html'>, blocks: Parameters<typeof toText>[0]): StoredMessage {
  return { ...parts, text: toText(blocks), html: toHtml(blocks, { lang: parts.locale, title: parts.subject }) };
}

/**
 * The complaint for the organisation's mailbox, in Dutch (the organisations work in Dutch; the
 * complainant's language is named in the mail). The subject carries the organisation and the
 * reference only, never a personal name. Requires `addressedTo.email`.
 */
export function renderComplaintMail(view: ComplaintView): RenderedMail {
  const c = view.complaint;
  if (!c.addressedTo.email) throw new Error('renderComplaintMail needs a mailbox');
  const t = tFor('nl', 'email') as unknown as T;
  const reply = replyAddress(c);
  const blocks = [
    { type: 'title' as const, text: t('organisationMail.title', { reference: c.reference }) },
    { type: 'paragraph' as const, text: t('organisationMail.intro') },
    ...complaintBlocks(view, 'nl', t, { withDeadlines: true }),
    { type: 'paragraph' as const, text: reply ? t('organisationMail.reply', { address: reply.address }) : t('organisationMail.noReplyAddress') },
    { type: 'paragraph' as const, text: t('organisationMail.consent') },
    { type: 'paragraph' as const, text: t('organisationMail.attachment') },
    {
      type: 'paragraph' as const,
      text: view.organisationLink
        ? t('organisationMail.recordLink', { link: view.organisationLink })
        : t('organisationMail.recordCommand', { reference: c.reference }),
    },
    { type: 'paragraph' as const, text: t('footer') },
  ];
  return {
    kind: 'organisation',
    recipientKind: 'organisation',
    message: message(
      {
        to: [{ name: c.organisation.name, address: c.addressedTo.email }],
        ...(reply ? { replyTo: reply } : {}),
        subject: t('organisationMail.subject', { reference: c.reference, organisation: c.organisation.name }),
        attachments: [complaintAttachment(c)],
        headers: standardHeaders(c.reference, 'organisation'),
        locale: 'nl',
      },
      blocks,
    ),
  };
}
