import {
  CHURN_SIGNALS,
  type ChurnFeatures,
  type ChurnModel,
  type ChurnScore,
  type ChurnSignal,
  type Contribution,
  type RiskLevel,
} from './model.js';
import { signalsOf } from './signals.js';

/**
 * The churn score (docs/domain-rules.md §20.3): a logistic model over the signals,
 * p = σ(intercept + Σ wᵢ·xᵢ) with xᵢ ∈ {0, 1}, explained term by term. The baseline is σ(intercept)
 * (the probability of a customer with no signal on); the rest, p − baseline, is shared among the
 * signals that are on in proportion to wᵢ / Σ wⱼ, so the contributions add up to the score. The
 * score and the terms are shown to 3 decimals: they are rounded in thousandths and the rounding
 * remainder goes to the largest term, so they add up exactly as displayed, and the level is
 * decided on the displayed score (0.700 is high).
 */

/** Thousandths: the precision scores and contributions are shown in. */
const SCALE = 1000;
/** Below this |Σ wⱼ| the shares use the derivative's limit instead of dividing by ~0. */
const TINY_SUM = 1e-9;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * σ(logit) as a score is displayed, to 3 decimals: what a level is decided on.
 * @example displayedProbability(0) // 0.5
 */
export function displayedProbability(logit: number): number {
  return Math.round(sigmoid(logit) * SCALE) / SCALE;
}

/**
 * The level of a displayed (rounded) score: ≥ high → `high`, ≥ medium → `medium`, else `low`.
 * @example levelOf(0.7, { medium: 0.4, high: 0.7 }) // 'high'
 */
export function levelOf(score: number, thresholds: ChurnModel['thresholds']): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

/**
 * The customer's score at `now` under `model`, with every signal's contribution, the reasons,
 * the value at risk and the priority.
 * @example scoreChurn(features, DEFAULT_CHURN_MODEL, new Date()).level
 */
export function scoreChurn(features: ChurnFeatures, model: ChurnModel, now: Date): ChurnScore {
  const on = signalsOf(features, model.signals, now);
  const activeWeights = CHURN_SIGNALS.map((signal) => (on[signal] ? model.weights[signal] : 0));
  const sum = activeWeights.reduce((total, weight) => total + weight, 0);
  const baseline = sigmoid(model.intercept);
  const probability = sigmoid(model.intercept + sum);
  const rest = probability - baseline;
  // Where Σ wⱼ → 0 the share rest·wᵢ/Σ wⱼ tends to σ'(intercept)·wᵢ: the same terms, no division by ~0.
  const shareOf = (weight: number) =>
    Math.abs(sum) < TINY_SUM ? baseline * (1 - baseline) * weight : (rest * weight) / sum;

  const scoreThousandths = Math.round(probability * SCALE);
  const terms = [baseline, ...activeWeights.map((weight) => (weight === 0 ? 0 : shareOf(weight)))];
  const thousandths = displayedTerms(terms, scoreThousandths);
  const score = scoreThousandths / SCALE;

  const contributions: Contribution[] = [
    { signal: 'baseline', value: 1, contribution: (thousandths[0] ?? 0) / SCALE },
    ...CHURN_SIGNALS.map(
      (signal, i): Contribution => ({
        signal,
        value: on[signal] ? 1 : 0,
        contribution: (thousandths[i + 1] ?? 0) / SCALE,
      }),
    ),
  ];
  const valueAtRisk = valueAtRiskOf(features, model);
  return {
    score,
    level: levelOf(score, model.thresholds),
    contributions,
    reasons: reasonsOf(contributions),
    valueAtRisk,
    priority: Math.round(score * valueAtRisk.amount),
    modelVersion: model.version,
    scoredAt: now.toISOString(),
  };
}

/**
 * The terms in whole thousandths adding up to `total`: each rounded, the remainder put on the
 * largest term by magnitude (the first of equals), where it changes the display least.
 */
function displayedTerms(terms: readonly number[], total: number): number[] {
  const rounded = terms.map((term) => Math.round(term * SCALE));
  const remainder = total - rounded.reduce((sum, term) => sum + term, 0);
  let largest = 0;
  rounded.forEach((term, i) => {
    if (Math.abs(term) > Math.abs(rounded[largest] ?? 0)) largest = i;
  });
  rounded[largest] = (rounded[largest] ?? 0) + remainder;
  // −0 would display as 0 but compare oddly; keep plain zeros.
  return rounded.map((term) => (term === 0 ? 0 : term));
}

/** The signals that are on with a positive contribution, largest first (ties in signal order). */
function reasonsOf(contributions: readonly Contribution[]): ChurnSignal[] {
  const reasons: { signal: ChurnSignal; contribution: number }[] = [];
  for (const { signal, value, contribution } of contributions) {
    if (signal !== 'baseline' && value === 1 && contribution > 0) reasons.push({ signal, contribution });
  }
  // Array.prototype.sort is stable: equal contributions keep CHURN_SIGNALS' order.
  return reasons.sort((a, b) => b.contribution - a.contribution).map(({ signal }) => signal);
}

/**
 * The value at risk (docs/domain-rules.md §20.3): the newest month's AUM in the activity summary
 * (a month without a balance snapshot: the newest one with one), at least the model's floor, in
 * the summary's currency (the floor when it carries no AUM at all); without a summary, the floor in
 * the model's currency, so a customer without AUM is still ranked by probability.
 */
export function valueAtRiskOf(features: ChurnFeatures, model: ChurnModel): ChurnScore['valueAtRisk'] {
  const { floor, currency } = model.valueAtRisk;
  const activity = features.activity;
  if (activity === undefined) return { amount: floor, currency };
  const newestFirst = [...activity.months].sort((a, b) => b.month.localeCompare(a.month));
  const aum = newestFirst.find((month) => month.aum !== null)?.aum ?? null;
  return { amount: Math.max(aum ?? 0, floor), currency: activity.currency };
}
