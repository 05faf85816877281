import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { DirectLine } from './directLine';
import { HttpError, jsonBody, parse, sendError } from './http';
import { enforce, type DirectLineLimits } from './routes';
import { TokenRequest } from './schemas';

export const TOKEN_PATH = '/api/directline/token';
export const AZURE_DIRECT_LINE = 'https://directline.botframework.com/v3/directline';

/** What the page gets: enough to connect, never the secret. `domain` only when it is not this server. */
export interface PageToken {
  token: string;
  conversationId: string;
  expires_in: number;
  userId: string;
  domain?: string;
}

const AzureToken = z.object({ token: z.string().min(1), conversationId: z.string().min(1), expires_in: z.number().int().positive() }).loose();

export interface TokenEndpointOptions {
  directLine: DirectLine;
  /** DIRECT_LINE_SECRET: when set, the page talks to Azure's Direct Line instead of ours. */
  secret?: string;
  /** Replaceable in tests only; production always uses Azure's address. */
  azureBase?: string;
  fetch?: typeof fetch;
}

/**
 * Exchanges the Direct Line secret for a conversation token at Azure, as Microsoft advises, so
 * the secret never reaches a browser. Azure wants user ids in a token to start with `dl_`.
 */
export async function azureToken(secret: string, opts: { base?: string; fetch?: typeof fetch } = {}): Promise<PageToken> {
  const userId = `dl_kw-${randomBytes(12).toString('base64url')}`;
  const base = opts.base ?? AZURE_DIRECT_LINE;
  let response: globalThis.Response;
  try {
    response = await (opts.fetch ?? fetch)(`${base}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new HttpError(502, 'DirectLineUnavailable', 'the Direct Line service cannot be reached');
  }
  if (!response.ok) throw new HttpError(502, 'DirectLineUnavailable', `the Direct Line service refused the request (${response.status})`);
  const parsed = AzureToken.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new HttpError(502, 'DirectLineUnavailable', 'the Direct Line service gave an answer we do not understand');
  const { token, conversationId, expires_in } = parsed.data;
  return { token, conversationId, expires_in, userId, domain: base };
}

export function mountTokenEndpoint(
  server: Server,
  opts: TokenEndpointOptions,
  guard: (req: Request, res: Response, next: (e?: unknown) => void) => void,
  limits?: DirectLineLimits,
): void {
  server.post(TOKEN_PATH, guard, async (req: Request, res: Response) => {
    try {
      const body = parse(TokenRequest, (await jsonBody(req)) ?? {});
      await enforce(limits, 'token', req, res);
      res.setHeader('Cache-Control', 'no-store');
      if (opts.secret) {
        res.send(200, await azureToken(opts.secret, { base: opts.azureBase, fetch: opts.fetch }));
        return;
      }
      const grant = opts.directLine.issueToken({ organisation: body.organisation, locale: body.locale });
      const answer: PageToken = { token: grant.token, conversationId: grant.conversationId, expires_in: grant.expires_in, userId: grant.userId };
      res.send(200, answer);
    } catch (err) {
      sendError(res, err);
    }
  });
}
