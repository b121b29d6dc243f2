import type { TransactionStatus } from '../../../shared/events/index.js';
import type { ActivityAggregate } from '../domain/aggregate.js';
import type { BalancePoint } from '../domain/balances.js';
import type { HoldingState } from '../domain/holdings.js';
import type { MonthKey } from '../domain/months.js';
import type { TransactionDelta } from '../domain/transaction-delta.js';

/** One transaction to count, already reduced to its increments by the domain. */
export interface TransactionRecord {
  readonly customerId: string;
  readonly transactionId: string;
  /** Part of the idempotency key: a transaction is counted once per status. */
  readonly status: TransactionStatus;
  readonly delta: TransactionDelta;
}

/**
 * What recording a transaction did. `writes` is the number of TransactWriteItems calls it
 * took, a cancelled one included: 1 usually, 2 when a later success was already recorded
 * (the summary's max-update is dropped and the rest retried), more under write conflicts.
 */
export interface TransactionWriteResult {
  /**
   * `unknown-customer`: nothing written, the customer is not registered (yet).
   * `out-of-range`: nothing written, a counter of the month would pass 2^53 − 1.
   */
  readonly outcome: 'accepted' | 'duplicate' | 'unknown-customer' | 'out-of-range';
  readonly writes: number;
}

/** A balance snapshot to keep for its month if its order key is the greatest seen. */
export interface BalanceRecord {
  readonly customerId: string;
  readonly month: MonthKey;
  readonly point: BalancePoint;
  /** `balanceOrderKey(point)`: the greater key wins, whatever the arrival order. */
  readonly orderKey: string;
}

/** A product's latest action to keep if its order key is the greatest seen. */
export interface HoldingRecord {
  readonly customerId: string;
  readonly productId: string;
  readonly state: HoldingState;
  /** `holdingOrderKey(state)`. */
  readonly orderKey: string;
}

/**
 * `stale`: what is kept already orders at or after this one, so nothing changed.
 * `unknown-customer`: nothing written, the customer is not registered (yet).
 */
export type MergeOutcome = 'accepted' | 'stale' | 'unknown-customer';

/**
 * Persistence port of the activity aggregates. Every write is conditional on the customer
 * being known (its mirrored facts exist), in the same transaction: an event for an unknown
 * customer writes nothing and says so, and the caller parks it.
 */
export interface ActivityStore {
  /**
   * Counts a transaction exactly once per (transactionId, status): the idempotency record,
   * the month's counters and the last-success max-update commit together or not at all.
   * No counter ever passes 2^53 − 1: the counters' update is conditional on each staying in
   * that range, so a transaction that would take one past it writes nothing (`out-of-range`).
   */
  recordTransaction(record: TransactionRecord): Promise<TransactionWriteResult>;
  /** Keeps a month's balance snapshot when it orders after the one kept. */
  recordBalance(record: BalanceRecord): Promise<MergeOutcome>;
  /** Keeps a product's holding state when it orders after the one kept. */
  recordHolding(record: HoldingRecord): Promise<MergeOutcome>;
  /** The customer's aggregate as of `now` (buckets and snapshots outside the window dropped). */
  getAggregate(customerId: string, now: Date): Promise<ActivityAggregate>;
}
