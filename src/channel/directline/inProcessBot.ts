import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import { processTurn } from '../publicTurn';
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
 * Only public botbuilder API (processTurn): a ready authentication result with a claims identity
 * of the bot itself, as the adapter's named-pipe host builds it, and the replies the turn
 * context buffers with `deliveryMode: "expectReplies"`.
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
    const response = await processTurn(opts.adapter, auth, { ...activity, deliveryMode: 'expectReplies' } as Activity, opts.logic);
    return (response?.body as { activities: Array<Partial<Activity>> }).activities;
  };
}
