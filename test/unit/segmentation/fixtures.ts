import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import type {
  LifecycleFacts,
  SegmentFacts,
} from '../../../functions/activity/domain/segmentation/grading.js';

export const config: SegmentationConfig = DEFAULT_SEGMENTATION_CONFIG;

/** CNY yuan to fen. */
export const yuan = (amount: number) => amount * 100;

export const DAY = 86_400_000;
export const NOW = new Date('2026-06-30T12:00:00.000Z');
/** The instant `days` (possibly fractional) before NOW. */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A copy of the default configuration with one part changed. */
export function withConfig(change: (draft: SegmentationConfig) => void): SegmentationConfig {
  const draft = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
  change(draft);
  return draft;
}

/** An established, steady customer: 2 years in, active last week, nothing falling. */
export function lifecycleFacts(overrides: Partial<LifecycleFacts> = {}): LifecycleFacts {
  return {
    onboardedAt: daysAgo(730),
    now: NOW,
    relationshipClosed: false,
    allAccountsClosed: false,
    lastSuccessfulTransactionAt: daysAgo(7),
    wasDormant: false,
    aumNow: yuan(100_000),
    aum3MonthsAgo: yuan(100_000),
    activityLast3Months: 15,
    activityPrevious3Months: 15,
    ...overrides,
  };
}

export function segmentFacts(overrides: Partial<SegmentFacts> = {}): SegmentFacts {
  const { activityLast3Months: _omitted, ...base } = lifecycleFacts();
  return { ...base, monthlySuccessfulCounts: [5, 5, 5], productsHeld: 2, ...overrides };
}
