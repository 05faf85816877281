import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { reason } from './schemas';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Direct Line's error shape, which Web Chat understands: `{ error: { code, message } }`. */
export function sendError(res: Response, err: unknown): void {
  if (err instanceof HttpError) {
    res.send(err.status, { error: { code: err.code, message: err.message } });
    return;
  }
  res.send(500, { error: { code: 'ServiceError', message: 'something went wrong on our side' } });
}

/** The JSON body, whether or not the server runs restify's bodyParser. */
export async function jsonBody(req: Request): Promise<unknown> {
  const parsed = (req as Request & { body?: unknown }).body;
  if (parsed !== undefined && parsed !== null && !(typeof parsed === 'string' || Buffer.isBuffer(parsed))) return parsed;
  let text: string;
  if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) text = String(parsed);
  else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 256 * 1024) throw new HttpError(413, 'BadArgument', 'the request body is too large');
      chunks.push(chunk);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'BadArgument', 'the request body is not valid JSON');
  }
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'BadArgument', reason(result.error));
  return result.data;
}

export function query(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

export function bearer(req: Request): string {
  const header = String(req.headers.authorization ?? '');
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new HttpError(401, 'MissingToken', 'send the token as "Authorization: Bearer <token>"');
  return m[1]!;
}
