import type { SegmentationConfig } from './config.js';
import { assertCount, assertMinorUnits } from './days.js';
import {
  ACTIVITY_WINDOW_MONTHS,
  type ActivityTier,
  type AssetTier,
  type TransactionStatus,
  type TransactionType,
} from './values.js';

/**
 * Asset tier from assets under management now, in minor units of the configuration's
 * currency: `high` at or above `highMinMinor`, `medium` at or above `mediumMinMinor`, else `low`.
 */
export function assetTier(aumMinor: number, config: SegmentationConfig): AssetTier {
  assertMinorUnits(aumMinor, 'aumMinor');
  if (aumMinor >= config.assets.highMinMinor) return 'high';
  if (aumMinor >= config.assets.mediumMinMinor) return 'medium';
  return 'low';
}

/** The private-banking flag: AUM at or above `privateBankingMinMinor` (a `high` tier customer). */
export function privateBanking(aumMinor: number, config: SegmentationConfig): boolean {
  assertMinorUnits(aumMinor, 'aumMinor');
  return aumMinor >= config.assets.privateBankingMinMinor;
}

/**
 * Activity tier from the successful counted transactions of each of the last 3 full calendar
 * months (months before onboarding count as 0): `high` when the monthly average is at least
 * `highMinPerMonth`, `medium` at least `mediumMinPerMonth`, else `low`. The average is
 * compared as a sum (sum ≥ minimum × 3), so no fraction is ever rounded.
 */
export function activityTier(
  monthlySuccessfulCounts: readonly number[],
  config: SegmentationConfig,
): ActivityTier {
  if (monthlySuccessfulCounts.length !== ACTIVITY_WINDOW_MONTHS) {
    throw new RangeError(`monthlySuccessfulCounts must hold ${ACTIVITY_WINDOW_MONTHS} months`);
  }
  let sum = 0;
  for (const count of monthlySuccessfulCounts) {
    assertCount(count, 'monthlySuccessfulCounts');
    sum += count;
  }
  if (sum >= config.activity.highMinPerMonth * ACTIVITY_WINDOW_MONTHS) return 'high';
  if (sum >= config.activity.mediumMinPerMonth * ACTIVITY_WINDOW_MONTHS) return 'medium';
  return 'low';
}

/**
 * Whether a transaction counts towards activity: successful, and of a customer-initiated type
 * (`activity.countedTypes`). Failed, aborted and pending-review transactions never count.
 */
export function countsAsActivity(
  type: TransactionType,
  status: TransactionStatus,
  config: SegmentationConfig,
): boolean {
  return status === 'success' && config.activity.countedTypes.includes(type);
}
