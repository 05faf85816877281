import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../infra/log/logger';
import { activityProblem } from './activitySchema';
import { isRefusal, tokenProblem, type AuthenticateRequestResult, type BotFrameworkAuthentication } from './auth';
import { newErrorId } from './adapter';
import { processTurn } from './publicTurn';
import { bodyReader } from './requestBody';

export const MESSAGES_PATH = '/api/messages';
export const HEALTH_PATH = '/healthz';

export interface ServerDeps {
  adapter: CloudAdapter;
  /** The bot's turn logic: `(context) => bot.run(context)`. */
  logic: (context: TurnContext) => Promise<void>;
  log: Logger;
  /** Resolves when the service can take conversations (the database answers). */
  healthy?: () => Promise<boolean>;
  /** The adapter's authentication; with an app id every request's token is checked. */
  authentication: BotFrameworkAuthentication;
  /** MicrosoftAppId; empty is local mode. */
  appId?: string;
  /** Production without an app id: refuse /api/messages (401) unless ALLOW_UNAUTHENTICATED. */
  refuseUnauthenticated?: boolean;
  nowSeconds?: () => number;
}

/**
 * The restify server with the Bot Framework endpoint and a health check. Other routes (Direct
 * Line, the web chat page) are mounted on the returned server by their own modules.
 */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'klachtwijzer' });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Our own reader instead of restify's bodyParser: no compressed bodies, size and depth limits (requestBody.ts).
  server.use(bodyReader());

  server.post(MESSAGES_PATH, async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      deps.log.info({ status: 400 }, 'activity_rejected');
      res.send(400, { error: 'invalid_activity', reason: problem });
      return;
    }
    if (deps.refuseUnauthenticated) {
      deps.log.warn({ status: 401 }, 'unauthenticated_refused_in_production');
      res.send(401, { error: 'unauthorized', reason: 'this endpoint needs a Bot Framework token' });
      return;
    }
    const authorization = String(req.headers.authorization ?? '');
    if (deps.appId) {
      const problem = tokenProblem(authorization, { appId: deps.appId, nowSeconds: (deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))() });
      if (problem) {
        deps.log.info({ status: 401, problem }, 'token_refused');
        res.send(401, { error: 'unauthorized' });
        return;
      }
    }
    const activity = req.body as Activity;
    let auth: AuthenticateRequestResult;
    try {
      auth = await deps.authentication.authenticateRequest(activity, authorization);
    } catch (err) {
      if (isRefusal(err)) {
        deps.log.info({ status: 401, problem: 'signature' }, 'token_refused');
        res.send(401, { error: 'unauthorized' });
      } else {
        deps.log.error({ status: 503, errorClass: (err as Error)?.name }, 'token_keys_unavailable');
        res.setHeader('Retry-After', '30');
        res.send(503, { error: 'unavailable', reason: 'the token cannot be checked right now; try again' });
      }
      return;
    }
    try {
      const response = await processTurn(deps.adapter, auth, activity, deps.logic);
      res.send(response?.status ?? 200, response?.body ?? '');
    } catch (err) {
      const errorId = newErrorId();
      deps.log.error({ errorId, errorClass: (err as Error)?.name }, 'activity_failed');
      res.send(500, { error: 'internal', errorId });
    }
  });

  server.get(HEALTH_PATH, async (_req: Request, res: Response) => {
    const ok = deps.healthy ? await deps.healthy().catch(() => false) : true;
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
  });

  return server;
}

/** Listen and resolve with the port (pass 0 for a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address() as { port: number } | string;
      resolve(typeof address === 'string' ? port : address.port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
