import type { SegmentationConfig } from './config.js';
import { assertCount } from './days.js';
import type { ActivityTier, AssetTier, CompositeGrade, CreditGrade } from './values.js';

export const SCORE_DIMENSIONS = ['assets', 'activity', 'credit', 'tenureAndProducts'] as const;
export type ScoreDimension = (typeof SCORE_DIMENSIONS)[number];

/** What the composite score is computed from. */
export interface CompositeInputs {
  readonly assetTier: AssetTier;
  readonly activityTier: ActivityTier;
  readonly creditGrade: CreditGrade;
  /** Whole days since onboarding (negative counts as 0). */
  readonly tenureDays: number;
  /** Products the customer holds now. */
  readonly productsHeld: number;
}

/** One dimension's part of the score, so an RM can see why a customer has their grade. */
export interface ScoreContribution {
  readonly dimension: ScoreDimension;
  /** The dimension's weight: the most points it can give. */
  readonly weight: number;
  /** The share of the weight earned, 0–100 (may be fractional for tenure and products). */
  readonly percent: number;
  /** Points given: weight × percent / 100, rounded to the nearest whole point (halves up). */
  readonly points: number;
}

export interface CompositeScore {
  /** 0–100: exactly the sum of the contributions' points. */
  readonly score: number;
  readonly contributions: readonly ScoreContribution[];
}

/**
 * The weighted composite score (docs/domain-rules.md §14.4; weights assets 40, activity 30,
 * credit 20, tenure and products 10 by default). Assets, activity and credit earn the
 * configured points of their level; tenure and products earn a share that grows linearly to
 * `fullTenureDays` and `fullProductCount`. Each contribution is rounded to a whole point and
 * the score is their sum, so the explanation always adds up to the score shown.
 */
export function compositeScore(inputs: CompositeInputs, config: SegmentationConfig): CompositeScore {
  const { weights, points, tenureAndProducts: tp } = config.composite;
  assertCount(inputs.productsHeld, 'productsHeld');
  const tenurePercent =
    (Math.min(Math.max(inputs.tenureDays, 0), tp.fullTenureDays) / tp.fullTenureDays) * 100;
  const productsPercent = (Math.min(inputs.productsHeld, tp.fullProductCount) / tp.fullProductCount) * 100;
  const percents: Record<ScoreDimension, number> = {
    assets: points.assetTier[inputs.assetTier],
    activity: points.activityTier[inputs.activityTier],
    credit: points.creditGrade[inputs.creditGrade],
    tenureAndProducts:
      (tenurePercent * tp.tenureSharePercent + productsPercent * (100 - tp.tenureSharePercent)) / 100,
  };
  const contributions = SCORE_DIMENSIONS.map((dimension) => {
    const weight = weights[dimension];
    const percent = percents[dimension];
    return { dimension, weight, percent, points: Math.round((weight * percent) / 100) };
  });
  return { score: contributions.reduce((sum, c) => sum + c.points, 0), contributions };
}

/** The composite grade: `vip` at or above `vipMinScore`, `premium` at or above `premiumMinScore`, else `standard`. */
export function compositeGrade(score: number, config: SegmentationConfig): CompositeGrade {
  if (score >= config.composite.vipMinScore) return 'vip';
  if (score >= config.composite.premiumMinScore) return 'premium';
  return 'standard';
}
