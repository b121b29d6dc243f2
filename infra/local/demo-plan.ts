import { addMonths, type MonthKey, monthKey } from '../../functions/activity/domain/months.js';
import type { DemoProfile } from './demo-profiles.js';
import { DAY_MS } from './demo-timeline.js';

/** One customer's synthetic year, decided before any event is made. Times in epoch ms. */
export interface CustomerPlan {
  readonly customerId: string;
  readonly individual: boolean;
  /** Risk tolerance 1 (C1) … 5 (C5): products above it are never held. */
  readonly riskTolerance: number;
  readonly profile: DemoProfile;
  readonly now: number;
  readonly onboardedAt: number;
  /** The later of onboarding and the start of the 12-month window (CST month, 11 months back). */
  readonly windowStart: number;
  /** The spans in which successful transactions happen (the gaps make dormancy). */
  readonly active: readonly (readonly [number, number])[];
  /** Churned: when every holding ends. */
  readonly closureAt?: number;
  /** Dormant: the last successful transaction. Reactivated: the last one before the gap. */
  readonly lastBeforeGap?: number;
  /** Reactivated: the transaction that ends dormancy. */
  readonly reactivationAt?: number;
  /** A loan's disbursement (customers with a loan). */
  readonly loanStart?: number;
  readonly random: () => number;
}

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The instant a CST calendar month begins. */
export function monthStart(month: MonthKey): number {
  const [year, monthNumber] = month.split('-').map(Number);
  return Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1) - CST_OFFSET_MS;
}

/** CST months from the one holding `from` to the one holding `to`, oldest first. */
export function monthsBetween(from: number, to: number): MonthKey[] {
  const months: MonthKey[] = [];
  const last = monthKey(new Date(to));
  for (let month = monthKey(new Date(from)); month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** How many months `month` lies before the month of `now` (0: the current month). */
export function monthsAgo(month: MonthKey, now: number): number {
  const [y1, m1] = month.split('-').map(Number);
  const [y2, m2] = monthKey(new Date(now)).split('-').map(Number);
  return ((y2 ?? 0) - (y1 ?? 0)) * 12 + ((m2 ?? 0) - (m1 ?? 0));
}

/** A uniform draw in [min, max). */
export function between(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}

/** A uniform whole number in [min, max]. */
export function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `days` (fractional allowed) in ms. */
export function days(count: number): number {
  return count * DAY_MS;
}

/** Whether `at` falls in one of the plan's active spans. */
export function isActive(plan: CustomerPlan, at: number): boolean {
  return plan.active.some(([from, to]) => at >= from && at <= to);
}
