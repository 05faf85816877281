import type { Clock } from '../../domain/ports';

/** The only place that reads the real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still: tests, and a demo with KLACHTWIJZER_FIXED_NOW. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return { now: () => new Date(at) };
}

/**
 * A clock that starts at `instant` and then runs at the real pace: for the server process under
 * KLACHTWIJZER_FIXED_NOW, so the conversation's dates are those of a known day while the outbox's
 * retry delays and claim leases still run out.
 */
export function clockStartingAt(instant: string | Date, realNow: () => number = () => Date.now()): Clock {
  const start = fixedClock(instant).now().getTime();
  const bootedAt = realNow();
  return { now: () => new Date(start + (realNow() - bootedAt)) };
}
