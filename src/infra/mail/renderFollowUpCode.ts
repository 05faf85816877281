import type { Complaint } from '../../domain/complaint/complaint';
import { tVoice } from '../i18n/i18n';
import { complainantVoice } from './renderReceipt';
import type { T } from './complaintBlocks';
import type { Block } from './document';
import type { RenderedMail } from './message';
import { message, standardHeaders } from './renderComplaintMail';

/** The one-time code for `volgende stap`, to the address on file, in the complainant's language. No complaint text. */
export function renderFollowUpCode(c: Complaint, to: string, code: string, validUntil: Date): RenderedMail {
  const t = tVoice(c.locale, complainantVoice(c), 'email') as unknown as T;
  const time = validUntil.toLocaleTimeString(c.locale === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });
  const blocks: Block[] = [
    { type: 'title', text: t('followupCode.title') },
    { type: 'paragraph', text: t('receipt.hello') },
    { type: 'paragraph', text: t('followupCode.body', { reference: c.reference, code }) },
    { type: 'paragraph', text: t('followupCode.valid', { time }) },
    { type: 'paragraph', text: t('followupCode.notYou') },
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'followup_code',
    recipientKind: 'complainant',
    message: message(
      { to: [{ name: '', address: to }], subject: t('followupCode.subject', { reference: c.reference }), attachments: [], headers: standardHeaders(c.reference, 'followup_code'), locale: c.locale },
      blocks,
    ),
  };
}
