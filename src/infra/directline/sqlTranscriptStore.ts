import { randomBytes } from 'node:crypto';
import type { Migration, SqlDb } from '../db/db';

export const directLineMigrations: Migration[] = [
  {
    id: 'directline-001-transcripts',
    sql: `CREATE TABLE IF NOT EXISTS directline_conversations (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      locale TEXT,
      organisation TEXT,
      last_seq BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS directline_conversations_updated ON directline_conversations (updated_at);
    CREATE TABLE IF NOT EXISTS directline_activities (
      conversation_id TEXT NOT NULL,
      seq BIGINT NOT NULL,
      activity TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    );
    CREATE TABLE IF NOT EXISTS directline_keys (
      id TEXT PRIMARY KEY,
      secret TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'directline-002-rate-limits',
    sql: `CREATE TABLE IF NOT EXISTS directline_rate_limits (
      bucket TEXT NOT NULL,
      window_start BIGINT NOT NULL,
      hits BIGINT NOT NULL,
      PRIMARY KEY (bucket, window_start)
    )`,
  },
];

export interface StoredConversation {
  id: string;
  userId: string;
  locale?: string;
  organisation?: string;
  /** The watermark of the newest activity; 0 before the first. */
  lastSeq: number;
}

export type StoredActivity = Record<string, unknown> & { id: string };

/**
 * Direct Line transcripts in the bot's own database, so every instance sees every conversation
 * and a restart loses nothing. Each conversation numbers its activities 1, 2, 3, …; that number
 * is the watermark. The counter row is updated in the same transaction as the inserts, which
 * locks it, so two instances appending at once never take the same number or commit out of order.
 */
export class SqlTranscriptStore {
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token-signing key, made once and shared by every instance through the database. */
  async signingKey(): Promise<Buffer> {
    await this.db.execute('INSERT INTO directline_keys (id, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [
      'token-hmac',
      randomBytes(32).toString('base64'),
      this.now(),
    ]);
    const [row] = await this.db.query<{ secret: string }>('SELECT secret FROM directline_keys WHERE id = ?', ['token-hmac']);
    return Buffer.from(row!.secret, 'base64');
  }

  /** Creates the conversation unless it exists; `created` says which happened. */
  async create(c: Omit<StoredConversation, 'lastSeq'>): Promise<{ created: boolean; conversation: StoredConversation }> {
    const now = this.now();
    const { changes } = await this.db.execute(
      `INSERT INTO directline_conversations (id, user_id, locale, organisation, last_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.userId, c.locale ?? null, c.organisation ?? null, now, now],
    );
    const conversation = await this.get(c.id);
    return { created: changes === 1, conversation: conversation! };
  }

  async get(id: string): Promise<StoredConversation | undefined> {
    const [row] = await this.db.query<{ id: string; user_id: string; locale: string | null; organisation: string | null; last_seq: number | string }>(
      'SELECT id, user_id, locale, organisation, last_seq FROM directline_conversations WHERE id = ?',
      [id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      ...(row.locale ? { locale: row.locale } : {}),
      ...(row.organisation ? { organisation: row.organisation } : {}),
      lastSeq: Number(row.last_seq),
    };
  }

  /** Appends in order and returns the activities with their ids (`<conversation>|0000001`). */
  async append(conversationId: string, activities: readonly Record<string, unknown>[]): Promise<StoredActivity[]> {
    if (activities.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ last_seq: number | string }>(
        'UPDATE directline_conversations SET last_seq = last_seq + ?, updated_at = ? WHERE id = ? RETURNING last_seq',
        [activities.length, this.now(), conversationId],
      );
      if (!row) throw new Error('directline: append to an unknown conversation');
      const first = Number(row.last_seq) - activities.length + 1;
      const stored = activities.map((a, i) => ({ ...a, id: activityId(conversationId, first + i) }));
      for (const [i, a] of stored.entries()) {
        await tx.execute('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)', [
          conversationId,
          first + i,
          JSON.stringify(a),
        ]);
      }
      return stored;
    });
  }

  /** Activities after `watermark`, oldest first, at most `limit`; the new watermark is the last one's. */
  async list(conversationId: string, watermark: number, limit = 100): Promise<{ activities: StoredActivity[]; watermark: number }> {
    const rows = await this.db.query<{ seq: number | string; activity: string }>(
      'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [conversationId, watermark, limit],
    );
    return {
      activities: rows.map((r) => JSON.parse(r.activity) as StoredActivity),
      watermark: rows.length ? Number(rows[rows.length - 1]!.seq) : watermark,
    };
  }

  /**
   * Erases what was said in one conversation (the person typed `wissen`). The conversation and
   * its sequence stay, so the open page's watermark stays valid and the next messages still come.
   */
  async eraseActivities(conversationId: string): Promise<number> {
    const { changes } = await this.db.execute('DELETE FROM directline_activities WHERE conversation_id = ?', [conversationId]);
    await this.db.scrub?.();
    return changes;
  }

  /**
   * After sending: every activity the person sent keeps its place but its content becomes
   * `replacement`, and what they typed is cut from the bot's messages too (the summary, the
   * receipt's address). The bot's own words, the reference and the dates stay for a reload.
   */
  async scrubUserContent(conversationId: string, replacement: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ seq: number; activity: string }>('SELECT seq, activity FROM directline_activities WHERE conversation_id = ? ORDER BY seq', [conversationId]);
      const typed = new Set<string>();
      const parsed = rows.map((r) => ({ seq: r.seq, activity: JSON.parse(r.activity) as Record<string, unknown> }));
      for (const { activity } of parsed) {
        if ((activity.from as { role?: string } | undefined)?.role !== 'user') continue;
        collectStrings(activity.text, typed);
        collectStrings(activity.value, typed);
      }
      // Short answers (ja, 18+) say nothing about a person, and cutting them would cut the bot's words.
      const needles = [...typed].map((s) => s.trim()).filter((s) => s.length >= 5).sort((a, b) => b.length - a.length);
      for (const { seq, activity } of parsed) {
        let next: Record<string, unknown>;
        if ((activity.from as { role?: string } | undefined)?.role === 'user') {
          const { clientActivityID } = (activity.channelData as { clientActivityID?: unknown } | undefined) ?? {};
          next = { ...activity, text: replacement, value: undefined, attachments: undefined, channelData: clientActivityID ? { clientActivityID } : undefined };
        } else {
          let json = JSON.stringify(activity);
          for (const n of needles) json = json.split(JSON.stringify(n).slice(1, -1)).join(replacement);
          next = JSON.parse(json) as Record<string, unknown>;
        }
        await tx.execute('UPDATE directline_activities SET activity = ? WHERE conversation_id = ? AND seq = ?', [JSON.stringify(next), conversationId, seq]);
      }
    });
    await this.db.scrub?.();
  }

  /** Erases conversations nobody wrote to since `cutoffMs` (privacy: transcripts are not kept). */
  async purgeOlderThan(cutoffMs: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.execute(
        'DELETE FROM directline_activities WHERE conversation_id IN (SELECT id FROM directline_conversations WHERE updated_at < ?)',
        [cutoffMs],
      );
      return (await tx.execute('DELETE FROM directline_conversations WHERE updated_at < ?', [cutoffMs])).changes;
    }).then(async (changes) => {
      if (changes > 0) await this.db.scrub?.();
      return changes;
    });
  }
}

function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

function collectStrings(v: unknown, into: Set<string>, depth = 0): void {
  if (typeof v === 'string') into.add(v);
  else if (v && typeof v === 'object' && depth < 16) for (const x of Object.values(v)) collectStrings(x, into, depth + 1);
}
