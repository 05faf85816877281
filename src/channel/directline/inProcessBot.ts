import type { Activity, CloudAdapter, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotTurn } from './directLine';

/** The protected members of botbuilder's CloudAdapterBase this module relies on (4.23.3). */
interface AdapterInternals {
  botFrameworkAuthentication: {
    createConnectorFactory(claims: unknown): unknown;
  };
  createClaimsIdentity(appId?: string): unknown;
  processActivity(
    auth: { audience: string; claimsIdentity: unknown; connectorFactory: unknown; callerId?: string },
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
}

/**
 * Hands an activity to the bot inside this process, through the same adapter, middleware and
 * `onTurnError` as `/api/messages`, and returns the replies. No JWT is checked here: the caller
 * is our own Direct Line endpoint, which has checked the visitor's token already. The adapter's
 * `processActivity` that takes a ready authentication result is protected in botbuilder's types,
 * but it is the very path the adapter's own named-pipe host uses, with a claims identity of the
 * bot itself, as here.
 */
export function inProcessBot(opts: { adapter: CloudAdapter; logic: (context: TurnContext) => Promise<void>; appId?: string }): BotTurn {
  const adapter = opts.adapter as unknown as AdapterInternals;
  const claimsIdentity = adapter.createClaimsIdentity(opts.appId ?? '');
  const auth = {
    // The public cloud's channel scope, as the adapter's own authentication gives it. With
    // expectReplies the connector built from it is never called.
    audience: 'https://api.botframework.com',
    claimsIdentity,
    connectorFactory: adapter.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
  };
  return async (activity) => {
    const response = await adapter.processActivity.call(opts.adapter, auth, { ...activity, deliveryMode: 'expectReplies' } as Activity, opts.logic);
    if (response && response.status >= 400) throw new Error(`bot answered ${response.status}`);
    return (response?.body as { activities?: Array<Partial<Activity>> } | undefined)?.activities ?? [];
  };
}
