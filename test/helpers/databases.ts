import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { SqlDb } from '../../src/infra/db/db';
import { PostgresDb } from '../../src/infra/db/postgres';
import { SqliteDb } from '../../src/infra/db/sqlite';

/** The PostgreSQL the tests use: TEST_DATABASE_URL, else the one that runs on our machines. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  name: 'sqlite' | 'postgres';
  open(): Promise<SqlDb>;
  /** Connection string of the fresh PostgreSQL schema (postgres only), for child processes. */
  url?: string;
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'kw-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function sqliteTestDb(): TestDb {
  const dir = tempDir();
  const opened: SqlDb[] = [];
  return {
    name: 'sqlite',
    async open() {
      const db = new SqliteDb(join(dir, 'test.sqlite'));
      opened.push(db);
      return db;
    },
    async dispose() {
      await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
    },
  };
}

/** A fresh schema in the test database, so test files never see each other's rows. */
export async function postgresTestDb(): Promise<TestDb> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const opened: SqlDb[] = [];
  return {
    name: 'postgres',
    url,
    async open() {
      const db = new PostgresDb(url, 4);
      opened.push(db);
      return db;
    },
    async dispose() {
      await Promise.all(opened.map((d) => d.close().catch(() => undefined)));
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Both stores, for contract suites: `describe.each(BOTH)(...)`. */
export const BOTH: Array<[string, () => Promise<TestDb>]> = [
  ['sqlite', async () => sqliteTestDb()],
  ['postgres', postgresTestDb],
];
