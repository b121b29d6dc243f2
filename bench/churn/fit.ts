import { CHURN_SIGNALS, type ChurnSignal } from '../../functions/retention/domain/model.js';

/**
 * Fitting the churn model's weights (docs/domain-rules.md §20.10): a logistic regression of
 * "churned within the horizon" on the 0/1 signals, by full-batch gradient descent on the mean
 * log-loss plus an L2 penalty on the weights (not the intercept), projected after every step
 * onto the model's constraints:
 * - each weight within ±`weightBound` (the model schema's bound) and, when `nonNegative`, at
 *   least 0: a signal is a warning, so being on never lowers the score an RM is shown;
 * - "180 days is a warning in itself" (§20.3): intercept + w(inactive) ≥ `inactiveFloor`
 *   (the medium threshold's log-odds plus a margin that survives rounding); when a step leaves
 *   it below, w(inactive) alone is raised to the floor, and the result says so.
 * Rows are grouped by their signal pattern (at most 2^k patterns for k signals), which gives exactly the
 * same loss and gradient as row by row, only faster.
 */

/** One training customer: its signals at the observation and the ground truth. */
export interface TrainingRow {
  readonly signals: Readonly<Record<ChurnSignal, boolean>>;
  readonly churned: boolean;
}

export interface FitOptions {
  /** The L2 penalty λ in mean log-loss + λ/2·Σw². */
  readonly l2: number;
  readonly learningRate: number;
  readonly maxIterations: number;
  /** Stop when no parameter moves more than this in one step. */
  readonly tolerance: number;
  /** The least intercept + w(inactive) (log-odds); none when undefined. */
  readonly inactiveFloor?: number | undefined;
  readonly weightBound: number;
  readonly nonNegative: boolean;
}

export interface FittedModel {
  readonly intercept: number;
  readonly weights: Readonly<Record<ChurnSignal, number>>;
  readonly iterations: number;
  readonly converged: boolean;
  /** The inactivity floor holds only because w(inactive) was raised to it. */
  readonly inactiveProjected: boolean;
  /** Signals whose weight sits at 0 because the fit wanted it negative. */
  readonly heldAtZero: readonly ChurnSignal[];
  /** Mean log-loss on the training rows (without the penalty). */
  readonly logLoss: number;
}

