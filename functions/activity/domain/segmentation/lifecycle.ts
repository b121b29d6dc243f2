import type { SegmentationConfig } from './config.js';
import { assertCount, assertMinorUnits, wholeDaysBetween } from './days.js';
import type { CustomerStatus, LifecycleStage } from './values.js';

/** What the lifecycle stage is decided from. Money in minor units; counts of counted transactions. */
export interface LifecycleFacts {
  readonly onboardedAt: Date;
  readonly now: Date;
  readonly relationshipClosed: boolean;
  readonly allAccountsClosed: boolean;
  /** Absent until the customer's first successful transaction. */
  readonly lastSuccessfulTransactionAt?: Date | undefined;
  /** The stage last computed was `dormant`. */
  readonly wasDormant: boolean;
  /** When the stage last became `reactivated`, passed while the stage last computed is `reactivated`. */
  readonly reactivatedAt?: Date | undefined;
  readonly aumNow: number;
  readonly aum3MonthsAgo: number;
  /** Successful counted transactions in the last 3 full months, and in the 3 months before. */
  readonly activityLast3Months: number;
  readonly activityPrevious3Months: number;
}

/**
 * The lifecycle stage (docs/domain-rules.md §14.5). The first rule that holds wins:
 * 1. `churned`: the relationship is closed, or every account is.
 * 2. `dormant`: `dormantAfterDays` whole days or more since the last successful transaction,
 *    or since onboarding when there has been none.
 * 3. `reactivated`: the last stage was `dormant` (so a transaction has just ended dormancy),
 *    or the customer became `reactivated` fewer than `reactivatedDays` whole days ago.
 * 4. `new`: at most `newMaxDays` whole days since onboarding.
 * 5. `declining`: AUM or activity down by `declinePercent` or more against 3 months before.
 * 6. `mature`: `matureMinDays` whole days or more since onboarding; otherwise `growing`.
 * Days are whole days of UTC time (see `wholeDaysBetween`).
 */
export function lifecycleStage(facts: LifecycleFacts, config: SegmentationConfig): LifecycleStage {
  const rules = config.lifecycle;
  if (facts.relationshipClosed || facts.allAccountsClosed) return 'churned';
  const lastActive = facts.lastSuccessfulTransactionAt ?? facts.onboardedAt;
  if (wholeDaysBetween(lastActive, facts.now) >= rules.dormantAfterDays) return 'dormant';
  if (facts.wasDormant) return 'reactivated';
  if (
    facts.reactivatedAt !== undefined &&
    wholeDaysBetween(facts.reactivatedAt, facts.now) < rules.reactivatedDays
  ) {
    return 'reactivated';
  }
  const tenureDays = wholeDaysBetween(facts.onboardedAt, facts.now);
  if (tenureDays <= rules.newMaxDays) return 'new';
  if (isDeclining(facts, config)) return 'declining';
  return tenureDays >= rules.matureMinDays ? 'mature' : 'growing';
}

/**
 * Whether AUM or activity fell by at least `declinePercent` against 3 months before. Nothing
 * declines from zero. Compared in integers (bigint, as AUM × 100 may pass 2^53), never as a ratio.
 */
export function isDeclining(
  facts: Pick<LifecycleFacts, 'aumNow' | 'aum3MonthsAgo' | 'activityLast3Months' | 'activityPrevious3Months'>,
  config: SegmentationConfig,
): boolean {
  assertMinorUnits(facts.aumNow, 'aumNow');
  assertMinorUnits(facts.aum3MonthsAgo, 'aum3MonthsAgo');
  assertCount(facts.activityLast3Months, 'activityLast3Months');
  assertCount(facts.activityPrevious3Months, 'activityPrevious3Months');
  const percent = config.lifecycle.declinePercent;
  return (
    isDownBy(facts.aumNow, facts.aum3MonthsAgo, percent) ||
    isDownBy(facts.activityLast3Months, facts.activityPrevious3Months, percent)
  );
}

function isDownBy(now: number, before: number, percent: number): boolean {
  if (before <= 0) return false;
  return (BigInt(before) - BigInt(now)) * 100n >= BigInt(percent) * BigInt(before);
}

/** What the customer status is decided from. */
export interface StatusFacts {
  readonly lifecycleStage: LifecycleStage;
  /** Absent until the customer's first successful transaction. */
  readonly lastSuccessfulTransactionAt?: Date | undefined;
}

/**
 * The customer status: `inactive` when churned (relationship or every account closed);
 * otherwise `pending-activation` until the first successful transaction, even past the
 * dormancy window (an account never activated has not been deactivated); `inactive` when
 * dormant; else `active`.
 */
export function customerStatus(facts: StatusFacts): CustomerStatus {
  if (facts.lifecycleStage === 'churned') return 'inactive';
  if (facts.lastSuccessfulTransactionAt === undefined) return 'pending-activation';
  if (facts.lifecycleStage === 'dormant') return 'inactive';
  return 'active';
}
