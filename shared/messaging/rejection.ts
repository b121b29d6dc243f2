/**
 * An event that can never be processed, however often it is delivered again: malformed,
 * unsupported, or expired while waiting for its customer. A consumer that meets one sends
 * the event to its dead-letter queue with `code` and `reason` and moves on, so one bad event
 * never blocks the ones behind it. Any other error is transient: the consumer throws and the
 * platform retries (and dead-letters only after the retries run out).
 *
 * `reason` names fields and rules, never the values sent: it is logged, and values may be
 * personal information.
 */
export class UnprocessableEventError extends Error {
  override readonly name: string = 'UnprocessableEventError';

  constructor(
    /** Stable, upper snake case, e.g. `EVENT_INVALID`: what a DLQ consumer counts and routes on. */
    readonly code: string,
    readonly reason: string,
  ) {
    super(`Unprocessable event (${code}): ${reason}`);
  }
}
