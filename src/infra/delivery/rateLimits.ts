import { createHash } from 'node:crypto';
import type { SqlRunner, Statement } from '../db/db';

export interface LimitCheck {
  /** What is counted, for example `conversation:<id>`; hashed before it is stored. */
  bucket: string;
  limit: number;
}

/**
 * Fixed-window counters in the database, so every instance on one database shares them.
 * Buckets are stored as hashes: a client address or an e-mail address is personal data and the
 * counter only needs to recognise it again.
 */
export async function hitLimits(
  tx: SqlRunner,
  checks: readonly LimitCheck[],
  windowMs: number,
  now: number,
  table: RateLimitTable = 'delivery_rate_limits',
): Promise<boolean> {
  return (await hitEach(tx, checks, windowMs, now, table)).some(Boolean);
}

type RateLimitTable = 'delivery_rate_limits' | 'directline_rate_limits';

/**
 * Counts a hit on every bucket in one statement and says, per check, whether it is now over its
 * limit. One statement holds the buckets' row locks for the shortest time: in a transaction they
 * stay locked until it ends, and other submissions sharing a bucket (one recipient, one address
 * behind a proxy) wait for them. Rows are locked in the order of their hashes, the same order in
 * every transaction, so two never wait for each other. A bucket named twice is counted once.
 */
export async function hitEach(
  tx: SqlRunner,
  checks: readonly LimitCheck[],
  windowMs: number,
  now: number,
  table: RateLimitTable = 'delivery_rate_limits',
): Promise<boolean[]> {
  const hit = hitStatement(checks, windowMs, now, table);
  return hit ? hit.over(await tx.query(hit.statement.sql, hit.statement.params)) : [];
}

/**
 * `hitEach` as a statement, to run last in `executeAll` with others (one round trip), and how to
 * read its rows. Undefined when there is nothing to count.
 */
export function hitStatement(
  checks: readonly LimitCheck[],
  windowMs: number,
  now: number,
  table: RateLimitTable = 'delivery_rate_limits',
): { statement: Statement; over: (rows: readonly Record<string, unknown>[]) => boolean[] } | undefined {
  if (checks.length === 0) return undefined;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const hashes = checks.map((c) => bucketHash(c.bucket));
  const buckets = [...new Set(hashes)].sort();
  return {
    statement: {
      sql: `INSERT INTO ${table} (bucket, window_start, hits) VALUES ${buckets.map(() => '(?, ?, 1)').join(', ')}
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = ${table}.hits + 1
     RETURNING bucket, hits`,
      params: buckets.flatMap((b) => [b, windowStart]),
    },
    over: (rows) => {
      const hits = new Map(rows.map((r) => [String(r.bucket), Number(r.hits)]));
      return checks.map((c, i) => (hits.get(hashes[i]!) ?? 0) > c.limit);
    },
  };
}

/** Old windows are useless once they are over; the retention sweep calls this. */
export async function pruneLimits(
  tx: SqlRunner,
  windowMs: number,
  now: number,
  table: RateLimitTable = 'delivery_rate_limits',
): Promise<number> {
  const { changes } = await tx.execute(`DELETE FROM ${table} WHERE window_start < ?`, [now - 2 * windowMs]);
  return changes;
}

export function bucketHash(bucket: string): string {
  return createHash('sha256').update(`klachtwijzer-rate:${bucket}`).digest('base64url');
}
