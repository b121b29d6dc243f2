import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { SUMMARY_MONTHS } from '../events.js';
import type { ActivityAggregate } from './aggregate.js';
import { addMonths, lastCompleteMonths, type MonthKey, monthKey } from './months.js';
import { counterNames } from './transaction-delta.js';

/** One complete CST month of the summary (the event's `months` items). */
export interface SummaryMonth {
  readonly month: MonthKey;
  /** Successful transactions of any type. */
  readonly transactions: number;
  /** AUM of the month's latest balance snapshot in `currency`; null when there is none. */
  readonly aum: number | null;
  /** Successful `transfer-out` amount in `currency` (minor units). */
  readonly outflows: number;
}

/**
 * What ActivitySummaryChanged tells of a customer, without its `at`: the churn early warning's
 * activity features (docs/domain-rules.md §20.1). Kept with the customer's grading, so the next
 * grading can tell whether it changed materially.
 */
export interface ActivitySummary {
  /** The CST day (`YYYY-MM-DD`) of the latest successful transaction; null when none ever. */
  readonly lastTransactionDay: string | null;
  /** The last SUMMARY_MONTHS complete CST months before the grading time, newest first. */
  readonly months: readonly SummaryMonth[];
  readonly currency: string;
}

function counter(aggregate: ActivityAggregate, month: MonthKey, name: string): number {
  const bucket = Object.hasOwn(aggregate.months, month) ? aggregate.months[month] : undefined;
  return bucket !== undefined && Object.hasOwn(bucket, name) ? (bucket[name] ?? 0) : 0;
}

/**
 * A month's AUM in `currency`: its own latest snapshot, never an earlier month's carried over
 * (a month without a snapshot is unknown, not unchanged). A snapshot in another currency is
 * unknown in this one too, so null: amounts are never converted, as the asset tier never mixes
 * currencies (docs/domain-rules.md §14.2), and an unknown AUM must not read as a fall to 0.
 */
function monthEndAum(aggregate: ActivityAggregate, month: MonthKey, currency: string): number | null {
  const point = Object.hasOwn(aggregate.balances, month) ? aggregate.balances[month] : undefined;
  return point !== undefined && point.currency === currency ? point.aum : null;
}

/**
 * The customer's activity summary as of `now` (docs/domain-rules.md §20.1):
 * - `lastTransactionDay`: the CST day of `lastSuccessfulAt`, the latest successful transaction of
 *   ANY type, as dormancy counts it (§14.5), so the churn `inactive` signal and the `dormant`
 *   stage agree at 180 days;
 * - `months`: the last SUMMARY_MONTHS complete CST months before `now`'s month, newest first,
 *   none before the onboarding month (a new customer has fewer): successful transactions of any
 *   type, the month's own AUM, and successful `transfer-out` amounts (money leaving for another
 *   institution), both in `currency` only (the segmentation configuration's, as the asset tier);
 * - `currency`.
 * Pure: the same aggregate, onboarding date, currency and month give the same summary, so a
 * grading can compare it with the one last published.
 */
export function summariseActivity(
  aggregate: ActivityAggregate,
  onboardedAt: string,
  currency: string,
  now: Date,
): ActivitySummary {
  const firstMonth = monthKey(onboardedAt);
  const months = lastCompleteMonths(now, SUMMARY_MONTHS)
    .reverse()
    .filter((month) => month >= firstMonth)
    .map((month) => ({
      month,
      transactions: counter(aggregate, month, counterNames.count('success')),
      aum: monthEndAum(aggregate, month, currency),
      outflows: counter(aggregate, month, counterNames.typeAmount('success', 'transfer-out', currency)),
    }));
  const last = aggregate.lastSuccessfulAt;
  return {
    lastTransactionDay: last === undefined ? null : isoDateOfDay(cstDayOf(new Date(last))),
    months,
    currency,
  };
}

/** Whether two summaries say the same thing (a material change is any difference). */
export function sameSummary(a: ActivitySummary | undefined, b: ActivitySummary | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.lastTransactionDay === b.lastTransactionDay &&
    a.currency === b.currency &&
    a.months.length === b.months.length &&
    a.months.every((month, i) => {
      const other = b.months[i];
      return (
        other !== undefined &&
        month.month === other.month &&
        month.transactions === other.transactions &&
        month.aum === other.aum &&
        month.outflows === other.outflows
      );
    })
  );
}

/**
 * The next instant at which time alone changes the summary: the start of the CST month after
 * `now`'s, when another month becomes complete. Every month's turn changes it (the newest
 * complete month is another one), so the daily regrade must see each turn.
 */
export function nextSummaryTurn(now: Date): Date {
  return new Date(`${addMonths(monthKey(now), 1)}-01T00:00:00+08:00`);
}
