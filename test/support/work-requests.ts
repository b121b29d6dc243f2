import type { WorkRequests } from '../../shared/coalescing/requests.js';

/** One request as a {@link RecordingWorkRequests} kept it. */
export interface RecordedRequest {
  readonly key: string;
  readonly cause: string;
}

/**
 * The `WorkRequests` port in memory, for unit tests of a sender: it records every request in
 * order and queues nothing. `failNext` makes the next request throw, as SQS would when it is
 * unreachable, so a test can show what the sender does then.
 * @example const grading = new RecordingWorkRequests(); …; expect(grading.keys()).toEqual(['cus_1']);
 */
export class RecordingWorkRequests implements WorkRequests {
  readonly requests: RecordedRequest[] = [];
  #failure: Error | undefined;

  async request(key: string, cause: string): Promise<void> {
    const failure = this.#failure;
    if (failure !== undefined) {
      this.#failure = undefined;
      throw failure;
    }
    this.requests.push({ key, cause });
  }

  /** The keys requested, in order (repeats kept). */
  keys(): string[] {
    return this.requests.map((request) => request.key);
  }

  /** The next request throws `error` instead of being recorded. */
  failNext(error: Error = new Error('SQS is unreachable')): void {
    this.#failure = error;
  }
}
