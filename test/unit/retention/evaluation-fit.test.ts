import { describe, expect, it } from 'vitest';
import {
  type FitOptions,
  fitChurnModel,
  logit,
  perSignal,
  type TrainingRow,
} from '../../../bench/churn/fit.js';
import { drawsFor } from '../../../bench/churn/random.js';
import { CHURN_SIGNALS, type ChurnSignal } from '../../../functions/retention/domain/model.js';

/**
 * Fitting the churn weights (docs/domain-rules.md §20.10): on rows drawn from a known logistic
 * model the fit finds its weights again; the constraints hold (inactivity alone reaches medium,
 * no signal lowers the score, weights within ±20) and the result says when one had to act.
 */

const OPTIONS: FitOptions = {
  l2: 0,
  learningRate: 0.5,
  maxIterations: 100_000,
  tolerance: 1e-9,
  weightBound: 20,
  nonNegative: true,
};
const MEDIUM_FLOOR = logit(0.4) + 0.02;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Rows whose churn follows σ(intercept + Σ w·x) exactly in expectation: every pattern, weighted. */
function rowsFrom(intercept: number, weights: Record<ChurnSignal, number>, onShare: number, n: number) {
  const draw = drawsFor(99, 0);
  const rows: TrainingRow[] = [];
  for (let i = 0; i < n; i += 1) {
    const signals = perSignal(() => draw.chance(onShare));
    const z = intercept + CHURN_SIGNALS.reduce((sum, s) => sum + (signals[s] ? weights[s] : 0), 0);
    rows.push({ signals, churned: draw.chance(sigmoid(z)) });
  }
  return rows;
}

// Fitting 20,000 rows takes seconds on a loaded machine: past vitest's default 5 s per test.
describe('fitChurnModel', { timeout: 60_000 }, () => {
  it('finds the weights of the process that made the data', () => {
    const truth = perSignal((signal) => (signal === 'inactive' ? 2.5 : signal === 'aum-drop' ? 1.5 : 0.5));
    const rows = rowsFrom(-2, truth, 0.3, 20_000);

    const fit = fitChurnModel(rows, OPTIONS);

    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-2, 0);
    expect(fit.weights.inactive).toBeCloseTo(2.5, 0);
    expect(fit.weights['aum-drop']).toBeCloseTo(1.5, 0);
    expect(fit.weights['contact-failing']).toBeCloseTo(0.5, 0);
    expect(fit.inactiveProjected).toBe(false);
  });

  it('raises the inactivity weight until inactivity alone reaches medium, and says so', () => {
    const truth = perSignal((signal) => (signal === 'inactive' ? 0.3 : 1));
    const rows = rowsFrom(-3, truth, 0.2, 5_000);

    const free = fitChurnModel(rows, OPTIONS);
    const constrained = fitChurnModel(rows, { ...OPTIONS, inactiveFloor: MEDIUM_FLOOR });

    expect(sigmoid(free.intercept + free.weights.inactive)).toBeLessThan(0.4);
    expect(sigmoid(constrained.intercept + constrained.weights.inactive)).toBeGreaterThanOrEqual(0.4);
    expect(constrained.intercept + constrained.weights.inactive).toBeCloseTo(MEDIUM_FLOOR, 6);
    expect(constrained.inactiveProjected).toBe(true);
  });

  it('holds at zero a signal that would lower the score, and names it', () => {
    const truth = perSignal((signal) =>
      signal === 'contact-failing' ? -1.5 : signal === 'inactive' ? 3 : 1,
    );
    const rows = rowsFrom(-2.5, truth, 0.3, 5_000);

    const fit = fitChurnModel(rows, OPTIONS);

    expect(fit.weights['contact-failing']).toBe(0);
    expect(fit.heldAtZero).toEqual(['contact-failing']);
    expect(Object.values(fit.weights).every((w) => w >= 0 && w <= 20)).toBe(true);
  });

  it('shrinks the weights under an L2 penalty', () => {
    const truth = perSignal(() => 1);
    const rows = rowsFrom(-2, truth, 0.3, 3_000);

    const plain = fitChurnModel(rows, OPTIONS);
    const penalised = fitChurnModel(rows, { ...OPTIONS, l2: 0.05 });

    const size = (w: Record<ChurnSignal, number>) => CHURN_SIGNALS.reduce((sum, s) => sum + w[s] ** 2, 0);
    expect(size(penalised.weights)).toBeLessThan(size(plain.weights));
  });

  it('refuses to fit on nothing', () => {
    expect(() => fitChurnModel([], OPTIONS)).toThrow(RangeError);
  });
});
