import type { Storage, StoreItems } from 'botbuilder';
import type { Migration, SqlDb, SqlRunner } from '../db/db';

export const stateMigrations: Migration[] = [
  {
    id: 'state-001-bot-state',
    sql: `CREATE TABLE IF NOT EXISTS bot_state (
      key TEXT PRIMARY KEY,
      data TEXT NOT NULL,
      etag BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS bot_state_updated ON bot_state (updated_at)`,
  },
];

/**
 * The Bot Framework `Storage` contract on SQL, with optimistic concurrency as MemoryStorage has
 * it: a write succeeds when the key is new, when its eTag is missing or `*`, or when it equals
 * the stored eTag; otherwise it fails with an eTag conflict and nothing of that key changes.
 */
export class SqlStorage implements Storage {
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const marks = keys.map(() => '?').join(',');
    const rows = await this.db.query<{ key: string; data: string; etag: number }>(
      `SELECT key, data, etag FROM bot_state WHERE key IN (${marks})`,
      keys,
    );
    for (const row of rows) items[row.key] = { ...JSON.parse(row.data), eTag: String(row.etag) };
    return items;
  }

  /**
   * One key (a turn's conversation state) is one statement, its own transaction: on PostgreSQL
   * one round trip instead of four (BEGIN, UPDATE, COMMIT and taking a pooled client). Several
   * keys (conversation and user state) go in one transaction: one commit, not two.
   * After a successful write each item carries its new eTag, so the caller can write it again.
   */
  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const now = this.now();
    const written =
      entries.length === 1
        ? [await writeItem(this.db, entries[0]![0], entries[0]![1], now)]
        : await this.db.transaction(async (tx) => {
            const etags: string[] = [];
            for (const [key, item] of entries) etags.push(await writeItem(tx, key, item, now));
            return etags;
          });
    entries.forEach(([, item], i) => {
      if (item && typeof item === 'object') (item as { eTag?: string }).eTag = written[i];
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.execute(`DELETE FROM bot_state WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
    // `wissen`: nothing of the erased state may stay readable in the database files.
    await this.db.scrub?.();
  }

  /** Erases conversations not touched since `cutoffMs` (unfinished intakes past their retention). */
  async purgeOlderThan(cutoffMs: number): Promise<number> {
    const { changes } = await this.db.execute('DELETE FROM bot_state WHERE updated_at < ?', [cutoffMs]);
    if (changes > 0) await this.db.scrub?.();
    return changes;
  }
}

/**
 * Writes one item under the eTag rules and returns its new eTag. Each statement is atomic on its
 * own: the update with the eTag read, or (for a key not stored yet) an insert that does nothing
 * when another writer stored the key first; either way a lost race is an eTag conflict.
 */
async function writeItem(db: SqlRunner, key: string, item: unknown, now: number): Promise<string> {
  const { eTag, ...rest } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
  const data = JSON.stringify(rest);
  let rows: Array<{ etag: number }>;
  if (eTag === undefined || eTag === '*' || eTag === '') {
    rows = await db.query(
      `INSERT INTO bot_state (key, data, etag, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data, etag = bot_state.etag + 1, updated_at = excluded.updated_at
       RETURNING etag`,
      [key, data, now],
    );
  } else {
    rows = await db.query('UPDATE bot_state SET data = ?, etag = etag + 1, updated_at = ? WHERE key = ? AND etag = ? RETURNING etag', [data, now, key, Number(eTag)]);
    if (rows.length === 0) {
      rows = await db.query('INSERT INTO bot_state (key, data, etag, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT (key) DO NOTHING RETURNING etag', [key, data, now]);
    }
  }
  if (rows.length !== 1) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
  return String(rows[0]!.etag);
}
