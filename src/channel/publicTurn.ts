import { type Activity, type CloudAdapter, INVOKE_RESPONSE_KEY, type InvokeResponse, StatusCodes, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * Runs one turn through the adapter's public `processActivityDirect` with a ready authentication
 * result, and gives back what the adapter's protected `processActivity` would have answered the
 * caller: with `deliveryMode: "expectReplies"` status 200 and the replies, for an invoke the
 * bot's invoke response (501 when it gave none), else nothing. `processActivityDirect` drops
 * that answer, so it is taken from the turn context while the turn runs: the reply list itself
 * (which also receives the apology of `onTurnError`, sent on the same context after the logic
 * threw) and the invoke response the bot left in the turn state. (Middleware that answered and
 * stopped the turn before the bot's logic would go unseen; the adapter has no such middleware.)
 */
export async function processTurn(
  adapter: CloudAdapter,
  auth: AuthenticateRequestResult,
  activity: Activity,
  logic: (context: TurnContext) => Promise<void>,
): Promise<InvokeResponse | undefined> {
  // The list and the value, not the context: botbuilder revokes the turn's context when the turn ends.
  let replies: Array<Partial<Activity>> = [];
  let invoke: { value?: InvokeResponse } | undefined;
  await adapter.processActivityDirect(auth, activity, async (context) => {
    replies = context.bufferedReplyActivities;
    try {
      await logic(context);
    } finally {
      invoke = context.turnState.get(INVOKE_RESPONSE_KEY);
    }
  });
  if (activity.deliveryMode === 'expectReplies') return { status: StatusCodes.OK, body: { activities: [...replies] } };
  if (activity.type === 'invoke') return invoke?.value ?? { status: StatusCodes.NOT_IMPLEMENTED };
  return undefined;
}
