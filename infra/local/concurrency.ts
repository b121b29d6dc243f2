/**
 * At most `limit` tasks at once; the others wait their turn, first come first served. The
 * local cloud runs every function in one process: this plays the part of a function's
 * concurrency limit in Lambda, so a burst queues instead of opening more connections to
 * DynamoDB Local than it (or the SDK's socket pool) can serve.
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('A concurrency limit is a whole number above 0');
  }

  /** Runs `task` as soon as fewer than `limit` tasks run. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await task();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }
}
