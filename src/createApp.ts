import { type CloudAdapter, type Storage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { RootDialog } from '../dialogs/rootDialog';
import type { ConversationInfo } from '../dialogs/services';
import { createAdapter, type AuthSettings } from './channel/adapter';
import { botAuthentication } from './channel/auth';
import { OptimisticConversationState } from './channel/optimisticState';
import { ComplaintBot } from './channel/complaintBot';
import { closeServer, createServer, listen } from './channel/server';
import type { Clock, ComplaintSender, NotSentCounter, ProcedureRepository } from './domain/ports';
import type { SqlDb } from './infra/db/db';
import type { Logger } from './infra/log/logger';
import { startStatePurge } from './infra/state/purge';
import { SqlStorage } from './infra/state/sqlStorage';

export interface AppDeps {
  auth: AuthSettings;
  /** Run `migrate(db, stateMigrations)` first. */
  db: SqlDb;
  procedures: ProcedureRepository;
  sender: ComplaintSender;
  clock: Clock;
  log: Logger;
  conversationRetentionDays: number;
  extraDaysOff?: readonly string[];
  /** Counts conversations that end without a complaint sent (`reportMigrations` applied to `db`); none: not counted. */
  notSent?: NotSentCounter;
  /** Default: SqlStorage on `db`, so a restart loses nothing. */
  storage?: Storage;
  /** How often unfinished conversations past their retention are erased (default hourly). */
  purgeEveryMs?: number;
  /** Production without MicrosoftAppId and without ALLOW_UNAUTHENTICATED: /api/messages answers 401. */
  refuseUnauthenticated?: boolean;
  /** TEAMS_TENANT_IDS: tenants whose users may file for a client; undefined = any tenant. */
  teamsTenantIds?: readonly string[];
  /** TEAMS_TENANT_ORGANISATIONS: whose cases each listed tenant's staff may look up; undefined = any. */
  teamsTenantOrganisations?: Readonly<Record<string, readonly string[]>>;
}

export interface App {
  /** Mount more routes here before `listen` (Direct Line, the web chat page). */
  server: Server;
  adapter: CloudAdapter;
  /** The bot's turn logic, for an in-process channel. */
  logic: (context: TurnContext) => Promise<void>;
  /** Erase unfinished conversations past their retention now; resolves with the number erased. */
  purgeNow(): Promise<number>;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The bot behind its HTTP endpoint, from ports the caller owns (database, sender, clock). */
export function createApp(deps: AppDeps): App {
  const sqlStorage = new SqlStorage(deps.db, () => deps.clock.now().getTime());
  const conversationState = new OptimisticConversationState(deps.storage ?? sqlStorage);
  const info = conversationState.createProperty<ConversationInfo>('info');
  const root = new RootDialog(
    {
      procedures: deps.procedures,
      sender: deps.sender,
      clock: deps.clock,
      extraDaysOff: deps.extraDaysOff ?? [],
      conversationRetentionDays: deps.conversationRetentionDays,
      log: deps.log,
      notSent: deps.notSent,
    },
    info,
  );
  const bot = new ComplaintBot(conversationState, root, deps.teamsTenantIds, deps.teamsTenantOrganisations);
  const authentication = botAuthentication(deps.auth);
  const adapter = createAdapter(deps.auth, deps.log, authentication);
  const logic = (context: TurnContext) => bot.run(context);
  const server = createServer({
    adapter,
    logic,
    log: deps.log,
    authentication,
    appId: deps.auth.MicrosoftAppId,
    refuseUnauthenticated: deps.refuseUnauthenticated,
    healthy: async () => (await deps.db.query('SELECT 1 AS ok')).length === 1,
  });
  const purge = startStatePurge({
    storage: sqlStorage,
    clock: deps.clock,
    retentionDays: deps.conversationRetentionDays,
    everyMs: deps.purgeEveryMs,
    onPurged: (count) => deps.log.info({ count }, 'conversations_purged'),
    onError: (err) => deps.log.warn({ errorClass: (err as Error)?.name }, 'conversation_purge_failed'),
  });
  return {
    server,
    adapter,
    logic,
    purgeNow: purge.purgeNow,
    listen: (port, host = '127.0.0.1') => listen(server, port, host),
    async close() {
      purge.stop();
      await closeServer(server);
    },
  };
}
