import { migrate } from '../../src/infra/db/migrate';
import { SqliteDb } from '../../src/infra/db/sqlite';
import { createApp, type App } from '../../src/createApp';
import type { AuthSettings } from '../../src/channel/adapter';
import type { ComplaintSender, ProcedureRepository } from '../../src/domain/ports';
import { createLogger, type Logger } from '../../src/infra/log/logger';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { stateMigrations } from '../../src/infra/state/sqlStorage';
import { reportMigrations, SqlNotSentCounter } from '../../src/infra/report/registerStore';
import type { SqlDb } from '../../src/infra/db/db';
import { TestClock } from './clock';
import { tempDir } from './databases';
import { MemorySender } from './memorySender';
import { httpTransport, type Transport } from './scenarioDriver';
import { join } from 'node:path';

/** Tuesday 10 March 2026, 10:00 in Amsterdam: every transcript's "today". */
export const TODAY_INSTANT = '2026-03-10T10:00:00+01:00';

export interface TestApp {
  app: App;
  baseUrl: string;
  transport: Transport;
  db: SqlDb;
  sender: MemorySender;
  procedures: ProcedureRepository;
  clock: TestClock;
  close(): Promise<void>;
}

/** The real server (restify, CloudAdapter, SQLite state) on a free port, with a memory sender. */
export async function startTestApp(
  opts: { overridesPath?: string; organisations?: string[]; sender?: ComplaintSender; now?: string; log?: Logger; dbFile?: string; teamsTenantIds?: string[]; teamsTenantOrganisations?: Record<string, string[]>; auth?: AuthSettings; refuseUnauthenticated?: boolean } = {},
): Promise<TestApp> {
  const db = new SqliteDb(opts.dbFile ?? join(tempDir('kw-app-'), 'state.sqlite'));
  await migrate(db, [...stateMigrations, ...reportMigrations]);
  const procedures = loadProcedures({ overridesPath: opts.overridesPath, organisations: opts.organisations });
  const clock = new TestClock(opts.now ?? TODAY_INSTANT);
  const sender = new MemorySender(procedures, clock);
  const app = createApp({
    auth: opts.auth ?? { MicrosoftAppType: 'MultiTenant' },
    refuseUnauthenticated: opts.refuseUnauthenticated,
    db,
    procedures,
    sender: opts.sender ?? sender,
    clock,
    log: opts.log ?? createLogger('silent'),
    conversationRetentionDays: 30,
    notSent: new SqlNotSentCounter(db),
    teamsTenantIds: opts.teamsTenantIds,
    teamsTenantOrganisations: opts.teamsTenantOrganisations,
  });
  const port = await app.listen(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    transport: httpTransport(baseUrl),
    db,
    sender,
    procedures,
    clock,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
