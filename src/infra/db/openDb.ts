import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDb } from './db';
import { PostgresDb } from './postgres';
import { SqliteDb } from './sqlite';

/** PostgreSQL when a URL is given, else the embedded SQLite file under `dataDir`. */
export function openDb(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): SqlDb {
  if (opts.databaseUrl) return new PostgresDb(opts.databaseUrl, opts.poolSize);
  mkdirSync(opts.dataDir, { recursive: true });
  return new SqliteDb(join(opts.dataDir, 'klachtwijzer.sqlite'));
}
