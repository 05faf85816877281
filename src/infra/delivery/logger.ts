/**
 * The logging delivery needs; a pino logger fits it. Callers pass event names and ids only
 * (reference, organisation id, mail id), never complaint text, names or addresses.
 */
export interface Logger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const ADDRESS = /[^\s<>()[\]@"',;:]+@[^\s<>()[\]"',;:]+/g;

/**
 * An SMTP error often quotes the recipient ("550 <jan@example.nl>: no such user"). Errors are
 * stored, listed and mailed to the operator, so addresses are masked and the length is capped.
 */
export function safeError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [e?.code, e?.responseCode, typeof e?.message === 'string' ? e.message : String(err)].filter((p) => p !== undefined && p !== null && p !== '');
  return parts.join(' ').replace(ADDRESS, '<address>').replace(/[\r\n]+/g, ' ').slice(0, 500);
}
