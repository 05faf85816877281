import { Pool, types, type PoolClient } from 'pg';
import { DEFAULT_POOL_SIZE, type SqlDb, type SqlRunner, type Statement } from './db';

// BIGINT columns hold epoch milliseconds and counters, all well inside Number's safe range.
types.setTypeParser(20, (v) => Number(v));

/** Turns `?` placeholders into `$1, $2, …` (our SQL never has `?` inside a string literal). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Several data-modifying statements as one: `WITH w1 AS (s1), w2 AS (s2) s3`. PostgreSQL runs
 * every data-modifying part of a WITH, referenced or not; placeholders are numbered across them.
 */
export function combineStatements(statements: readonly Statement[]): Statement {
  if (statements.length === 1) return statements[0]!;
  const last = statements[statements.length - 1]!;
  const parts = statements.slice(0, -1).map((s, i) => `w${i + 1} AS (${s.sql})`);
  return { sql: `WITH ${parts.join(', ')} ${last.sql}`, params: statements.flatMap((s) => s.params) };
}

function runnerFor(client: Pool | PoolClient): SqlRunner {
  return {
    dialect: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await client.query(numberPlaceholders(sql), params as unknown[]);
      return res.rows as T[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      const res = await client.query(numberPlaceholders(sql), params as unknown[]);
      return { changes: res.rowCount ?? 0 };
    },
    async executeAll<T>(statements: readonly Statement[]) {
      if (statements.length === 0) return [];
      const { sql, params } = combineStatements(statements);
      return (await client.query(numberPlaceholders(sql), params as unknown[])).rows as T[];
    },
  };
}

export class PostgresDb implements SqlDb {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private readonly runner: SqlRunner;

  constructor(connectionString: string, poolSize = DEFAULT_POOL_SIZE) {
    this.pool = new Pool({ connectionString, max: poolSize });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.runner = runnerFor(this.pool);
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.runner.query<T>(sql, params);
  }

  execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    return this.runner.execute(sql, params);
  }

  executeAll<T = Record<string, unknown>>(statements: readonly Statement[]): Promise<T[]> {
    return this.runner.executeAll<T>(statements);
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await fn(runnerFor(client));
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
