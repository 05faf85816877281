import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Our code logs event names and ids only. Redaction is the second line of defence, for a field
 * that slips in anyway (an error object that carries a request, a mail address in a context).
 */
const REDACT = [
  'text',
  '*.text',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'name',
  '*.name',
  'description',
  '*.description',
  'req.body',
  'req.headers.authorization',
  'headers.authorization',
  'activity',
  '*.activity',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'klachtwijzer' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
