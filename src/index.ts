import { createDelivery, deliveryMigrations } from './app/delivery';
import { isLocalMode } from './channel/adapter';
import { inProcessBot } from './channel/directline/inProcessBot';
import { mountOrganisationPage } from './channel/orgpage/organisationPage';
import { installProcessGuard } from './channel/processGuard';
import { mountWebChat } from './channel/webchat/mountWebChat';
import { resolve } from 'node:path';
import { type Env, EnvError } from './config/env';
import { readEnvironment } from './config/envFile';
import { createApp } from './createApp';
import { clockStartingAt, systemClock } from './infra/clock/clock';
import { migrate } from './infra/db/migrate';
import { openDb } from './infra/db/openDb';
import { createLogger } from './infra/log/logger';
import { loadProcedures } from './infra/procedures/loadProcedures';
import { stateMigrations } from './infra/state/sqlStorage';
import { reportMigrations, SqlNotSentCounter } from './infra/report/registerStore';

/** The composition root: read the environment once, open the store, wire the ports, serve. */
async function main(): Promise<void> {
  let env;
  try {
    env = readEnvironment(process.env);
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'));
  // One request must never take the bot down (README: Security).
  installProcessGuard(log);
  if (env.KLACHTWIJZER_FIXED_NOW && env.NODE_ENV === 'production') {
    log.fatal({}, 'KLACHTWIJZER_FIXED_NOW is for tests and demos; it is refused when NODE_ENV=production');
    process.exit(1);
  }
  const clock = env.KLACHTWIJZER_FIXED_NOW ? clockStartingAt(env.KLACHTWIJZER_FIXED_NOW) : systemClock;
  if (env.KLACHTWIJZER_FIXED_NOW) log.warn({ now: env.KLACHTWIJZER_FIXED_NOW }, 'clock_fixed');

  const procedures = loadProcedures({ overridesPath: env.PROCEDURE_OVERRIDES, organisations: env.ORGANISATIONS });
  const unknownStaffOrganisations = Object.values(env.TEAMS_TENANT_ORGANISATIONS ?? {}).flat().filter((id) => !procedures.get(id));
  if (unknownStaffOrganisations.length > 0) {
    log.fatal({ organisations: unknownStaffOrganisations }, 'TEAMS_TENANT_ORGANISATIONS names organisations this deployment does not offer');
    process.exit(1);
  }
  const db = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE });
  await migrate(db, [...stateMigrations, ...deliveryMigrations, ...reportMigrations]);

  const delivery = createDelivery({ env, db, procedures, clock, logger: log });
  await delivery.verifyTransport();
  delivery.worker.start();

  const app = createApp({
    auth: env,
    db,
    procedures,
    sender: delivery.sender,
    clock,
    log,
    conversationRetentionDays: env.CONVERSATION_RETENTION_DAYS,
    extraDaysOff: env.EXTRA_DAYS_OFF ?? [],
    notSent: new SqlNotSentCounter(db),
    refuseUnauthenticated: env.NODE_ENV === 'production' && isLocalMode(env) && !env.ALLOW_UNAUTHENTICATED,
    teamsTenantIds: env.TEAMS_TENANT_IDS,
    teamsTenantOrganisations: env.TEAMS_TENANT_ORGANISATIONS,
  });
  // The web chat page, its Direct Line endpoint and the embed script (README: "Web chat and embedding").
  await mountWebChat(app.server, { env, db, procedures, bot: inProcessBot({ adapter: app.adapter, logic: app.logic, appId: env.MicrosoftAppId }), log, now: () => clock.now() });
  // The organisation's page per submission, linked from its mails (README: "After the receipt").
  mountOrganisationPage(app.server, { db, procedures, links: delivery.links, clock, logger: log, onRecorded: () => delivery.worker.nudge() });
  if (isLocalMode(env)) {
    log.warn(
      {},
      'local mode: MicrosoftAppId is not set, so requests to /api/messages are not authenticated. Fine for a laptop or a test; set MicrosoftAppId and MicrosoftAppPassword before this bot is reachable from the internet.',
    );
  }
  if (env.NODE_ENV === 'production' && isLocalMode(env)) {
    log.warn(
      { allowUnauthenticated: env.ALLOW_UNAUTHENTICATED },
      env.ALLOW_UNAUTHENTICATED
        ? 'production without MicrosoftAppId and ALLOW_UNAUTHENTICATED=true: anyone can post to /api/messages; only for measuring'
        : 'production without MicrosoftAppId: /api/messages answers 401 (the web chat keeps working); set MicrosoftAppId, or ALLOW_UNAUTHENTICATED=true for measuring',
    );
  }
  if (!isLocalMode(env) && env.appTypeDefaulted) {
    log.warn({}, 'MicrosoftAppType is not set and no MicrosoftAppTenantId is given: running as MultiTenant. Azure no longer creates multi-tenant bots; set MicrosoftAppTenantId (SingleTenant) or MicrosoftAppType=UserAssignedMSI.');
  }
  if (!env.TEAMS_TENANT_IDS) {
    log.warn({}, 'TEAMS_TENANT_IDS is not set: a Teams user of any tenant may file complaints for a client (staff_on_behalf). List your tenant ids.');
  } else if (env.TEAMS_TENANT_IDS.length > 1 && !env.TEAMS_TENANT_ORGANISATIONS) {
    log.warn({}, 'TEAMS_TENANT_IDS names several tenants and TEAMS_TENANT_ORGANISATIONS is not set: the staff of each may look up any organisation\'s cases by reference. Tie each tenant to its organisations.');
  }
  const port = await app.listen(env.PORT, env.HOST);
  log.info({ port, organisations: procedures.list().map((p) => p.id), store: db.dialect }, 'listening');
  log.info({ event: 'ready' }, readyLine({ env, port, firstOrganisation: procedures.list()[0]?.id, mail: delivery.transport.kind }));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting_down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await delivery.close();
      await db.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** One line a person reads at start: where the chat page is, which store, where mail goes. */
function readyLine(o: { env: Env; port: number; firstOrganisation?: string; mail: 'smtp' | 'eml' }): string {
  const host = o.env.HOST === '0.0.0.0' || o.env.HOST === '::' ? 'localhost' : o.env.HOST;
  const page = `http://${host}:${o.port}/${o.firstOrganisation ? `?org=${o.firstOrganisation}` : ''}`;
  const store = o.env.DATABASE_URL ? `PostgreSQL at ${new URL(o.env.DATABASE_URL).host}${new URL(o.env.DATABASE_URL).pathname}` : `SQLite in ${resolve(o.env.DATA_DIR, 'klachtwijzer.sqlite')}`;
  const mail = o.mail === 'smtp' ? 'mail goes out through SMTP_URL' : `mail is written as .eml files in ${resolve(o.env.DATA_DIR, 'mail')} (nothing is sent)`;
  return `Klachtwijzer is ready. Chat page: ${page} · store: ${store} · ${mail}`;
}

main().catch((err) => {
  process.stderr.write(`Klachtwijzer could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
