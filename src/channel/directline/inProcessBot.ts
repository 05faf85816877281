import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import { BoundedPromiseCache } from '../reusedClients';
import type { BotTurn } from './directLine';

/**
 * The adapter wants a connector for every turn. With expectReplies it is never called; it carries
 * no credentials, so even if it were, it could not post anywhere as the bot. (A second
 * `ConfigurationBotFrameworkAuthentication` is not used for this: its constructor resets
 * botframework-connector's module-wide App Service Environment settings.)
 */
class NoCredentialsConnectorFactory extends ConnectorFactory {
  /** One client per service URL (there is one: this Direct Line's), not a new pipeline per turn. */
  private readonly clients = new BoundedPromiseCache<ConnectorClient>(4);

  create(serviceUrl: string): Promise<ConnectorClient> {
    return this.clients.get(serviceUrl, async () => new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl }));
  }
}

/**
 * Hands an activity to the bot inside this process, through the same adapter, middleware and
 * `onTurnError` as `/api/messages`, and returns the replies. No JWT is checked here: the caller
 * is our own Direct Line endpoint, which has checked the visitor's token already.
 *
 * Only public botbuilder API: the adapter's `processActivityDirect` with a ready authentication
 * result (a claims identity of the bot itself, as the adapter's named-pipe host builds it).
 * `processActivityDirect` drops the expectReplies body, so the replies are taken from the turn
 * context: with `deliveryMode: "expectReplies"` the context buffers every reply (also the
 * apology of `onTurnError`, which runs on the same context) in `bufferedReplyActivities`, the
 * very list the adapter would have put in the response body. (Middleware that sent something
 * and then stopped the turn before the bot's logic would go unseen; this adapter has none.)
 */
export function inProcessBot(opts: { adapter: CloudAdapter; logic: (context: TurnContext) => Promise<void>; appId?: string }): BotTurn {
  const appId = opts.appId ?? '';
  const claimsIdentity = new ClaimsIdentity([
    { type: AuthenticationConstants.AudienceClaim, value: appId },
    { type: AuthenticationConstants.AppIdClaim, value: appId },
  ]);
  const auth: AuthenticateRequestResult = {
    // The public cloud's channel scope, as the adapter's own authentication gives it.
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    claimsIdentity,
    connectorFactory: new NoCredentialsConnectorFactory(),
  };
  return async (activity) => {
    // The list itself, not the context: botbuilder revokes the turn's context when the turn ends.
    let replies: Array<Partial<Activity>> = [];
    await opts.adapter.processActivityDirect(auth, { ...activity, deliveryMode: 'expectReplies' } as Activity, async (context) => {
      replies = context.bufferedReplyActivities;
      await opts.logic(context);
    });
    return [...replies];
  };
}
