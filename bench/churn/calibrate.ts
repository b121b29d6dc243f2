import { CHURN_SIGNALS, type ChurnSignal } from '../../functions/retention/domain/model.js';
import { logit, type TrainingRow } from './fit.js';

/**
 * The operating point of the fitted model (docs/domain-rules.md §20.10). A maximum-likelihood
 * fit gives the probability of closing within the horizon; at a base rate of a few per cent
 * almost nobody reaches the levels' thresholds (0.4, 0.7) and no case would open. Rather than
 * move the thresholds the product and the manuals share, the intercept is shifted, which keeps
 * every weight (so the ranking, the AUC and the explanation by signal) and is the logistic form
 * of a prior shift: the score becomes the churn probability under a higher prior.
 */

/**
 * The intercept shift that brings the ⌈share × n⌉ highest-scoring training customers to
 * `threshold` or above (ties at the edge come too).
 * @example interceptShiftFor(rows, fit, 0.4, 0.1) // the medium level for the top 10 %
 */
export function interceptShiftFor(
  rows: readonly TrainingRow[],
  model: { readonly intercept: number; readonly weights: Readonly<Record<ChurnSignal, number>> },
  threshold: number,
  share: number,
): number {
  if (rows.length === 0) throw new RangeError('Nothing to calibrate on');
  if (!(share > 0 && share <= 1)) throw new RangeError('share must be in (0, 1]');
  const linear = rows
    .map((row) =>
      CHURN_SIGNALS.reduce(
        (z, signal) => z + (row.signals[signal] ? model.weights[signal] : 0),
        model.intercept,
      ),
    )
    .sort((a, b) => b - a);
  const edge = linear[Math.ceil(share * rows.length) - 1] ?? model.intercept;
  return logit(threshold) - edge;
}
