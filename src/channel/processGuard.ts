import type { Logger } from '../infra/log/logger';

/**
 * The last line of defence: an error that escapes a request (a stream's 'error' event nobody
 * listened to, a rejected promise nobody awaited) is logged by class and stack frames, never by
 * message (it may quote what someone sent), and the process goes on serving everyone else.
 * Every request path handles its own errors first; this only catches what slips through.
 * Returns a function that removes the guard (tests).
 */
export function installProcessGuard(log: Pick<Logger, 'error'>): () => void {
  const describe = (err: unknown) => {
    const e = err as { name?: unknown; code?: unknown; stack?: unknown } | undefined;
    return {
      errorClass: typeof e?.name === 'string' ? e.name : typeof err,
      code: typeof e?.code === 'string' ? e.code : undefined,
      where: typeof e?.stack === 'string' ? e.stack.split('\n').slice(1, 6).map((l) => l.trim()) : undefined,
    };
  };
  const onException = (err: unknown) => log.error(describe(err), 'uncaught_exception_survived');
  const onRejection = (err: unknown) => log.error(describe(err), 'unhandled_rejection_survived');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.removeListener('uncaughtException', onException);
    process.removeListener('unhandledRejection', onRejection);
  };
}
