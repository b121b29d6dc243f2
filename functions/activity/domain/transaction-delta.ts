import type { EventDetail, TransactionPosted, TransactionStatus } from '../../../shared/events/index.js';
import { canonicalInstant, type MonthKey, monthKey } from './months.js';

/** What the activity aggregates read of a `TransactionPosted` event. */
export type TransactionFacts = Pick<
  EventDetail<typeof TransactionPosted>,
  'transactionId' | 'customerId' | 'type' | 'channel' | 'amount' | 'currency' | 'status' | 'postedAt'
>;

/**
 * The increments one transaction contributes to its customer's aggregates. Everything in
 * it is an addition (`counters`) or a maximum (`lastSuccessfulAt`); both are commutative,
 * so applying any set of distinct transactions in any order gives the same aggregate.
 *
 * It maps onto one DynamoDB UpdateItem: `ADD` each counter, and a conditional max-update of
 * `lastSuccessfulAt` (canonical ISO strings compare as times). Counter names are flat
 * strings, meant as top-level attribute names of the month's item: `ADD` on a nested map
 * path fails when the parent map does not exist yet. Duplicates are not this module's
 * business: the store writes an idempotency record in the same transaction.
 */
export interface TransactionDelta {
  /** The CST calendar month of `postedAt` (see months.ts). */
  readonly month: MonthKey;
  /** Counter name → increment; every increment is a non-negative integer. */
  readonly counters: Readonly<Record<string, number>>;
  /** `postedAt` in canonical form when the transaction succeeded: a candidate for a max-update. */
  readonly lastSuccessfulAt?: string;
}

/**
 * The counter prefix of each status. Every status is counted in its own namespace, with the
 * same breakdowns, and never in another's:
 * - `success`: the activity that grades customers (activity tier, dormancy, status).
 * - `failed`, `aborted`: attempts that moved no money, never counted as activity. Counted
 *   apart so the profile shows them by type and channel; nothing grades on them yet (a churn
 *   capability may read them later).
 * - `pendingReview`: a transaction held for review, counted when the hold is reported.
 *   When core banking later reports its final status, that event is counted again under the
 *   final status; `pendingReview.count` thus means "holds seen", not "holds open". For this
 *   the store's idempotency key must be the transaction id AND its status (a transaction
 *   reaches each status at most once), not the transaction id alone.
 */
export const STATUS_COUNTER_PREFIX: Readonly<Record<TransactionStatus, string>> = {
  success: 'success',
  failed: 'failed',
  aborted: 'aborted',
  'pending-review': 'pendingReview',
};

/**
 * Counter names, per status prefix `s` (see {@link STATUS_COUNTER_PREFIX}):
 * `s.count`, `s.amount.<CCY>`, `s.byType.<type>.count`, `s.byType.<type>.amount.<CCY>`,
 * `s.byChannel.<channel>.count`, `s.byChannel.<channel>.amount.<CCY>`.
 * Amounts are kept per currency (integer minor units): CNY is never mixed with other
 * currencies, and converting is left to whoever reads them with a rate and a date.
 */
export const counterNames = {
  count: (status: TransactionStatus) => `${STATUS_COUNTER_PREFIX[status]}.count`,
  amount: (status: TransactionStatus, currency: string) =>
    `${STATUS_COUNTER_PREFIX[status]}.amount.${currency}`,
  typeCount: (status: TransactionStatus, type: string) =>
    `${STATUS_COUNTER_PREFIX[status]}.byType.${type}.count`,
  typeAmount: (status: TransactionStatus, type: string, currency: string) =>
    `${STATUS_COUNTER_PREFIX[status]}.byType.${type}.amount.${currency}`,
  channelCount: (status: TransactionStatus, channel: string) =>
    `${STATUS_COUNTER_PREFIX[status]}.byChannel.${channel}.count`,
  channelAmount: (status: TransactionStatus, channel: string, currency: string) =>
    `${STATUS_COUNTER_PREFIX[status]}.byChannel.${channel}.amount.${currency}`,
} as const;

/**
 * The increments of one transaction: six counters (count and amount, overall, by type and
 * by channel, under its status) in the CST month of `postedAt`, and `lastSuccessfulAt` when
 * it succeeded. A zero amount still adds its `amount.<CCY>` counters (with 0), so the set of
 * counters present does not depend on amounts.
 *
 * @example
 *   transactionDelta({ …, type: 'deposit', channel: 'atm', amount: 5000, currency: 'CNY',
 *                      status: 'success', postedAt: '2026-02-28T16:30:00Z' });
 *   // { month: '2026-03', lastSuccessfulAt: '2026-02-28T16:30:00.000Z',
 *   //   counters: { 'success.count': 1, 'success.amount.CNY': 5000,
 *   //               'success.byType.deposit.count': 1, 'success.byType.deposit.amount.CNY': 5000,
 *   //               'success.byChannel.atm.count': 1, 'success.byChannel.atm.amount.CNY': 5000 } }
 */
export function transactionDelta(tx: TransactionFacts): TransactionDelta {
  const { status, type, channel, currency, amount } = tx;
  const counters: Record<string, number> = {
    [counterNames.count(status)]: 1,
    [counterNames.amount(status, currency)]: amount,
    [counterNames.typeCount(status, type)]: 1,
    [counterNames.typeAmount(status, type, currency)]: amount,
    [counterNames.channelCount(status, channel)]: 1,
    [counterNames.channelAmount(status, channel, currency)]: amount,
  };
  const month = monthKey(tx.postedAt);
  return status === 'success'
    ? { month, counters, lastSuccessfulAt: canonicalInstant(tx.postedAt) }
    : { month, counters };
}
