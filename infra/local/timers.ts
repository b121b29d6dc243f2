import type { AdvanceableClock } from './clock.js';

/** Node cannot wait longer than this in one setTimeout (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface TimerHandle {
  cancel(): void;
}

interface Entry {
  readonly deadline: number;
  readonly fire: () => void;
  real: NodeJS.Timeout | undefined;
}

/**
 * Deadlines on the local cloud's clock: a deadline fires when the clock passes it, either
 * because real time went by (OffsetClock) or because someone advanced the clock. Real
 * timers are unref'd so a pending deadline never keeps the process alive.
 */
export class ClockTimers {
  readonly #clock: AdvanceableClock;
  readonly #entries = new Set<Entry>();
  readonly #unsubscribe: () => void;

  constructor(clock: AdvanceableClock) {
    this.#clock = clock;
    this.#unsubscribe = clock.onAdvance(() => this.#fireDue());
  }

  /** Calls `fire` once, as soon as the clock reaches `deadline`. */
  at(deadline: Date, fire: () => void): TimerHandle {
    const entry: Entry = { deadline: deadline.getTime(), fire, real: undefined };
    this.#entries.add(entry);
    this.#arm(entry);
    return { cancel: () => this.#remove(entry) };
  }

  /** Pending deadlines (for diagnostics and tests). */
  get size(): number {
    return this.#entries.size;
  }

  /** Cancels every deadline and stops listening to the clock. */
  dispose(): void {
    this.#unsubscribe();
    for (const entry of [...this.#entries]) this.#remove(entry);
  }

  #arm(entry: Entry): void {
    const remaining = entry.deadline - this.#clock.now().getTime();
    entry.real = setTimeout(
      () => {
        if (!this.#entries.has(entry)) return;
        if (this.#clock.now().getTime() >= entry.deadline) this.#fire(entry);
        else this.#arm(entry);
      },
      Math.min(Math.max(remaining, 0), MAX_TIMEOUT_MS),
    );
    entry.real.unref();
  }

  #fireDue(): void {
    const now = this.#clock.now().getTime();
    // Earliest first, so deadlines passed in one jump fire in the order they fell due.
    const due = [...this.#entries].filter((entry) => entry.deadline <= now);
    due.sort((a, b) => a.deadline - b.deadline);
    for (const entry of due) this.#fire(entry);
  }

  #fire(entry: Entry): void {
    this.#remove(entry);
    entry.fire();
  }

  #remove(entry: Entry): void {
    clearTimeout(entry.real);
    this.#entries.delete(entry);
  }
}
