import { z } from 'zod';

/**
 * A rendered mail as the outbox stores it: everything the transport needs except `From` (taken
 * from MAIL_FROM when it is sent) and the Message-ID (kept with the outbox row). Addresses are
 * objects, never strings, so a name can never be read as header syntax.
 */
export const MailAddress = z.object({ name: z.string().max(300), address: z.string().min(3).max(254) }).strict();
export type MailAddress = z.infer<typeof MailAddress>;

export const MailAttachment = z
  .object({ filename: z.string().min(1), contentType: z.string().min(1), content: z.string() })
  .strict();
export type MailAttachment = z.infer<typeof MailAttachment>;

export const MAIL_KINDS = [
  'organisation',
  'receipt',
  'summary',
  'withdrawal_notice',
  'withdrawal_confirmation',
  'alert',
  'reminder',
  'reminder_notice',
  'followup_code',
] as const;
export const MailKind = z.enum(MAIL_KINDS);
export type MailKind = z.infer<typeof MailKind>;

/** Who receives it: the organisation's mailbox, the complainant (personal data), or the operator. */
export const RecipientKind = z.enum(['organisation', 'complainant', 'operator']);
export type RecipientKind = z.infer<typeof RecipientKind>;

export const StoredMessage = z
  .object({
    to: z.array(MailAddress).min(1),
    replyTo: MailAddress.optional(),
    subject: z.string().min(1).max(300),
    text: z.string(),
    html: z.string(),
    attachments: z.array(MailAttachment),
    /** Message-IDs this mail follows up on (a withdrawal notice names the original complaint mail). */
    references: z.array(z.string()).optional(),
    /** Extra headers with fixed names and values we generate (the reference, the kind). */
    headers: z.record(z.string(), z.string()),
    locale: z.enum(['nl', 'en']),
  })
  .strict();
export type StoredMessage = z.infer<typeof StoredMessage>;

/** What a renderer produces; the use case adds the recipient bookkeeping. */
export interface RenderedMail {
  kind: MailKind;
  recipientKind: RecipientKind;
  message: StoredMessage;
}
