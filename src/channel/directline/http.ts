import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { BodyError, requestJson } from '../requestBody';
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

/** The JSON body (read and limited by `bodyReader`); a body problem becomes Direct Line's error. */
export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await requestJson(req);
  } catch (err) {
    if (err instanceof BodyError) throw new HttpError(err.status, err.code, err.message);
    throw err;
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
