import { SEGMENT_DIMENSIONS, type SegmentDimension } from '../../events.js';
import { type CompositeInputs, compositeGrade, compositeScore, type ScoreContribution } from './composite.js';
import type { SegmentationConfig } from './config.js';
import { assertCount, wholeDaysBetween } from './days.js';
import { customerStatus, type LifecycleFacts, lifecycleStage } from './lifecycle.js';
import { activityTier, assetTier, privateBanking } from './tiers.js';
import type {
  ActivityTier,
  AssetTier,
  ComplianceStatus,
  CompositeGrade,
  CreditGrade,
  CustomerStatus,
  LifecycleStage,
} from './values.js';

/** Everything a customer's segments are computed from. */
export interface SegmentFacts extends Omit<LifecycleFacts, 'activityLast3Months'> {
  /**
   * Successful counted transactions in each of the last 3 full calendar months; their sum is
   * the lifecycle's `activityLast3Months`, so the two can never disagree.
   */
  readonly monthlySuccessfulCounts: readonly number[];
  readonly productsHeld: number;
  /** From the credit-risk system; `standard` until it has spoken. */
  readonly creditGrade?: CreditGrade | undefined;
  /** From AML or a compliance officer; `compliant` until told. */
  readonly complianceStatus?: ComplianceStatus | undefined;
}

/** A customer's segments and composite score (docs/domain-rules.md §14.3–14.5). */
export interface Segments {
  readonly assetTier: AssetTier;
  readonly privateBanking: boolean;
  readonly activityTier: ActivityTier;
  readonly creditGrade: CreditGrade;
  readonly complianceStatus: ComplianceStatus;
  readonly compositeScore: number;
  readonly compositeGrade: CompositeGrade;
  readonly lifecycleStage: LifecycleStage;
  readonly status: CustomerStatus;
}

/** Segments with the composite score's explanation. */
export interface SegmentResult extends Segments {
  readonly contributions: readonly ScoreContribution[];
}

/** Grades a customer on every dimension at once, from one set of facts and one configuration. */
export function segment(facts: SegmentFacts, config: SegmentationConfig): SegmentResult {
  const activity = activityTier(facts.monthlySuccessfulCounts, config);
  const activityLast3Months = facts.monthlySuccessfulCounts.reduce((sum, count) => sum + count, 0);
  assertCount(facts.productsHeld, 'productsHeld');
  const inputs: CompositeInputs = {
    assetTier: assetTier(facts.aumNow, config),
    activityTier: activity,
    creditGrade: facts.creditGrade ?? 'standard',
    tenureDays: wholeDaysBetween(facts.onboardedAt, facts.now),
    productsHeld: facts.productsHeld,
  };
  const composite = compositeScore(inputs, config);
  const stage = lifecycleStage({ ...facts, activityLast3Months }, config);
  return {
    assetTier: inputs.assetTier,
    privateBanking: privateBanking(facts.aumNow, config),
    activityTier: activity,
    creditGrade: inputs.creditGrade,
    complianceStatus: facts.complianceStatus ?? 'compliant',
    compositeScore: composite.score,
    compositeGrade: compositeGrade(composite.score, config),
    lifecycleStage: stage,
    status: customerStatus({
      lifecycleStage: stage,
      lastSuccessfulTransactionAt: facts.lastSuccessfulTransactionAt,
    }),
    contributions: composite.contributions,
  };
}

/**
 * The dimensions a `CustomerSegmentChanged` event reports, declared with the event. The
 * composite score is not one: it moves by a point at nearly every recomputation; its grade
 * is the dimension.
 */
export { SEGMENT_DIMENSIONS, type SegmentDimension };

/** One changed dimension; values as strings (`privateBanking` as "true"/"false"), `from` null on first grading. */
export interface SegmentChange {
  readonly dimension: SegmentDimension;
  readonly from: string | null;
  readonly to: string;
}

/**
 * The dimensions that differ between two gradings, in `SEGMENT_DIMENSIONS` order: what
 * `CustomerSegmentChanged` carries. With no `before` (the first grading) every dimension is
 * reported, from null.
 */
export function diffSegments(before: Segments | undefined, after: Segments): SegmentChange[] {
  const changes: SegmentChange[] = [];
  for (const dimension of SEGMENT_DIMENSIONS) {
    const to = String(after[dimension]);
    const from = before === undefined ? null : String(before[dimension]);
    if (from !== to) changes.push({ dimension, from, to });
  }
  return changes;
}
