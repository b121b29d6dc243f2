import type { Clock } from '../../shared/time/clock.js';

/**
 * A clock the local cloud can move forward: `ControlledClock` (tests; moves only when told)
 * and `OffsetClock` (`npm start`; real time plus an offset) both fit.
 */
export interface AdvanceableClock extends Clock {
  /** Moves time forward by `ms` and notifies the listeners. */
  advance(ms: number): Date;
  /** Called after every `advance`; returns an unsubscribe function. */
  onAdvance(listener: (now: Date) => void): () => void;
}

/**
 * Real time plus an offset that only grows: `npm start` runs in real time, and
 * `POST /local/clock/advance` jumps ahead (a demo need not wait ten working days).
 */
export class OffsetClock implements AdvanceableClock {
  #offsetMs: number;
  readonly #listeners = new Set<(now: Date) => void>();

  /** `offsetMs`: where a previous run left the clock (see clock-file.ts). */
  constructor(offsetMs = 0) {
    if (!Number.isFinite(offsetMs) || offsetMs < 0) throw new RangeError('A clock offset is never negative');
    this.#offsetMs = offsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** How far ahead of real time this clock is. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('A clock only moves forward');
    this.#offsetMs += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  onAdvance(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
