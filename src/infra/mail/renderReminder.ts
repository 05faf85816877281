import type { Complaint } from '../../domain/complaint/complaint';
import type { Procedure, RungId } from '../../domain/procedure/schema';
import { tFor, tVoice } from '../i18n/i18n';
import type { T } from './complaintBlocks';
import type { Block } from './document';
import { longDate, rungTitle } from './format';
import type { RenderedMail } from './message';
import { message, standardHeaders } from './renderComplaintMail';
import { complainantAddress, complainantVoice } from './renderReceipt';

export type ReminderKind = 'acknowledgement' | 'ruling';

export interface ReminderView {
  complaint: Complaint;
  procedure: Procedure;
  kind: ReminderKind;
  receivedOn: string;
  /** The date that passed: the acknowledgement date, or the (extended) ruling date. */
  date: string;
  /** The rung a follow-up would go to; absent after the last rung. */
  nextRung?: RungId;
  /** The chat page with the organisation preset; absent in production without PUBLIC_URL. */
  chatLink?: string;
  /** The organisation's page for this submission; absent without a public address. */
  organisationLink?: string;
}

/**
 * To the complainant, in their language: which date passed, and (for the ruling) that no answer
 * in time is a reason to take the next step, which step that is and how. No complaint text.
 */
export function renderReminder(v: ReminderView): RenderedMail | undefined {
  const c = v.complaint;
  const to = complainantAddress(c);
  if (!to) return undefined;
  const t = tVoice(c.locale, complainantVoice(c), 'email') as unknown as T;
  const organisation = c.organisation.name;
  const args = { reference: c.reference, organisation, receivedOn: longDate(v.receivedOn, c.locale), date: longDate(v.date, c.locale) };
  const how = v.chatLink ? t('reminder.howChat', { link: v.chatLink, reference: c.reference }) : t('reminder.howChatNoLink', { reference: c.reference });
  const blocks: Block[] =
    v.kind === 'acknowledgement'
      ? [
          { type: 'title', text: t('reminder.ackTitle') },
          { type: 'paragraph', text: t('receipt.hello') },
          { type: 'paragraph', text: t('reminder.ackBody', args) },
          ...(c.addressedTo.email ? [{ type: 'paragraph' as const, text: t('reminder.ackOrgTold', args) }] : []),
          { type: 'paragraph', text: t('reminder.ackIfReceived') },
          { type: 'paragraph', text: v.chatLink ? t('reminder.statusLink', { link: v.chatLink, reference: c.reference }) : t('reminder.status') },
        ]
      : [
          { type: 'title', text: t('reminder.rulingTitle') },
          { type: 'paragraph', text: t('receipt.hello') },
          { type: 'paragraph', text: t('reminder.rulingBody', args) },
          v.nextRung
            ? { type: 'paragraph', text: t('reminder.rulingReason', { next: rungTitle(v.procedure, v.nextRung, c.locale, (id) => t(`rung.${id}`)) }) }
            : { type: 'paragraph', text: t('reminder.rulingLast', args) },
          ...(v.nextRung ? [{ type: 'paragraph' as const, text: how }] : []),
          { type: 'paragraph', text: t('reminder.ifDecided') },
        ];
  blocks.push({ type: 'paragraph', text: t('footer') });
  return {
    kind: 'reminder',
    recipientKind: 'complainant',
    message: message(
      {
        to: [{ name: '', address: to }],
        subject: t(v.kind === 'acknowledgement' ? 'reminder.ackSubject' : 'reminder.rulingSubject', args),
        attachments: [],
        headers: standardHeaders(c.reference, 'reminder'),
        locale: c.locale,
      },
      blocks,
    ),
  };
}

/** To the organisation's mailbox, in Dutch: the acknowledgement date passed. No complaint text. */
export function renderReminderNotice(v: ReminderView): RenderedMail | undefined {
  const c = v.complaint;
  if (!c.addressedTo.email) return undefined;
  const t = tFor('nl', 'email') as unknown as T;
  const args = { reference: c.reference, organisation: c.organisation.name, receivedOn: longDate(v.receivedOn, 'nl'), date: longDate(v.date, 'nl') };
  const blocks: Block[] = [
    { type: 'title', text: t('reminderNotice.title', args) },
    { type: 'paragraph', text: t('reminderNotice.body', args) },
    { type: 'paragraph', text: v.organisationLink ? t('reminderNotice.recordLink', { link: v.organisationLink }) : t('reminderNotice.recordCommand', args) },
    { type: 'paragraph', text: t('reminderNotice.noContent', args) },
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'reminder_notice',
    recipientKind: 'organisation',
    message: message(
      {
        to: [{ name: c.organisation.name, address: c.addressedTo.email }],
        subject: t('reminderNotice.subject', args),
        attachments: [],
        headers: standardHeaders(c.reference, 'reminder_notice'),
        locale: 'nl',
      },
      blocks,
    ),
  };
}
