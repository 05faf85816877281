import type { Complaint } from '../../domain/complaint/complaint';
import { tFor } from '../i18n/i18n';
import type { T } from './complaintBlocks';
import type { Block } from './document';
import { longDate } from './format';
import type { RenderedMail } from './message';
import { message, replyAddress, standardHeaders } from './renderComplaintMail';
import { complainantAddress } from './renderReceipt';

/** To the mailbox that got the complaint: names the original reference and refers to its mail. */
export function renderWithdrawalNotice(c: Complaint, opts: { receivedOn: string; originalMessageId?: string }): RenderedMail {
  if (!c.addressedTo.email) throw new Error('renderWithdrawalNotice needs a mailbox');
  const t = tFor('nl', 'email') as unknown as T;
  const reply = replyAddress(c);
  const blocks: Block[] = [
    { type: 'title', text: t('withdrawalNotice.title', { reference: c.reference }) },
    { type: 'paragraph', text: t('withdrawalNotice.body', { reference: c.reference, receivedOn: longDate(opts.receivedOn, 'nl') }) },
    ...(reply ? [{ type: 'paragraph' as const, text: t('withdrawalNotice.reply') }] : []),
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'withdrawal_notice',
    recipientKind: 'organisation',
    message: message(
      {
        to: [{ name: c.organisation.name, address: c.addressedTo.email }],
        ...(reply ? { replyTo: reply } : {}),
        subject: t('withdrawalNotice.subject', { reference: c.reference, organisation: c.organisation.name }),
        attachments: [],
        ...(opts.originalMessageId ? { references: [opts.originalMessageId] } : {}),
        headers: standardHeaders(c.reference, 'withdrawal_notice'),
        locale: 'nl',
      },
      blocks,
    ),
  };
}

/**
 * To the complainant, in their language; like the receipt it repeats nothing they typed.
 * `organisationHad`: whether the organisation had the complaint (told), had not yet (we stopped
 * it), or we never had a mailbox (they may have sent it themselves).
 */
export function renderWithdrawalConfirmation(c: Complaint, organisationHad: 'informed' | 'not_yet_sent' | 'no_mailbox'): RenderedMail | undefined {
  const to = complainantAddress(c);
  if (!to) return undefined;
  const t = tFor(c.locale, 'email') as unknown as T;
  const organisation = c.organisation.name;
  const next = { informed: 'withdrawalConfirmation.informed', not_yet_sent: 'withdrawalConfirmation.notYetSent', no_mailbox: 'withdrawalConfirmation.noMailbox' }[organisationHad];
  const blocks: Block[] = [
    { type: 'title', text: t('withdrawalConfirmation.title') },
    { type: 'paragraph', text: t('receipt.hello') },
    { type: 'paragraph', text: t('withdrawalConfirmation.body', { reference: c.reference, organisation }) },
    { type: 'paragraph', text: t(next, { organisation }) },
    { type: 'paragraph', text: t('withdrawalConfirmation.again') },
    { type: 'paragraph', text: t('withdrawalConfirmation.notYou', { organisation }) },
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'withdrawal_confirmation',
    recipientKind: 'complainant',
    message: message(
      {
        to: [{ name: '', address: to }],
        subject: t('withdrawalConfirmation.subject', { reference: c.reference }),
        attachments: [],
        headers: standardHeaders(c.reference, 'withdrawal_confirmation'),
        locale: c.locale,
      },
      blocks,
    ),
  };
}
