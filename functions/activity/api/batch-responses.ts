import { idField } from '../../../shared/events/index.js';
import * as z from '../../../shared/zod.js';
import { count } from './responses.js';

/**
 * Response schema of `POST /v1/transactions/batch`, strict like every activity response
 * (responses.ts) and built on first use. The example is synthetic.
 */

/**
 * `POST /v1/transactions/batch` (200, whatever the items' fates): one result per item, in the
 * order sent, and the counts. `accepted`: counted (with `pending: "customer-unknown"` when the
 * customer is not registered yet: kept, and counted when it is); `duplicate`: this transaction
 * in this status was received before (a retried call), whether it was counted or is kept for a
 * customer not registered yet; `rejected`: the item breaks the TransactionPosted schema or is
 * posted in the future beyond the clock skew, `code` (`EVENT_INVALID`) and `reason` (the fields
 * and rules, never the values) say why. A failure of the whole call is a 5xx: retry it whole.
 */
export const transactionBatchResultSchema = z.lazy(() => {
  const index = count();
  return z
    .strictObject({
      accepted: count(),
      duplicate: count(),
      rejected: count(),
      results: z.array(
        z.discriminatedUnion('status', [
          z.strictObject({
            index,
            status: z.literal('accepted'),
            transactionId: idField,
            pending: z.optional(z.literal('customer-unknown')),
          }),
          z.strictObject({ index, status: z.literal('duplicate'), transactionId: idField }),
          z.strictObject({
            index,
            status: z.literal('rejected'),
            /** Stable, upper snake case: `EVENT_INVALID`. */
            code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper snake case code')),
            /** `path: message` per problem, `; `-separated (`amount: Too small: expected number to be >=0`). */
            reason: z.string().check(z.minLength(1)),
          }),
        ]),
      ),
    })
    .check(z.describe('One result per transaction, in order: accepted, duplicate or rejected'));
});

/** Example: four transactions, one for a customer not registered yet, one retried, one malformed. */
export const transactionBatchResultExample = {
  accepted: 2,
  duplicate: 1,
  rejected: 1,
  results: [
    { index: 0, status: 'accepted', transactionId: 'txn-20260610-000001' },
    {
      index: 1,
      status: 'accepted',
      transactionId: 'txn-20260610-000002',
      pending: 'customer-unknown',
    },
    { index: 2, status: 'duplicate', transactionId: 'txn-20260609-000417' },
    {
      index: 3,
      status: 'rejected',
      code: 'EVENT_INVALID',
      reason: 'amount: Too small: expected number to be >=0',
    },
  ],
} satisfies z.input<typeof transactionBatchResultSchema>;
