import type { Next, Request, Response, Server } from 'restify';

export type OriginVerdict = 'none' | 'same' | 'allowed' | 'denied';

/**
 * Which web pages may call the chat's API from the browser: the bot's own pages, and the
 * organisation sites listed in ALLOWED_ORIGINS. Nobody else, by default.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly own?: string;

  constructor(allowedOrigins: readonly string[] = [], publicUrl?: string) {
    this.allowed = new Set(allowedOrigins.map(toOrigin));
    this.own = publicUrl ? toOrigin(publicUrl) : undefined;
  }

  /** `same` compares with the Host the browser addressed, so it holds behind a proxy as well. */
  judge(req: Request): OriginVerdict {
    const origin = req.headers.origin;
    if (!origin) return 'none';
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return 'denied';
    }
    if (url.origin === this.own || url.host === req.headers.host) return 'same';
    return this.allowed.has(url.origin) ? 'allowed' : 'denied';
  }

  /** Allowed ones get the CORS answer; a denied origin gets 403 before anything happens. */
  guard(): (req: Request, res: Response, next: Next) => void {
    return (req, res, next) => {
      const verdict = this.judge(req);
      if (verdict === 'denied') {
        res.send(403, { error: { code: 'OriginNotAllowed', message: 'this website may not use the chat; its address is not in ALLOWED_ORIGINS' } });
        return next(false);
      }
      if (verdict === 'allowed') {
        res.setHeader('Access-Control-Allow-Origin', String(req.headers.origin));
        res.setHeader('Vary', 'Origin');
      }
      return next();
    };
  }

  /** The browser's preflight: the API's requests carry an Authorization header and JSON. */
  mountPreflight(server: Server, paths: readonly string[]): void {
    for (const path of paths) {
      server.opts(path, (req: Request, res: Response, next: Next) => {
        const verdict = this.judge(req);
        if (verdict === 'denied' || verdict === 'none') {
          res.send(verdict === 'denied' ? 403 : 204);
          return next(false);
        }
        res.setHeader('Access-Control-Allow-Origin', String(req.headers.origin));
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.send(204);
        return next(false);
      });
    }
  }

  /** For CSP `frame-ancestors`: who may show the chat page in an iframe. */
  frameAncestors(): string {
    return ["'self'", ...this.allowed].join(' ');
  }
}

function toOrigin(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url.origin;
  } catch {
    throw new Error(`ALLOWED_ORIGINS: "${value}" is not a web address such as https://www.example.org`);
  }
}
