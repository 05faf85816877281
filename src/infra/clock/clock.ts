import type { Clock } from '../../domain/ports';

/** The only place that reads the real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still: tests, and a demo with KLACHTWIJZER_FIXED_NOW. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return { now: () => new Date(at) };
}
