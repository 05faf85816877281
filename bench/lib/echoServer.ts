import { randomUUID } from 'node:crypto';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState } from 'botbuilder';
import * as restify from 'restify';
import { migrate } from '../../src/infra/db/migrate';
import { openDb } from '../../src/infra/db/openDb';
import { SqlStorage, stateMigrations } from '../../src/infra/state/sqlStorage';

/**
 * The floors the benchmark compares Klachtwijzer with: a bare botbuilder echo bot on restify,
 * and the same echo bot keeping a turn counter in conversation state in our store.
 * Run as a child process: `node dist/bench/lib/echoServer.js <port> [state]`, with DATA_DIR or
 * DATABASE_URL in the environment for the state variant.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0);
  const withState = process.argv[3] === 'state';
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  let state: ConversationState | undefined;
  if (withState) {
    const db = openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? `/tmp/kw-echo-${randomUUID()}` });
    await migrate(db, stateMigrations);
    state = new ConversationState(new SqlStorage(db));
  }
  const turns = state?.createProperty<number>('turns');
  const bot = new ActivityHandler();
  bot.onMessage(async (ctx, next) => {
    if (state && turns) {
      const n = (await turns.get(ctx, 0)) + 1;
      await turns.set(ctx, n);
      await ctx.sendActivity(`Echo ${n}: ${ctx.activity.text}`);
      await state.saveChanges(ctx);
    } else {
      await ctx.sendActivity(`Echo: ${ctx.activity.text}`);
    }
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.get('/healthz', async (_req, res) => {
    res.send(200, { ok: true });
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (ctx) => bot.run(ctx));
  });
  server.listen(port, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
}

void main();
