import type { Clock } from '../../domain/ports';
import type { SqlStorage } from './sqlStorage';

const DAY_MS = 86_400_000;

/**
 * Conversations left unfinished are erased after `retentionDays` without a message (DOMAIN G4:
 * no longer than needed). Runs once at start and then every `everyMs`; returns a stop function.
 */
export function startStatePurge(opts: {
  storage: SqlStorage;
  clock: Clock;
  retentionDays: number;
  everyMs?: number;
  onPurged?: (count: number) => void;
  onError?: (err: unknown) => void;
}): { purgeNow(): Promise<number>; stop(): void } {
  const purgeNow = async () => {
    const count = await opts.storage.purgeOlderThan(opts.clock.now().getTime() - opts.retentionDays * DAY_MS);
    if (count > 0) opts.onPurged?.(count);
    return count;
  };
  const run = () => void purgeNow().catch((err) => opts.onError?.(err));
  run();
  const timer = setInterval(run, opts.everyMs ?? 3_600_000);
  timer.unref();
  return { purgeNow, stop: () => clearInterval(timer) };
}
