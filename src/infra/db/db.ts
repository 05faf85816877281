/**
 * A small SQL port shared by SQLite (the embedded default) and PostgreSQL (DATABASE_URL).
 * SQL is written once with `?` placeholders; the PostgreSQL side numbers them. Both dialects
 * accept `INSERT … ON CONFLICT … DO UPDATE` and `RETURNING`; where they differ (row locking),
 * code branches on `dialect`.
 */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Connections per instance (DATABASE_POOL_SIZE). Few is fast: on the 2-core machine the bench
 * runs on, 5 connections served 50 concurrent conversations with a lower p99 and more turns per
 * second than 10 or 20, which only made more PostgreSQL backends compete for the same cores
 * (README: Benchmarks). Raise it for a database server with more cores.
 */
export const DEFAULT_POOL_SIZE = 5;

/** One statement with its `?` parameters, for `executeAll`. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface SqlRunner {
  readonly dialect: Dialect;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /**
   * Runs INSERT, UPDATE or DELETE statements in order and returns the rows of the last one's
   * RETURNING (none without). PostgreSQL gets them as one statement (each but the last in a WITH
   * clause): one round trip instead of one per statement, and atomic on its own. The parts of one
   * PostgreSQL statement do not see each other's changes, so the statements must not touch or
   * read the same rows.
   */
  executeAll<T = Record<string, unknown>>(statements: readonly Statement[]): Promise<T[]>;
}

export interface SqlDb extends SqlRunner {
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * After erasing personal data: make sure no copy stays readable in the files. SQLite zeroes freed
   * pages (secure_delete) and this checkpoints the WAL into the database and truncates it, retrying
   * while readers hold it. PostgreSQL leaves dead rows to VACUUM (README: Security).
   */
  scrub?(): Promise<void>;
}

export interface Migration {
  /** Unique and stable, namespaced by module: `state-001-bot-state`. */
  id: string;
  sql: string | { sqlite: string; postgres: string };
}

/**
 * Whether a statement failed on a unique constraint (primary key or UNIQUE index), in either
 * store: PostgreSQL's SQLSTATE 23505, SQLite's constraint codes.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
