import { SqliteDb } from '../../src/infra/db/sqlite';
import type { TestDb } from './databases';

/** A SQLite file that outlives one process: for restarts and for CLI runs on the same database. */
export function fileDb(file: string): TestDb {
  const opened: SqliteDb[] = [];
  return {
    name: 'sqlite',
    async open() {
      const db = new SqliteDb(file);
      opened.push(db);
      return db;
    },
    async dispose() {
      await Promise.all(opened.splice(0).map((d) => d.close()));
    },
  };
}
