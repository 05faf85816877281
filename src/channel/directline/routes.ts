import type { Request, Response, Server } from 'restify';
import { DirectLine, DirectLineError } from './directLine';
import { bearer, HttpError, jsonBody, parse, query, sendError } from './http';
import { ConversationIdParam, PostedActivity, StartConversationBody, Watermark } from './schemas';
import type { TokenClaims, TokenSigner } from './tokens';

export const DIRECT_LINE_BASE = '/v3/directline';
export const DIRECT_LINE_PATHS = [
  `${DIRECT_LINE_BASE}/conversations`,
  `${DIRECT_LINE_BASE}/conversations/:id`,
  `${DIRECT_LINE_BASE}/conversations/:id/activities`,
  `${DIRECT_LINE_BASE}/tokens/refresh`,
] as const;

type Guard = (req: Request, res: Response, next: (err?: unknown) => void) => void;

/** Per-address limits of the Direct Line endpoint: resolves with the seconds to wait when over. */
export interface DirectLineLimits {
  addressOf(req: Request): string;
  /** `conversation` or `token`; undefined when allowed. */
  over(kind: 'conversation' | 'token', address: string): Promise<number | undefined>;
}

/** 429 with Retry-After: the browser (and Web Chat) waits and tries again. */
export async function enforce(limits: DirectLineLimits | undefined, kind: 'conversation' | 'token', req: Request, res: Response): Promise<void> {
  if (!limits) return;
  const wait = await limits.over(kind, limits.addressOf(req));
  if (wait === undefined) return;
  res.setHeader('Retry-After', String(wait));
  throw new HttpError(429, 'TooManyRequests', `too many ${kind === 'token' ? 'tokens' : 'conversations'} from this address; try again in ${wait} seconds`);
}

/** The Direct Line v3 routes Web Chat uses with REST polling (no WebSocket). */
export function mountDirectLine(server: Server, directLine: DirectLine, signer: TokenSigner, guard: Guard, limits?: DirectLineLimits): void {
  const claimsOf = (req: Request, opts: { forRefresh?: boolean } = {}): { claims: TokenClaims; token: string } => {
    const token = bearer(req);
    const verified = signer.verify(token);
    if (!verified.ok) throw new HttpError(403, 'TokenInvalid', 'this token is not valid');
    const usable = opts.forRefresh ? signer.canRefresh(verified.claims) : !verified.expired;
    if (!usable) throw new HttpError(403, 'TokenExpired', 'this token has expired; ask the page for a new one');
    return { claims: verified.claims, token };
  };
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (err) {
      sendError(res, err instanceof DirectLineError ? new HttpError(err.status, err.code, err.message) : err);
    }
  };
  const idOf = (req: Request) => parse(ConversationIdParam, req.params?.id);

  server.post(
    `${DIRECT_LINE_BASE}/conversations`,
    guard,
    handle(async (req, res) => {
      parse(StartConversationBody, await jsonBody(req));
      const { claims, token } = claimsOf(req);
      if (!(await directLine.exists(claims.cid))) await enforce(limits, 'conversation', req, res);
      res.send(201, await directLine.start(claims, token));
    }),
  );

  server.get(
    `${DIRECT_LINE_BASE}/conversations/:id`,
    guard,
    handle(async (req, res) => {
      const id = idOf(req);
      parse(Watermark, query(req).get('watermark') ?? undefined);
      const { claims, token } = claimsOf(req);
      res.send(200, await directLine.resume(claims, id, token));
    }),
  );

  server.post(
    `${DIRECT_LINE_BASE}/conversations/:id/activities`,
    guard,
    handle(async (req, res) => {
      const id = idOf(req);
      const { claims } = claimsOf(req);
      const activity = parse(PostedActivity, await jsonBody(req));
      res.send(200, await directLine.post(claims, id, activity, limits?.addressOf(req)));
    }),
  );

  server.get(
    `${DIRECT_LINE_BASE}/conversations/:id/activities`,
    guard,
    handle(async (req, res) => {
      const id = idOf(req);
      const watermark = parse(Watermark, query(req).get('watermark') ?? undefined);
      const { claims } = claimsOf(req);
      res.setHeader('Cache-Control', 'no-store');
      res.send(200, await directLine.activities(claims, id, watermark));
    }),
  );

  server.post(
    `${DIRECT_LINE_BASE}/tokens/refresh`,
    guard,
    handle(async (req, res) => {
      const { claims } = claimsOf(req, { forRefresh: true });
      res.send(200, directLine.refresh(claims));
    }),
  );
}
