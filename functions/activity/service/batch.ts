import type { AuthContext } from '../../../shared/auth/types.js';
import { CORE_BANKING_SOURCE, idField, TransactionPosted } from '../../../shared/events/index.js';
import { ValidationError } from '../../../shared/http/problem.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { type AmountCaps, exceedsCap } from '../domain/amount-caps.js';
import type { TransactionBatch } from '../domain/schemas.js';
import { activityPolicy } from '../policy.js';
import { consumeEvent } from './consume.js';
import type { IngestDeps } from './deps.js';

/** Transactions written at once: enough to hide DynamoDB's latency, few enough to be fair. */
const PARALLELISM = 8;

export type BatchItemResult =
  | {
      readonly index: number;
      readonly status: 'accepted';
      readonly transactionId: string;
      /** Set when the customer is not registered yet: kept, and counted when it is. */
      readonly pending?: 'customer-unknown';
    }
  | { readonly index: number; readonly status: 'duplicate'; readonly transactionId: string }
  | { readonly index: number; readonly status: 'rejected'; readonly code: string; readonly reason: string };

/** A well-formed customer id (a rejected item may carry anything in that field). */
function isKnownId(value: unknown): value is string {
  return idField.safeParse(value).success;
}

function transactionIdOf(item: Readonly<Record<string, unknown>>): string {
  return typeof item.transactionId === 'string' ? item.transactionId : '';
}

async function ingestOne(
  deps: IngestDeps,
  item: Readonly<Record<string, unknown>>,
  index: number,
  requestId: string,
): Promise<BatchItemResult> {
  const now = deps.clock.now().toISOString();
  try {
    const result = await consumeEvent(
      deps,
      {
        source: CORE_BANKING_SOURCE,
        detailType: TransactionPosted.detailType,
        // Stands in for EventBridge's id; transactions are deduplicated on transactionId anyway.
        id: `batch-${requestId}-${index}`,
        time: now,
        detail: item,
      },
      { requestGrading: false },
    );
    const transactionId = transactionIdOf(item);
    // A replay is `duplicate` whatever happened to the first: counted, or parked for a
    // customer not registered yet (kept once, answered `accepted` + `pending` once).
    if (result.outcome === 'ignored' || result.outcome === 'already-parked') {
      return { index, status: 'duplicate', transactionId };
    }
    return result.outcome === 'parked'
      ? { index, status: 'accepted', transactionId, pending: 'customer-unknown' }
      : { index, status: 'accepted', transactionId };
  } catch (error) {
    if (error instanceof UnprocessableEventError) {
      return { index, status: 'rejected', code: error.code, reason: error.reason };
    }
    // A transient failure (throttling, a timeout) of this item alone. Its write is one
    // transaction, so nothing of it was counted; answering 500 now would hide the items
    // already written, so the item says what happened and the others stand.
    logger.error('Batch item failed; the client is told to send it again', {
      index,
      errorName: error instanceof Error ? error.name : 'Error',
    });
    metrics.addMetric('BatchItemsFailed', MetricUnit.Count, 1);
    return { index, status: 'rejected', code: TRANSIENT_FAILURE, reason: TRANSIENT_REASON };
  }
}

/** The code of an item that failed for a passing reason: sending it again is safe. */
export const TRANSIENT_FAILURE = 'TRANSIENT_FAILURE';
const TRANSIENT_REASON =
  'A passing failure while it was written: nothing of it was counted; send it again (a retry of what was written comes back duplicate)';

/**
 * Refuses the whole batch (422, nothing written) when any item's amount is above its
 * currency's cap (docs/domain-rules.md §13.6): no real payment is that large, so the sender is
 * broken or hostile, and none of its items should count. `errors` name the items, never the
 * amounts. An item malformed in any other way is left to its own `rejected` result.
 */
function refuseAmountsOverCap(caps: AmountCaps, batch: TransactionBatch): void {
  const errors = batch.transactions.flatMap(({ amount, currency }, index) =>
    typeof amount === 'number' && typeof currency === 'string' && exceedsCap(caps, currency, amount)
      ? [{ path: `transactions.${index}.amount`, message: 'Above the cap of its currency' }]
      : [],
  );
  if (errors.length > 0) {
    throw new ValidationError(errors, 'An amount is above the cap of its currency; nothing was written', {
      code: 'amount-over-cap',
    });
  }
}

/**
 * Requests the grading of one customer of the batch after its transactions are counted. The
 * transactions are written whatever the request does, so a failure here must not answer 500
 * (which would tell the client nothing was done): it is logged with the customer's id and
 * counted as `BatchGradingRequestsFailed`, and the customer is graded by its next event or the
 * daily regrade.
 */
async function requestGradingAfterBatch(deps: IngestDeps, customerId: string, requestId: string) {
  try {
    // One cause per call: a retried call (a new request id) requests again, as it should.
    await deps.gradingRequests.request(customerId, `batch-${requestId}`);
  } catch (error) {
    logger.error("Requesting a customer's grading after a batch failed; the transactions are counted", {
      customerId,
      errorName: error instanceof Error ? error.name : 'Error',
    });
    metrics.addMetric('BatchGradingRequestsFailed', MetricUnit.Count, 1);
  }
}

/**
 * `POST /v1/transactions/batch`: ingests up to 500 transactions through the same path as
 * the TransactionPosted consumer (idempotent by transaction id and status) and answers one result
 * per item, in order; each customer's grading is requested once, after all its items (the
 * grader does it: docs/architecture.md, "Coalesced work"). An amount above its currency's cap
 * refuses the whole batch (422) before anything is written. Once an item may have been written,
 * nothing answers 500 (which would tell the client nothing was done, docs/domain-rules.md §13.5): a
 * transient failure of one item is that item's `rejected` result with `TRANSIENT_FAILURE`
 * (sending it again is safe: what was written comes back `duplicate`), and a failed request of a
 * grading is logged and counted (requestGradingAfterBatch).
 */
export async function ingestBatch(
  deps: IngestDeps,
  auth: AuthContext,
  batch: TransactionBatch,
  requestId: string,
) {
  activityPolicy.authorize(auth, 'transactions:ingest');
  refuseAmountsOverCap(deps.amountCaps, batch);
  const results: BatchItemResult[] = new Array(batch.transactions.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < batch.transactions.length; index = next++) {
      const item = batch.transactions[index];
      if (item !== undefined) results[index] = await ingestOne(deps, item, index, requestId);
    }
  };
  await Promise.all(Array.from({ length: PARALLELISM }, worker));
  // Each customer of the batch is requested once, after all its transactions are counted: the
  // same grading as one per item (grading reads the state, not the event), for a fraction of
  // the messages. Duplicates included: they may be the retry of a call whose request failed.
  const customers = [...new Set(batch.transactions.map((item) => item.customerId).filter(isKnownId))];
  let nextCustomer = 0;
  const requester = async (): Promise<void> => {
    for (let i = nextCustomer++; i < customers.length; i = nextCustomer++) {
      const customerId = customers[i];
      if (customerId !== undefined) await requestGradingAfterBatch(deps, customerId, requestId);
    }
  };
  await Promise.all(Array.from({ length: PARALLELISM }, requester));
  const count = (status: BatchItemResult['status']) => results.filter((r) => r.status === status).length;
  return {
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    results,
  };
}
