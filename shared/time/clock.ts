/**
 * A time source. Every function gets one in its runtime (`shared/runtime`) and hands it to its
 * use cases and stores, so tests and the local cloud control time by passing their own.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told: tests and the local cloud's time travel. */
export class ControlledClock implements Clock {
  #epochMs: number;
  readonly #listeners = new Set<(now: Date) => void>();

  constructor(start: Date = new Date()) {
    this.#epochMs = start.getTime();
  }

  now(): Date {
    return new Date(this.#epochMs);
  }

  /** Moves time forward and tells every listener (timers, task-token timeouts). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('A clock only moves forward');
    this.#epochMs += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  set(to: Date): Date {
    return this.advance(Math.max(0, to.getTime() - this.#epochMs));
  }

  onAdvance(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
