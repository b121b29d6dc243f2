import { type EventDefinition, InvalidEventError } from '../events/define.js';
import type { IssueSummary } from '../zod-issues.js';

/**
 * The one vocabulary of dead-letter codes: what a consumer says when it sends an event to its
 * dead-letter queue. Operations count and route on these (message attribute `code`), so every
 * capability uses exactly these words.
 */
export const DEAD_LETTER_CODES = {
  EVENT_INVALID: 'The detail does not match the schema of its event (the reason names the fields)',
  EVENT_UNSUPPORTED:
    'The consumer does not take events of this source and detail-type (a rule sends it too much)',
  CUSTOMER_UNKNOWN: 'The event names a customer this CRM does not know (or did not learn of in time)',
  CONTACT_UNKNOWN:
    'The event reports on a contact this CRM never handed to delivery, or names another customer or channel than the contact had',
  AMOUNT_OVER_CAP: "The amount is above its currency's cap (a setting): no real transaction is that large",
  TOTAL_OUT_OF_RANGE:
    "Counting the event would take one of the customer's running totals past 2^53 - 1, the range kept exactly",
  RECORD_UNREADABLE:
    'A stored record the work needs does not have the shape its store writes (a number past the exact range, a missing field): nothing was written',
  REQUEST_INVALID:
    "A coalesced work queue's message is not a request (the reason names the fields): the work is done by the key's next request or the daily pass",
  JOB_ITEM_FAILED:
    'A scheduled job could not process this item (the reason names the error); the item stays due, and the job went on with the others',
} as const;
export type DeadLetterCode = keyof typeof DEAD_LETTER_CODES;

/**
 * An event that can never be processed, however often it is delivered again: malformed,
 * unsupported, beyond a limit, about a record that cannot be read, or expired while waiting
 * for its customer. A consumer that meets one sends the event's envelope to its dead-letter
 * queue with `code`, `reason` and `fields` and moves on, so one bad event never blocks the ones
 * behind it. Any other error is transient: the consumer throws and the platform retries (and
 * dead-letters only after the retries run out).
 *
 * `reason` names fields and rules, never the values sent: it is logged, and values may be
 * personal information. `fields` are the paths (within the detail) that failed.
 */
export class UnprocessableEventError extends Error {
  override readonly name = 'UnprocessableEventError';

  constructor(
    readonly code: DeadLetterCode,
    readonly reason: string,
    readonly fields: readonly string[] = [],
  ) {
    super(`Unprocessable event (${code}): ${reason}`);
  }
}

/**
 * EVENT_INVALID from the failed checks of a detail: the reason lists each path and rule, the
 * fields each path once. Never values.
 * @example throw invalidEvent([{ path: 'amount', message: 'Invalid input: expected int' }]);
 */
export function invalidEvent(issues: readonly IssueSummary[]): UnprocessableEventError {
  const reason = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  const fields = [...new Set(issues.map((issue) => issue.path || '(root)'))];
  return new UnprocessableEventError('EVENT_INVALID', reason, fields);
}

/**
 * Runs a catalogue parse, turning its InvalidEventError into an UnprocessableEventError
 * (EVENT_INVALID) whose reason lists the paths and messages of the issues, never values.
 * @example const detail = parsedOrRejected(() => parseExternalEvent(TransactionPosted, event));
 */
export function parsedOrRejected<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw invalidEvent(error.issues);
  }
}

/** Whether a delivered event is of `definition` (source and detail-type). */
export function isEventOf(
  definition: EventDefinition,
  event: { readonly source: string; readonly detailType: string },
): boolean {
  return event.source === definition.source && event.detailType === definition.detailType;
}
