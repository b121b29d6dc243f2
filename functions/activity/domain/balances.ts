import type { BalanceSnapshot, EventDetail } from '../../../shared/events/index.js';
import { canonicalInstant, type MonthKey, monthKey } from './months.js';

/** What the aggregates read of a `BalanceSnapshot` event. */
export type BalanceFacts = Pick<
  EventDetail<typeof BalanceSnapshot>,
  'customerId' | 'asOf' | 'aum' | 'deposits' | 'wealth' | 'loans' | 'currency'
>;

/** The snapshot kept for a month: the latest one by `asOf` (canonical form), in its currency. */
export interface BalancePoint {
  readonly asOf: string;
  readonly aum: number;
  readonly deposits: number;
  readonly wealth: number;
  readonly loans: number;
  readonly currency: string;
}

/** Month (CST, of `asOf`) → the latest snapshot of that month. */
export type BalancesByMonth = Readonly<Record<MonthKey, BalancePoint>>;

// 16 digits hold every safe integer, so zero-padded figures compare as strings like numbers.
const pad = (value: number) => String(value).padStart(16, '0');

/**
 * The total order that decides which snapshot a month keeps: later `asOf` wins; two
 * snapshots with the same `asOf` but different figures (a correction, or bad data) are
 * ordered by their figures, so the winner never depends on arrival order. A store keeps it
 * next to the snapshot and replaces the snapshot only when the new key is greater.
 */
export function balanceOrderKey(point: BalancePoint): string {
  const { asOf, currency, aum, deposits, wealth, loans } = point;
  return [canonicalInstant(asOf), currency, pad(aum), pad(deposits), pad(wealth), pad(loans)].join('|');
}

/** The snapshot as kept: figures unchanged, `asOf` canonical. */
export function toBalancePoint(snapshot: BalanceFacts): BalancePoint {
  const { asOf, aum, deposits, wealth, loans, currency } = snapshot;
  return { asOf: canonicalInstant(asOf), aum, deposits, wealth, loans, currency };
}

/** `balances` with `snapshot` in its month if it orders after the one kept there. */
export function mergeBalance(balances: BalancesByMonth, snapshot: BalanceFacts): BalancesByMonth {
  const point = toBalancePoint(snapshot);
  const month = monthKey(point.asOf);
  const kept = Object.hasOwn(balances, month) ? balances[month] : undefined;
  if (kept !== undefined && balanceOrderKey(kept) >= balanceOrderKey(point)) return balances;
  return { ...balances, [month]: point };
}

/**
 * The snapshot of the latest month at or before `month` that has one: "AUM three months
 * ago" is the last snapshot known by the end of that month, even if that month had none.
 */
export function latestBalanceUpTo(balances: BalancesByMonth, month: MonthKey): BalancePoint | undefined {
  const latest = Object.keys(balances)
    .filter((key) => key <= month)
    .sort()
    .at(-1);
  return latest === undefined ? undefined : balances[latest];
}
