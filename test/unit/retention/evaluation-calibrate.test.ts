import { describe, expect, it } from 'vitest';
import { interceptShiftFor } from '../../../bench/churn/calibrate.js';
import { logit, perSignal } from '../../../bench/churn/fit.js';

/**
 * The operating point (docs/domain-rules.md §20.10): the intercept shift that brings a chosen
 * share of the training customers to the medium threshold, weights untouched.
 */

const model = { intercept: -4, weights: perSignal((signal) => (signal === 'inactive' ? 2 : 1)) };
const row = (inactive: boolean, aumDrop: boolean) => ({
  signals: perSignal((signal) =>
    signal === 'inactive' ? inactive : signal === 'aum-drop' ? aumDrop : false,
  ),
  churned: false,
});
// Linear predictors: −1 (both), −2 (inactive), −3 (AUM drop), −4 (nothing) ×7.
const rows = [
  row(true, true),
  row(true, false),
  row(false, true),
  ...Array.from({ length: 7 }, () => row(false, false)),
];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('interceptShiftFor', () => {
  it('brings exactly the top share to the threshold', () => {
    const shift = interceptShiftFor(rows, model, 0.4, 0.2);

    expect(shift).toBeCloseTo(logit(0.4) + 2, 12);
    expect(sigmoid(model.intercept + shift + 2 + 1)).toBeGreaterThanOrEqual(0.4);
    expect(sigmoid(model.intercept + shift + 2)).toBeCloseTo(0.4, 12);
    expect(sigmoid(model.intercept + shift + 1)).toBeLessThan(0.4);
  });

  it('takes the whole tie at the edge', () => {
    // The top 50 % reaches into the seven customers with nothing on: all of them come.
    expect(interceptShiftFor(rows, model, 0.4, 0.5)).toBeCloseTo(logit(0.4) + 4, 12);
  });

  it('refuses nothing to calibrate on and a share outside (0, 1]', () => {
    expect(() => interceptShiftFor([], model, 0.4, 0.1)).toThrow(RangeError);
    expect(() => interceptShiftFor(rows, model, 0.4, 0)).toThrow(RangeError);
  });
});
