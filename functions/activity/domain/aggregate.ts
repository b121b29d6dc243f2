import type { TransactionType } from '../../../shared/events/index.js';
import {
  type BalanceFacts,
  type BalancePoint,
  type BalancesByMonth,
  latestBalanceUpTo,
  mergeBalance,
} from './balances.js';
import {
  type HeldProduct,
  type HoldingFacts,
  type HoldingsByProduct,
  heldProducts,
  mergeHolding,
} from './holdings.js';
import { addMonths, type MonthKey, monthKey } from './months.js';
import {
  counterNames,
  type TransactionDelta,
  type TransactionFacts,
  transactionDelta,
} from './transaction-delta.js';

/** How many monthly buckets are kept: the current month and the 11 before it. */
export const RETAINED_MONTHS = 12;

/**
 * One customer's activity, as the segmentation and churn rules read it. A plain, JSON-shaped
 * value: every `apply…` returns a new one and never changes its input. Everything in it is
 * built from commutative merges (sums, maxima, "greatest order key wins"), so the same set of
 * events gives the same aggregate whatever order they arrive in.
 */
export interface ActivityAggregate {
  readonly customerId: string;
  /** CST month → counter name → total (see transaction-delta.ts for the names). */
  readonly months: Readonly<Record<MonthKey, Readonly<Record<string, number>>>>;
  /** The latest successful transaction's `postedAt`, canonical ISO; absent if none yet. */
  readonly lastSuccessfulAt?: string;
  /** CST month → the latest balance snapshot of that month. */
  readonly balances: BalancesByMonth;
  /** Product id → latest action on it (tombstones included). */
  readonly holdings: HoldingsByProduct;
}

/** An aggregate with no activity yet. */
export function emptyAggregate(customerId: string): ActivityAggregate {
  return { customerId, months: {}, balances: {}, holdings: {} };
}

function assertSameCustomer(aggregate: ActivityAggregate, customerId: string): void {
  if (customerId !== aggregate.customerId) {
    throw new RangeError("An event of another customer cannot be applied to this customer's aggregate");
  }
}

/** Sums stay exact integers: past 2^53 − 1 a total could no longer be trusted, so refuse. */
function addExactly(total: number, increment: number): number {
  const sum = total + increment;
  if (!Number.isSafeInteger(sum)) throw new RangeError('A total would exceed 2^53 - 1 and lose exactness');
  return sum;
}

/**
 * Adds one transaction's increments to its month and moves `lastSuccessfulAt` forward if
 * the delta carries a later one. Sums and a maximum: the order of deltas never matters.
 */
export function applyDelta(aggregate: ActivityAggregate, delta: TransactionDelta): ActivityAggregate {
  const bucket = Object.hasOwn(aggregate.months, delta.month) ? (aggregate.months[delta.month] ?? {}) : {};
  const next: Record<string, number> = { ...bucket };
  for (const [name, increment] of Object.entries(delta.counters)) {
    next[name] = addExactly(Object.hasOwn(next, name) ? (next[name] ?? 0) : 0, increment);
  }
  const candidate = delta.lastSuccessfulAt;
  const later =
    candidate !== undefined &&
    (aggregate.lastSuccessfulAt === undefined || candidate > aggregate.lastSuccessfulAt);
  return {
    ...aggregate,
    months: { ...aggregate.months, [delta.month]: next },
    ...(later ? { lastSuccessfulAt: candidate } : {}),
  };
}

/**
 * Drops monthly buckets and balance snapshots older than the retained window (`now`'s month
 * and the 11 before it). Months ahead of `now` (a producer's clock running fast) are kept;
 * `lastSuccessfulAt` and holdings are never dropped.
 */
export function pruneAggregate(aggregate: ActivityAggregate, now: Date): ActivityAggregate {
  const oldest = addMonths(monthKey(now), -(RETAINED_MONTHS - 1));
  const recent = <T>(byMonth: Readonly<Record<MonthKey, T>>): Record<MonthKey, T> =>
    Object.fromEntries(Object.entries(byMonth).filter(([month]) => month >= oldest));
  return { ...aggregate, months: recent(aggregate.months), balances: recent(aggregate.balances) };
}

/** Counts one (already de-duplicated) transaction into its month, as of `now`. */
export function applyTransaction(
  aggregate: ActivityAggregate,
  tx: TransactionFacts,
  now: Date,
): ActivityAggregate {
  assertSameCustomer(aggregate, tx.customerId);
  return pruneAggregate(applyDelta(aggregate, transactionDelta(tx)), now);
}

/** Keeps a balance snapshot if it is the latest of its month (later `asOf` wins), as of `now`. */
export function applyBalance(
  aggregate: ActivityAggregate,
  snapshot: BalanceFacts,
  now: Date,
): ActivityAggregate {
  assertSameCustomer(aggregate, snapshot.customerId);
  return pruneAggregate({ ...aggregate, balances: mergeBalance(aggregate.balances, snapshot) }, now);
}

/** Records a holding change if it is the latest known on its product (later `at` wins). */
export function applyHolding(aggregate: ActivityAggregate, event: HoldingFacts): ActivityAggregate {
  assertSameCustomer(aggregate, event.customerId);
  return { ...aggregate, holdings: mergeHolding(aggregate.holdings, event) };
}

/**
 * Successful transactions in each of `months` (same order; 0 for a month with none or
 * outside the retained window). With `types`, only those types count: the activity tier passes
 * the segmentation configuration's `countedTypes` (customer-initiated types, admin-configurable).
 */
export function monthlySuccessfulCounts(
  aggregate: ActivityAggregate,
  months: readonly MonthKey[],
  types?: readonly TransactionType[],
): number[] {
  const names =
    types === undefined
      ? [counterNames.count('success')]
      : types.map((t) => counterNames.typeCount('success', t));
  return months.map((month) => {
    const bucket = Object.hasOwn(aggregate.months, month) ? aggregate.months[month] : undefined;
    return names.reduce(
      (sum, name) => sum + (bucket !== undefined && Object.hasOwn(bucket, name) ? (bucket[name] ?? 0) : 0),
      0,
    );
  });
}

/** Balances now and 3 and 6 months before `now`'s month (each: latest snapshot at or before). */
export interface AssetHistory {
  readonly current?: BalancePoint;
  readonly threeMonthsAgo?: BalancePoint;
  readonly sixMonthsAgo?: BalancePoint;
}

/** The snapshots behind "AUM now, 3 and 6 months ago" as of `now`; absent when unknown. */
export function assetHistory(aggregate: ActivityAggregate, now: Date): AssetHistory {
  const month = monthKey(now);
  const at = (monthsAgo: number) => latestBalanceUpTo(aggregate.balances, addMonths(month, -monthsAgo));
  const current = at(0);
  const threeMonthsAgo = at(3);
  const sixMonthsAgo = at(6);
  // Absent rather than `undefined`, so histories compare equal however they were built.
  return {
    ...(current && { current }),
    ...(threeMonthsAgo && { threeMonthsAgo }),
    ...(sixMonthsAgo && { sixMonthsAgo }),
  };
}

/** The products the customer holds now, by product id. */
export function productsHeld(aggregate: ActivityAggregate): HeldProduct[] {
  return heldProducts(aggregate.holdings);
}

export type { BalanceFacts, BalancePoint, HeldProduct, HoldingFacts, TransactionDelta, TransactionFacts };
