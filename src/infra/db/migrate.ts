import type { Migration, SqlDb } from './db';

/**
 * Applies the migrations not yet applied, in order, in one transaction. On PostgreSQL an advisory
 * lock makes two instances that start at once take turns; the second finds the work done.
 */
export async function migrate(db: SqlDb, migrations: readonly Migration[]): Promise<void> {
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') {
      await tx.query('SELECT pg_advisory_xact_lock(?)', [7_351_002]);
    }
    await tx.execute('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      const sql = typeof m.sql === 'string' ? m.sql : m.sql[tx.dialect];
      for (const statement of splitStatements(sql)) await tx.execute(statement);
      await tx.execute('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [m.id, Date.now()]);
    }
  });
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
