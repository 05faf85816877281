import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What a local Direct Line token grants: one conversation, as one user, until `exp` (seconds).
 * The organisation and language the page asked for ride along, signed, so that nothing is stored
 * before the conversation really starts.
 */
export const TokenClaims = z
  .object({
    cid: z.string().min(1).max(128),
    uid: z.string().min(1).max(128),
    exp: z.number().int().positive(),
    org: z.string().max(64).optional(),
    loc: z.string().max(16).optional(),
  })
  .strict();
export type TokenClaims = z.infer<typeof TokenClaims>;

/** An hour, as the Azure service gives; Web Chat refreshes every 15 minutes. */
export const TOKEN_TTL_SECONDS = 3600;
/**
 * A token may be exchanged for a new one up to a day after it expired, so a visitor who leaves the
 * tab open over lunch (the bot's `stop` pauses, it never ends) finds the conversation again.
 * Only `tokens/refresh` honours this; every other route wants an unexpired token.
 */
export const REFRESH_GRACE_SECONDS = 24 * 3600;

const PREFIX = 'kw1';
const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export type Verified =
  | { ok: true; claims: TokenClaims; expired: boolean }
  | { ok: false; reason: 'malformed' | 'signature' };

/**
 * HMAC-SHA256 tokens with a server key: unguessable, and no database read needed to check them,
 * so any instance that shares the key can serve any conversation.
 */
export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    if (key.length < 32) throw new Error('Direct Line token key must have at least 32 bytes');
  }

  issue(grant: Omit<TokenClaims, 'exp'>): { token: string; expiresIn: number; claims: TokenClaims } {
    const claims: TokenClaims = { ...grant, exp: this.nowSeconds() + TOKEN_TTL_SECONDS };
    const payload = b64(JSON.stringify(claims));
    return { token: `${PREFIX}.${payload}.${this.mac(payload)}`, expiresIn: TOKEN_TTL_SECONDS, claims };
  }

  verify(token: string): Verified {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
    const [, payload, mac] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const claims = TokenClaims.safeParse(parsed);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    return { ok: true, claims: claims.data, expired: claims.data.exp <= this.nowSeconds() };
  }

  canRefresh(claims: TokenClaims): boolean {
    return claims.exp + REFRESH_GRACE_SECONDS > this.nowSeconds();
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}

/** Conversation and user ids: 128 random bits, so nobody can guess another's. */
export function randomId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`;
}
