import { z } from 'zod';

const Account = z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).optional() });

/**
 * The smallest shape an incoming activity must have before the adapter sees it: a type, and the
 * channel and conversation that key the conversation state. Everything else is checked where it
 * is used. A body that fails gets a 400 with the reason, never a 500.
 */
export const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  id: z.string().max(512).optional(),
  serviceUrl: z.string().max(2048).optional(),
  from: Account.optional(),
  recipient: Account.optional(),
  text: z.string().max(100_000).optional(),
  locale: z.string().max(64).optional(),
  deliveryMode: z.string().max(32).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().max(256) })).max(50).optional(),
  membersAdded: z.array(Account).max(100).optional(),
});

export function activityProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (an activity)';
  const result = IncomingActivity.safeParse(body);
  if (result.success) {
    // Replies go to serviceUrl unless they come back in the response: without one there is nowhere to answer.
    const { deliveryMode, serviceUrl } = result.data;
    if (deliveryMode !== 'expectReplies' && !/^https?:\/\/[^\s]+$/i.test(serviceUrl ?? '')) return 'serviceUrl: an http(s) address is needed unless deliveryMode is expectReplies';
    return undefined;
  }
  return result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
