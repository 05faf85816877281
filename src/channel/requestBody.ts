import type { Request, Response } from 'restify';

/**
 * Every request body the server reads goes through here, and nothing in a body can take the
 * process down:
 * - compressed bodies are refused (415): no Bot Framework channel and no browser sends them, and
 *   inflating is where corrupt data and "bombs" hurt;
 * - a body larger than the route's limit is refused (413) while it arrives, whatever the
 *   Content-Length says, and the connection is closed so the rest is never read;
 * - JSON nested deeper than MAX_JSON_DEPTH is refused (400) before it is parsed;
 * - a stream error (a client that hangs up halfway) ends this request only.
 * The parsed JSON (or, for an HTML form, its fields) lands in `req.body`, where CloudAdapter, the
 * Direct Line routes and the organisation page read it.
 */

/** `POST /api/messages`: Bot Framework activities, cards included. */
export const MAX_ACTIVITY_BYTES = 1_048_576;
/** Direct Line and the page's token endpoint: what Web Chat posts is small. */
export const MAX_DIRECT_LINE_BYTES = 262_144;
/** Deeper than any activity, card or channelData a channel sends. */
export const MAX_JSON_DEPTH = 64;

/** Marks a request whose body this module has read (its `req.body` is final, even when empty). */
export const BODY_READ = Symbol('klachtwijzer.bodyRead');

/** A refused body is read and thrown away up to this much, so the client can read the answer; beyond it the connection is cut. */
export const DRAIN_BYTES = 8 * 1_048_576;

/** Discard the rest of a refused body; a client that sends more than DRAIN_BYTES is disconnected. */
function drain(req: Request): void {
  let seen = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_BYTES) req.socket?.destroy();
  });
  req.resume();
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: 'unsupported_encoding' | 'body_too_large' | 'too_deep' | 'invalid_json' | 'body_unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** The nesting depth of a JSON text, counted without parsing it (strings are skipped). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** Parse a JSON body within the depth limit; undefined for an empty body. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BodyError(400, 'too_deep', `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

/** The only route that takes an HTML form: the organisation page, which works without JavaScript. Every other route wants JSON. */
const FORM_PATH = '/organisatie/';

/** An HTML form's POST. */
function isForm(req: Request): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''));
}

/** A form body as a flat object of strings (a repeated field keeps its last value); the route checks it with zod. */
export function parseFormBody(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/** Read the raw body up to `maxBytes`; rejects with a BodyError, never throws into the stream. */
export function readRawBody(req: Request, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      drain(req);
      reject(new BodyError(415, 'unsupported_encoding', 'compressed request bodies are not accepted; send the JSON uncompressed'));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      drain(req);
      reject(new BodyError(413, 'body_too_large', `the request body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: BodyError) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      if (err) {
        if (err.status === 413) drain(req);
        reject(err);
      }
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish(new BodyError(413, 'body_too_large', `the request body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    req.on('data', onData);
    req.on('end', onEnd);
    // Kept for the whole request: a late error on a socket that is going away must not go unhandled.
    req.on('error', () => finish(new BodyError(400, 'body_unreadable', 'the request body could not be read')));
    req.on('aborted', () => finish(new BodyError(400, 'body_unreadable', 'the request body could not be read')));
  });
}

/** The route's error shape: Direct Line's `{ error: { code, message } }`, else `{ error, reason }`. */
function sendBodyError(req: Request, res: Response, err: BodyError): void {
  const path = req.path?.() ?? req.url ?? '';
  const directLine = path.startsWith('/v3/directline') || path.startsWith('/api/directline');
  // A refused body is drained (up to DRAIN_BYTES) so the client reads this answer; a broken one closes.
  if (err.code === 'body_unreadable') res.setHeader('Connection', 'close');
  if (directLine) res.send(err.status, { error: { code: err.code, message: err.message } });
  else res.send(err.status, { error: err.status === 400 ? 'invalid_activity' : err.code, reason: err.message });
}

/** restify middleware: reads and parses the body of POST/PUT/PATCH/DELETE with the route's limit. */
export function bodyReader(limitFor: (path: string) => number = (path) => (path.startsWith('/api/messages') ? MAX_ACTIVITY_BYTES : MAX_DIRECT_LINE_BYTES)) {
  return (req: Request, res: Response, next: (err?: unknown) => void): void => {
    if (!BODY_METHODS.has(req.method ?? '')) return next();
    const path = req.path?.() ?? req.url ?? '';
    readRawBody(req, limitFor(path))
      .then((text) => {
        const r = req as Request & { body?: unknown; [BODY_READ]?: true };
        r.body = path.startsWith(FORM_PATH) && isForm(req) ? parseFormBody(text) : parseJsonBody(text);
        r[BODY_READ] = true;
        next();
      })
      .catch((err: unknown) => {
        sendBodyError(req, res, err instanceof BodyError ? err : new BodyError(400, 'body_unreadable', 'the request body could not be read'));
        next(false);
      });
  };
}

/** The request's JSON body: what `bodyReader` parsed, or read now with the given limit. */
export async function requestJson(req: Request, maxBytes = MAX_DIRECT_LINE_BYTES): Promise<unknown> {
  const r = req as Request & { body?: unknown; [BODY_READ]?: true };
  if (r[BODY_READ]) return r.body;
  const body = parseJsonBody(await readRawBody(req, maxBytes));
  r.body = body;
  r[BODY_READ] = true;
  return body;
}
