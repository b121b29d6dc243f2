import type { ChurnModel, RiskLevel } from '../../functions/retention/domain/model.js';
import { scoreChurn } from '../../functions/retention/domain/scoring.js';
import { auc, baseRate, type FlagQuality, flagQuality, topShare } from './metrics.js';
import type { ObservedCustomer } from './observe.js';

/** How well one model separates churners on one portfolio (docs/domain-rules.md §20.10). */
export interface ModelQuality {
  readonly modelVersion: number;
  readonly customers: number;
  readonly churners: number;
  readonly baseRate: number | null;
  /** Rank-based, ties averaged, over the displayed (3-decimal) score the product shows. */
  readonly auc: number | null;
  readonly levels: Readonly<Record<RiskLevel, number>>;
  /** Flagging level `high`. */
  readonly high: FlagQuality;
  /** Flagging `medium` or above (every customer a case opens for). */
  readonly mediumOrAbove: FlagQuality;
  /** Churners among the top 10 % by priority (score × value at risk): the worklist's head. */
  readonly top10PercentByPriority: number | null;
  /** The same by score alone, to show what ranking by value costs in precision. */
  readonly top10PercentByScore: number | null;
}

const TOP_FRACTION = 0.1;

/**
 * Scores every customer at `now` with the product's `scoreChurn` and measures the result
 * against what really happened.
 */
export function assessModel(
  customers: readonly ObservedCustomer[],
  model: ChurnModel,
  now: Date,
): ModelQuality {
  const scored = customers.map((customer) => {
    const score = scoreChurn(customer.features, model, now);
    return { score: score.score, level: score.level, priority: score.priority, churned: customer.churned };
  });
  const levels: Record<RiskLevel, number> = { low: 0, medium: 0, high: 0 };
  for (const entry of scored) levels[entry.level] += 1;
  return {
    modelVersion: model.version,
    customers: scored.length,
    churners: scored.filter((e) => e.churned).length,
    baseRate: baseRate(scored),
    auc: auc(scored),
    levels,
    high: flagQuality(scored, (e) => e.level === 'high'),
    mediumOrAbove: flagQuality(scored, (e) => e.level !== 'low'),
    top10PercentByPriority: topShare(
      scored.map((e) => ({ rank: e.priority, churned: e.churned })),
      TOP_FRACTION,
    ),
    top10PercentByScore: topShare(
      scored.map((e) => ({ rank: e.score, churned: e.churned })),
      TOP_FRACTION,
    ),
  };
}
