import type { CloudAdapter } from 'botbuilder';
import { ReusingBotFrameworkAuthentication } from './reusedClients';

/** botbuilder's authentication (its type lives in botframework-connector, which we do not import). */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;
export type AuthenticateRequestResult = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
import type { AuthSettings } from './adapter';

/** Microsoft's public issuers for the Bot Framework's tokens (the channel service and Entra). */
const ISSUERS = [
  /^https:\/\/api\.botframework\.com$/,
  /^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/,
  /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/,
];
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** Clock skew tolerated on exp and nbf, as botbuilder allows. */
const SKEW_SECONDS = 300;

function decodePart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a token can be refused without the signing keys (malformed, alg none, no kid, expired,
 * not yet valid, wrong audience or issuer), or undefined when only its signature is left to check.
 * The reason is for the log; the caller answers a plain 401.
 */
export function tokenProblem(authorization: string, opts: { appId: string; nowSeconds: number }): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authorization.trim());
  if (!m) return 'malformed';
  const header = decodePart(m[1]!);
  const claims = decodePart(m[2]!);
  if (!header || !claims) return 'malformed';
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) return 'algorithm';
  if (typeof header.kid !== 'string' || header.kid === '') return 'no_kid';
  if (!m[3]) return 'no_signature';
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS < opts.nowSeconds) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > opts.nowSeconds) return 'not_yet_valid';
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(opts.appId)) return 'audience';
  if (typeof claims.iss !== 'string' || !ISSUERS.some((re) => re.test(claims.iss as string))) return 'issuer';
  return undefined;
}

/**
 * The Bot Framework authentication for this deployment, with connector clients reused across turns. `BOT_OPENID_METADATA` replaces the public
 * OpenID metadata address (tests stub it on loopback; a private cloud may need it).
 */
export function botAuthentication(auth: AuthSettings & { BOT_OPENID_METADATA?: string }): BotFrameworkAuthentication {
  const config: Record<string, string> = {
    MicrosoftAppId: auth.MicrosoftAppId ?? '',
    MicrosoftAppPassword: auth.MicrosoftAppPassword ?? '',
    MicrosoftAppType: auth.MicrosoftAppType ?? 'MultiTenant',
    MicrosoftAppTenantId: auth.MicrosoftAppTenantId ?? '',
  };
  if (auth.BOT_OPENID_METADATA) {
    Object.assign(config, {
      ToBotFromChannelOpenIdMetadataUrl: auth.BOT_OPENID_METADATA,
      ToBotFromEmulatorOpenIdMetadataUrl: auth.BOT_OPENID_METADATA,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      ValidateAuthority: 'true',
    });
  }
  // The connector clients a turn needs are kept for the next turns (see reusedClients.ts).
  return new ReusingBotFrameworkAuthentication(config);
}

/** 401 when the token is wrong; anything else (keys unreachable, metadata broken) is ours: 503. */
export function isRefusal(err: unknown): boolean {
  const e = err as { statusCode?: unknown; name?: unknown } | undefined;
  // jsonwebtoken's own errors (a bad signature) reach us unwrapped.
  return e?.statusCode === 401 || e?.statusCode === 403 || ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(String(e?.name));
}
