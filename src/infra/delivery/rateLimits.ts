import { createHash } from 'node:crypto';
import type { SqlRunner } from '../db/db';

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
  table: 'delivery_rate_limits' | 'directline_rate_limits' = 'delivery_rate_limits',
): Promise<boolean> {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  let over = false;
  for (const check of checks) {
    const rows = await tx.query<{ hits: number }>(
      `INSERT INTO ${table} (bucket, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = ${table}.hits + 1
       RETURNING hits`,
      [bucketHash(check.bucket), windowStart],
    );
    if (Number(rows[0]?.hits ?? 0) > check.limit) over = true;
  }
  return over;
}

/** Old windows are useless once they are over; the retention sweep calls this. */
export async function pruneLimits(
  tx: SqlRunner,
  windowMs: number,
  now: number,
  table: 'delivery_rate_limits' | 'directline_rate_limits' = 'delivery_rate_limits',
): Promise<number> {
  const { changes } = await tx.execute(`DELETE FROM ${table} WHERE window_start < ?`, [now - 2 * windowMs]);
  return changes;
}

export function bucketHash(bucket: string): string {
  return createHash('sha256').update(`klachtwijzer-rate:${bucket}`).digest('base64url');
}
