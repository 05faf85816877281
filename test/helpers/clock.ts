import type { Clock } from '../../src/domain/ports';

/** A clock that stands still until the test moves it. */
export class TestClock implements Clock {
  private ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
    if (Number.isNaN(this.ms)) throw new Error(`bad instant ${iso}`);
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
