/**
 * Reading DynamoDB's write failures. Matched by name, not class: the document client may load
 * its own copy of the exception classes.
 */

/** Per-item cancellation codes of a cancelled TransactWriteItems, or undefined for any other error. */
export function cancellationCodes(error: unknown): readonly string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code ?? 'None');
}

/**
 * Indexes of the items of a cancelled TransactWriteItems whose condition failed, or undefined
 * when the error is something else (or no condition failed: a conflict or throttling, to retry).
 * @example const failed = conditionFailedIndexes(error); if (failed?.includes(1)) return 'duplicate';
 */
export function conditionFailedIndexes(error: unknown): number[] | undefined {
  const codes = cancellationCodes(error);
  if (codes === undefined) return undefined;
  const failed = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

/** A single write's condition was false. */
export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** A single write ran into a transaction in progress on the same item: safe to retry. */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionConflictException';
}

/** How many times a write that lost a race with a concurrent transaction is retried. */
export const MAX_CONFLICT_RETRIES = 8;

/**
 * Waits before retry `attempt` (0-based) after a conflict: full jitter over an exponential
 * ceiling (10 ms, 20 ms, … capped at 500 ms), so writers racing on one item spread out.
 */
export async function conflictBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(500, 10 * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
