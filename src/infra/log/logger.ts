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

export type LogFormat = 'json' | 'pretty';

export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const out = format === 'pretty' ? prettyDestination(destination ?? process.stdout) : destination;
  return pino({ level, base: { app: 'klachtwijzer' }, redact: { paths: REDACT, censor: '[redacted]' } }, out);
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET = new Set(['level', 'time', 'app', 'msg', 'event', 'pid', 'hostname']);

/** One readable line per log record (development): `12:00:01 info  listening  port=3978`. Same fields, same redaction. */
export function formatPretty(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(Number(rec.time)).toISOString().slice(11, 19);
  const level = (LEVELS[Number(rec.level)] ?? String(rec.level)).padEnd(5);
  const head = [rec.event, rec.msg].filter((x) => x !== undefined && x !== '').join('  ');
  const rest = Object.entries(rec)
    .filter(([k]) => !QUIET.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level} ${head}${rest ? `  ${rest}` : ''}\n`;
}

function prettyDestination(target: { write(s: string): unknown }): pino.DestinationStream {
  return { write: (chunk: string) => void target.write(chunk.split('\n').filter(Boolean).map(formatPretty).join('')) };
}