interface Pattern {
  readonly x: readonly number[];
  readonly count: number;
  readonly churned: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const INACTIVE = CHURN_SIGNALS.indexOf('inactive');

/** The log-odds of a probability. */
export function logit(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  return Math.log(p / (1 - p));
}

/**
 * Fits intercept and weights on `rows`.
 * @example fitChurnModel(rows, { l2: 1e-4, learningRate: 0.5, maxIterations: 100_000, tolerance: 1e-9, weightBound: 20, nonNegative: true })
 */
export function fitChurnModel(rows: readonly TrainingRow[], options: FitOptions): FittedModel {
  if (rows.length === 0) throw new RangeError('Nothing to fit on');
  const patterns = patternsOf(rows);
  const n = rows.length;
  const k = CHURN_SIGNALS.length;
  let intercept = 0;
  const weights = new Array<number>(k).fill(0);
  let iterations = 0;
  let converged = false;
  let projected = false;

  while (iterations < options.maxIterations && !converged) {
    iterations += 1;
    let gradientIntercept = 0;
    const gradient = new Array<number>(k).fill(0);
    projected = false;
    for (const pattern of patterns) {
      const p = sigmoid(linear(intercept, weights, pattern.x));
      const residual = (pattern.count * p - pattern.churned) / n;
      gradientIntercept += residual;
      for (let j = 0; j < k; j += 1) gradient[j] = (gradient[j] ?? 0) + residual * (pattern.x[j] ?? 0);
    }
    const previousIntercept = intercept;
    const previous = [...weights];
    const lower = options.nonNegative ? 0 : -options.weightBound;
    const total = (j: number) => (gradient[j] ?? 0) + options.l2 * (weights[j] ?? 0);
    const inactiveTotal = total(INACTIVE);
    for (let j = 0; j < k; j += 1) {
      if (j === INACTIVE && options.inactiveFloor !== undefined) continue;
      weights[j] = Math.min(
        options.weightBound,
        Math.max(lower, (weights[j] ?? 0) - options.learningRate * total(j)),
      );
    }
    if (options.inactiveFloor === undefined) {
      intercept -= options.learningRate * gradientIntercept;
    } else {
      // Descent in (intercept, u = intercept + w(inactive)): the floor is then a bound on u alone,
      // and clamping u to it is the exact projection.
      const u = intercept + (weights[INACTIVE] ?? 0) - options.learningRate * inactiveTotal;
      intercept -= options.learningRate * (gradientIntercept - inactiveTotal);
      const bounded = Math.min(intercept + options.weightBound, Math.max(intercept + lower, u));
      projected = bounded < options.inactiveFloor;
      weights[INACTIVE] = Math.max(bounded, options.inactiveFloor) - intercept;
    }
    // Measured against the previous iterate, after the projection: at a constrained optimum the
    // gradient step and the projection cancel out.
    const largestMove = Math.max(
      Math.abs(intercept - previousIntercept),
      ...weights.map((w, j) => Math.abs(w - (previous[j] ?? 0))),
    );
    converged = largestMove < options.tolerance;
  }

  return {
    intercept,
    weights: perSignal((signal) => weights[CHURN_SIGNALS.indexOf(signal)] ?? 0),
    iterations,
    converged,
    inactiveProjected: projected,
    heldAtZero: options.nonNegative ? heldAtZero(patterns, n, intercept, weights) : [],
    logLoss: logLossOf(patterns, n, intercept, weights),
  };
}

/** A record with a value for every signal (a new signal fails the type check here, not at run time). */
export function perSignal<T>(value: (signal: ChurnSignal) => T): Record<ChurnSignal, T> {
  return {
    inactive: value('inactive'),
    'aum-drop': value('aum-drop'),
    'frequency-drop': value('frequency-drop'),
    'complaint-open': value('complaint-open'),
    'complaint-breached': value('complaint-breached'),
    'poor-satisfaction': value('poor-satisfaction'),
    'large-outflow': value('large-outflow'),
    'maturity-not-reinvested': value('maturity-not-reinvested'),
    'contact-failing': value('contact-failing'),
    'lifecycle-declining': value('lifecycle-declining'),
    'aum-falling': value('aum-falling'),
    'aum-drop-severe': value('aum-drop-severe'),
    'aum-shrinking': value('aum-shrinking'),
    'frequency-falling': value('frequency-falling'),
  };
}

function patternsOf(rows: readonly TrainingRow[]): Pattern[] {
  const byKey = new Map<number, { x: number[]; count: number; churned: number }>();
  for (const row of rows) {
    const x: number[] = CHURN_SIGNALS.map((signal) => (row.signals[signal] ? 1 : 0));
    const key = x.reduce<number>((bits, bit, j) => bits | (bit << j), 0);
    const pattern = byKey.get(key) ?? { x, count: 0, churned: 0 };
    pattern.count += 1;
    if (row.churned) pattern.churned += 1;
    byKey.set(key, pattern);
  }
  return [...byKey.values()];
}

function linear(intercept: number, weights: readonly number[], x: readonly number[]): number {
  let z = intercept;
  for (let j = 0; j < weights.length; j += 1) z += (weights[j] ?? 0) * (x[j] ?? 0);
  return z;
}

/** Weights at 0 whose loss gradient still pushes them below 0: the constraint is active. */
function heldAtZero(
  patterns: readonly Pattern[],
  n: number,
  intercept: number,
  weights: number[],
): ChurnSignal[] {
  const gradient = new Array<number>(weights.length).fill(0);
  for (const pattern of patterns) {
    const residual = (pattern.count * sigmoid(linear(intercept, weights, pattern.x)) - pattern.churned) / n;
    for (let j = 0; j < weights.length; j += 1)
      gradient[j] = (gradient[j] ?? 0) + residual * (pattern.x[j] ?? 0);
  }
  return CHURN_SIGNALS.filter((_, j) => weights[j] === 0 && (gradient[j] ?? 0) > 0);
}

function logLossOf(patterns: readonly Pattern[], n: number, intercept: number, weights: number[]): number {
  let loss = 0;
  for (const pattern of patterns) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(linear(intercept, weights, pattern.x))));
    loss -= pattern.churned * Math.log(p) + (pattern.count - pattern.churned) * Math.log(1 - p);
  }
  return loss / n;
}
