import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/**
 * A map that keeps at most `limit` entries: the least recently used one goes first. A rejected
 * promise is not kept, so a failure is tried again the next time (as without the map).
 */
export class BoundedPromiseCache<V> {
  private readonly entries = new Map<string, Promise<V>>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The bot's app id in a claims identity, found as botframework-connector finds it. */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * Hands out one connector client per app id, service URL and audience instead of a new one per
 * turn (the old BotFrameworkAdapter kept them the same way). Building a client builds an HTTP
 * pipeline of a dozen policies; with expectReplies, as on /api/messages from Web Chat, Direct
 * Line and the bench, the turn never even uses it. The clients and their credentials hold no
 * state of a turn.
 */
export class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly cache: BoundedPromiseCache<ConnectorClient>,
    private readonly appId: string,
    private readonly inner: ConnectorFactory,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * botbuilder's configuration-based authentication, with the connector clients and user token
 * clients it makes for a turn kept for the next turns. Authentication itself (the JWT check of
 * every request) is unchanged. Bounded: a service URL is chosen by the caller.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new BoundedPromiseCache<ConnectorClient>(64);
  private readonly userTokenClients = new BoundedPromiseCache<UserTokenClient>(16);

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(this.connectors, appIdOf(result.claimsIdentity), result.connectorFactory) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.connectors, appIdOf(claimsIdentity), super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}
