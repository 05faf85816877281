import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlDb } from '../db/db';

const DAY_MS = 86_400_000;

/**
 * Links to a submission's organisation page: `<base>/organisatie/<reference>?token=<token>`. The
 * token is `<expiry day>.<HMAC-SHA256 of reference and expiry>` with a key kept in the database,
 * so no login is needed, any instance can check it, and it runs out with the complaint's
 * retention. Without a public address (production without PUBLIC_URL) there is no link.
 */
export class OrganisationLinks {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly db: SqlDb,
    readonly baseUrl: string | undefined,
    private readonly retentionDays: number,
  ) {}

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await this.db.execute('INSERT INTO case_link_keys (name, secret) VALUES (?, ?) ON CONFLICT DO NOTHING', ['organisation_page', randomBytes(32).toString('hex')]);
      const rows = await this.db.query<{ secret: string }>('SELECT secret FROM case_link_keys WHERE name = ?', ['organisation_page']);
      return Buffer.from(rows[0]!.secret, 'hex');
    })();
    return this.key;
  }

  async token(reference: string, submittedAtMs: number): Promise<string> {
    const expiryDay = Math.floor((submittedAtMs + this.retentionDays * DAY_MS) / DAY_MS);
    return `${expiryDay}.${this.sign(await this.loadKey(), reference, expiryDay)}`;
  }

  async link(reference: string, submittedAtMs: number): Promise<string | undefined> {
    if (!this.baseUrl) return undefined;
    return `${this.baseUrl}/organisatie/${encodeURIComponent(reference)}?token=${await this.token(reference, submittedAtMs)}`;
  }

  /** True only for this reference's own token that has not run out. */
  async verify(reference: string, token: unknown, nowMs: number): Promise<boolean> {
    if (typeof token !== 'string' || token.length > 100) return false;
    const m = /^(\d{1,7})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return false;
    const expiryDay = Number(m[1]);
    if (expiryDay * DAY_MS <= nowMs) return false;
    const expected = Buffer.from(this.sign(await this.loadKey(), reference, expiryDay));
    const given = Buffer.from(m[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(key: Buffer, reference: string, expiryDay: number): string {
    return createHmac('sha256', key).update(`organisation-page.${reference}.${expiryDay}`).digest('base64url');
  }
}
