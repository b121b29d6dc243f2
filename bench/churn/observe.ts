import { applyFeatureEvent } from '../../functions/retention/domain/features.js';
import type { ChurnFeatures } from '../../functions/retention/domain/model.js';
import type { CustomerHistory } from './generator.js';

/**
 * What the product knows of a synthetic customer at the observation, and what happened next
 * (docs/domain-rules.md §20.10): the customer's events folded, in time order, through the
 * product's own pure reducer, exactly as the retention store applies them.
 */
export interface ObservedCustomer {
  readonly customerId: string;
  readonly features: ChurnFeatures;
  /** The relationship closed within the horizon after the observation (the label). */
  readonly churned: boolean;
  /** It closed through the no-warning hazard (the share the report shows). */
  readonly sudden: boolean;
  /** Ground truth the scorer never sees: the hidden propensity, for the oracle's ceiling. */
  readonly propensity: number;
}

/**
 * The customer as the scorer sees it at `observation`, or undefined when the product would not
 * score it: the relationship closed before (not at risk any more), or never registered (a
 * features record without a branch is not scored, §20.1).
 */
export function observe(
  history: CustomerHistory,
  observation: Date,
  horizonDays: number,
): ObservedCustomer | undefined {
  const churnedAtMs = history.truth.churnedAt === null ? null : Date.parse(history.truth.churnedAt);
  if (churnedAtMs !== null && churnedAtMs <= observation.getTime()) return undefined;
  let features: ChurnFeatures | undefined;
  for (const event of history.events) {
    features = applyFeatureEvent(features, event) ?? features;
  }
  if (features === undefined || features.branch === '') return undefined;
  const horizonEndMs = observation.getTime() + horizonDays * 86_400_000;
  const churned = churnedAtMs !== null && churnedAtMs <= horizonEndMs;
  return {
    customerId: history.customerId,
    features,
    churned,
    sudden: churned && history.truth.sudden,
    propensity: history.truth.propensityAtObservation ?? Number.NEGATIVE_INFINITY,
  };
}
