import { tFor } from '../i18n/i18n';
import type { T } from './complaintBlocks';
import type { Block } from './document';
import type { MailKind, RecipientKind, RenderedMail } from './message';
import { message, standardHeaders } from './renderComplaintMail';

export interface FailedMailFacts {
  reference: string | null;
  organisationId?: string;
  kind: MailKind;
  recipientKind: RecipientKind;
  /** Shown only for an organisation's mailbox; a complainant's address stays out of the alert. */
  recipient: string | null;
  attempts: number;
  lastError: string;
  firstTry: string;
}

/** For the operator (ALERT_EMAIL), in Dutch; ids and the error only, no complaint content. */
export function renderAlert(to: string, f: FailedMailFacts): RenderedMail {
  const t = tFor('nl', 'email') as unknown as T;
  const reference = f.reference ?? t('alert.noReference');
  const blocks: Block[] = [
    { type: 'title', text: t('alert.title') },
    { type: 'paragraph', text: t('alert.body') },
    {
      type: 'fields',
      rows: [
        [t('alert.reference'), reference],
        ...(f.organisationId ? [[t('alert.organisation'), f.organisationId] as [string, string]] : []),
        [t('alert.kind'), t(`mailKind.${f.kind}`)],
        [t('alert.recipient'), f.recipientKind === 'complainant' || !f.recipient ? t('alert.recipientComplainant') : f.recipient],
        [t('alert.attempts'), String(f.attempts)],
        [t('alert.firstTry'), f.firstTry],
        [t('alert.lastError'), f.lastError],
      ],
    },
    ...(f.reference ? [{ type: 'paragraph' as const, text: t('alert.resend', { reference: f.reference }) }] : []),
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'alert',
    recipientKind: 'operator',
    message: message(
      { to: [{ name: '', address: to }], subject: t('alert.subject', { reference }), attachments: [], headers: standardHeaders(f.reference ?? undefined, 'alert'), locale: 'nl' },
      blocks,
    ),
  };
}
