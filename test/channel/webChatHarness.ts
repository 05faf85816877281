import { type Activity, ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { Reply, Transport } from '../helpers/scenarioDriver';
import { bodyReader } from '../../src/channel/requestBody';
import type { SqlDb } from '../../src/infra/db/db';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { inProcessBot } from '../../src/channel/directline/inProcessBot';
import { mountWebChat, type WebChat, type WebChatDeps } from '../../src/channel/webchat/mountWebChat';

/**
 * A stand-in bot that shows what reached it: the welcome names the organisation and locale it was
 * given, a message is echoed with the sender's id, and "boom" breaks the turn.
 */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id !== context.activity.recipient.id)) {
        const org = (context.activity.channelData as { organisation?: string } | undefined)?.organisation ?? '-';
        await context.sendActivity({
          type: 'message',
          text: `welcome org=${org} locale=${context.activity.locale ?? '-'}`,
          channelData: { klachtwijzer: { step: 'role', expects: 'choice', progress: { current: 1, total: 9 } } },
        });
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      if (context.activity.text === 'boom') throw new Error('a broken turn');
      const org = (context.activity.channelData as { organisation?: string } | undefined)?.organisation ?? '-';
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity(`echo: ${context.activity.text} from=${context.activity.from.id} org=${org}`);
      await next();
    });
  }
}

/** A mutable fixed clock: tests move it forward by hand, never read the real time. */
export class TestClock {
  constructor(private at: number = Date.parse('2026-03-03T10:00:00Z')) {}
  now = (): Date => new Date(this.at);
  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

export interface Running {
  url: string;
  server: Server;
  webChat: WebChat;
  close(): Promise<void>;
}

export type HarnessOptions = Partial<Omit<WebChatDeps, 'env' | 'db'>> & { env?: Partial<WebChatDeps['env']> };

/** A restify server configured like the app's (query and body parsers), with the web chat mounted. */
export async function startWebChat(db: SqlDb, opts: HarnessOptions = {}): Promise<Running> {
  const server = restify.createServer({ name: 'test' });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodyReader());
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  const logic = (context: TurnContext) => bot.run(context);
  const webChat = await mountWebChat(server, {
    db,
    procedures: opts.procedures ?? loadProcedures(),
    bot: opts.bot ?? inProcessBot({ adapter, logic }),
    env: { PORT: 0, CONVERSATION_RETENTION_DAYS: 30, RETENTION_DAYS: 730, ...opts.env },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.azure ? { azure: opts.azure } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    webChat,
    async close() {
      webChat.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Http {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(url: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Http> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** The page's first two calls: a token, then the conversation (the welcome comes with it). */
export async function startConversation(url: string, request: { organisation?: string; locale?: string } = {}) {
  const grant = await call(`${url}/api/directline/token`, { body: request });
  if (grant.status !== 200) throw new Error(`token: ${grant.status} ${grant.text}`);
  const started = await call(`${url}/v3/directline/conversations`, { token: grant.body.token, body: {} });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  return { token: grant.body.token as string, conversationId: grant.body.conversationId as string, userId: grant.body.userId as string };
}

/** The scenario driver over our Direct Line endpoint, as Web Chat uses it: post, then read from the watermark. */
export async function directLineTransport(url: string, request: { organisation?: string; locale?: string }): Promise<{ transport: Transport; conversationId: string; token: string }> {
  const grant = await call(`${url}/api/directline/token`, { body: request });
  const { token, conversationId } = grant.body as { token: string; conversationId: string };
  let watermark = '';
  let n = 0;
  const transport: Transport = async (activity: Partial<Activity>) => {
    if (activity.type === 'conversationUpdate') {
      const res = await call(`${url}/v3/directline/conversations`, { token, body: {} });
      if (res.status !== 201) throw new Error(`start: ${res.status}`);
    } else {
      n += 1;
      const body = { type: activity.type, text: activity.text, value: activity.value, locale: activity.locale, channelData: { clientActivityID: `client-${n}` } };
      const res = await call(`${url}/v3/directline/conversations/${conversationId}/activities`, { token, body });
      if (res.status !== 200) throw new Error(`post: ${res.status} ${res.text}`);
    }
    const page = await call(`${url}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, { token });
    watermark = page.body.watermark;
    return (page.body.activities as Reply[]).filter((a) => a.from?.role === 'bot');
  };
  return { transport, conversationId, token };
}


/** The web chat (page, Direct Line) mounted on a test app's server, driven by its real bot, as `npm start` wires it. */
export function mountTestWebChat(t: import('../helpers/testApp').TestApp): Promise<WebChat> {
  return mountWebChat(t.app.server, {
    env: { PORT: 0, CONVERSATION_RETENTION_DAYS: 30, RETENTION_DAYS: 730 },
    db: t.db,
    procedures: t.procedures,
    bot: inProcessBot({ adapter: t.app.adapter, logic: t.app.logic }),
    now: () => t.clock.now(),
  });
}
