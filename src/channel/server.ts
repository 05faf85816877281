import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../infra/log/logger';
import { activityProblem } from './activitySchema';
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
    await deps.adapter.process(req, res, deps.logic);
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
