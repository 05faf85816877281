import Database from 'better-sqlite3';
import type { SqlDb, SqlRunner, Statement } from './db';

/**
 * better-sqlite3 is synchronous and has one connection, so an async transaction must not let
 * another caller's statements slip in between BEGIN and COMMIT: every operation takes a turn
 * on one promise chain, and a transaction holds its turn until it ends.
 */
export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();
  /** Prepared once per SQL text: preparing costs more than running most of our statements. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten with zeros, not left in free pages (erasure that erases).
    this.db.pragma('secure_delete = ON');
  }

  /** Checkpoint the WAL into the database and truncate it; retried while a reader holds it. */
  async scrub(attempts = 20, waitMs = 50): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      const [row] = (await this.turn(async () => this.db.pragma('wal_checkpoint(TRUNCATE)'))) as Array<{ busy: number }>;
      if (!row || row.busy === 0) return;
      await new Promise((r) => setTimeout(r, waitMs));
    }
    throw new Error('the WAL checkpoint stayed busy');
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private runner(): SqlRunner {
    const prepare = (sql: string) => this.prepare(sql);
    return {
      dialect: 'sqlite',
      async query<T>(sql: string, params: readonly unknown[] = []) {
        return prepare(sql).all(...params.map(toSqlite)) as T[];
      },
      async execute(sql: string, params: readonly unknown[] = []) {
        const stmt = prepare(sql);
        if (!stmt.reader) return { changes: stmt.run(...params.map(toSqlite)).changes };
        stmt.all(...params.map(toSqlite));
        return { changes: 0 };
      },
      async executeAll<T>(statements: readonly Statement[]) {
        let rows: T[] = [];
        for (const s of statements) {
          const stmt = prepare(s.sql);
          if (stmt.reader) rows = stmt.all(...s.params.map(toSqlite)) as T[];
          else {
            stmt.run(...s.params.map(toSqlite));
            rows = [];
          }
        }
        return rows;
      },
    };
  }

  private turn<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn, fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.turn(() => this.runner().query<T>(sql, params));
  }

  execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    return this.turn(() => this.runner().execute(sql, params));
  }

  executeAll<T = Record<string, unknown>>(statements: readonly Statement[]): Promise<T[]> {
    // Several in one transaction, so they are all-or-nothing here too; one is atomic on its own.
    if (statements.length <= 1) return this.turn(() => this.runner().executeAll<T>(statements));
    return this.transaction((tx) => tx.executeAll<T>(statements));
  }

  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.turn(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(this.runner());
        this.db.exec('COMMIT');
        return value;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.turn(async () => this.db.close());
  }
}

function toSqlite(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  return v;
}
