import { z } from 'zod';

/** Long enough for the bot to answer a too-long message kindly itself; short enough to bound a row. */
export const MAX_TEXT = 20_000;

export const OrganisationId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'organisation ids are lower-case letters, digits and hyphens');
export const PageLanguage = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['nl', 'en'], { error: 'lang must be nl or en' }));

export const ConversationIdParam = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'not a conversation id');

/** Absent or empty means from the start; otherwise the number the previous answer gave. */
export const Watermark = z
  .union([z.literal(''), z.string().regex(/^\d{1,12}$/, 'watermark must be a number')])
  .optional()
  .transform((w) => (w ? Number(w) : 0));

export const TokenRequest = z
  .object({
    organisation: OrganisationId.optional(),
    locale: PageLanguage.optional(),
  })
  .strict();

export const StartConversationBody = z
  .object({
    user: z.object({ id: z.string().max(128).optional(), name: z.string().max(200).optional() }).loose().optional(),
    locale: z.string().max(16).optional(),
  })
  .loose()
  .optional();

const Account = z.object({ id: z.string().max(128).optional(), name: z.string().max(200).optional(), role: z.string().max(32).optional() }).loose();

/** What Web Chat posts; the server sets ids, sender, recipient, conversation and time itself. */
export const PostedActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(MAX_TEXT, `text is longer than ${MAX_TEXT} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    name: z.string().max(200).optional(),
    value: z.unknown().optional(),
    locale: z.string().max(16).optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    from: Account.optional(),
    attachments: z.array(z.object({ contentType: z.string().max(200), name: z.string().max(300).optional() }).loose()).max(10).optional(),
    entities: z.array(z.object({ type: z.string().max(100) }).loose()).max(20).optional(),
    channelData: z
      .object({
        clientActivityID: z.string().max(200).optional(),
        organisation: OrganisationId.optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type PostedActivity = z.infer<typeof PostedActivity>;

/** The first of zod's complaints, in words a developer reading a 400 can act on. */
export function reason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
