import { DEFAULT_CHURN_MODEL } from '../../functions/retention/domain/default-model.js';
import type { ChurnModel } from '../../functions/retention/domain/model.js';
import { checkChurnModel } from '../../functions/retention/domain/model-schema.js';
import { signalsOf } from '../../functions/retention/domain/signals.js';
import { interceptShiftFor } from './calibrate.js';
import { type FitOptions, type FittedModel, fitChurnModel, logit, perSignal } from './fit.js';
import type { ObservedCustomer } from './observe.js';

/**
 * From a training portfolio to the model the product ships (docs/domain-rules.md §20.10):
 * 1. the maximum-likelihood logistic fit of the signals at the observation (the product's own
 *    `signalsOf` with the default signal thresholds);
 * 2. the intercept shift that brings the top `mediumShare` of the portfolio to `medium`
 *    (bench/churn/calibrate.ts: at a base rate of a few per cent a calibrated probability
 *    never reaches 0.4);
 * 3. the fit again under "180 days alone reaches medium" on that shifted scale, so the
 *    constraint, when it binds, is fitted around rather than bolted on;
 * 4. two decimals, the model invariants checked as the API would check an admin's PUT.
 */

/** Weights are shipped with two decimals: finer would claim a precision the fit does not have. */
export const DECIMALS = 2;
/**
 * The inactivity floor's margin above the medium threshold, in log-odds: more than the rounding
 * of two numbers to two decimals, so the shipped numbers still reach medium.
 */
export const INACTIVE_MARGIN = 0.02;
/**
 * The share of the training portfolio the shipped model puts at `medium` or above: the
 * worklist's first tenth, the slice the top-10 % precision measures. Our choice, not the manuals'.
 */
export const MEDIUM_SHARE = 0.1;

export const FIT_OPTIONS: FitOptions = {
  l2: 1e-4,
  learningRate: 0.5,
  maxIterations: 200_000,
  tolerance: 1e-9,
  weightBound: 20,
  nonNegative: true,
};

export interface Training {
  /** The model to ship: the default's thresholds and signal settings, the fitted numbers. */
  readonly model: ChurnModel;
  readonly likelihood: FittedModel;
  readonly interceptShift: number;
  /** The constrained fit, before the shift and the rounding. */
  readonly constrained: FittedModel;
  readonly inactiveFloor: number;
}

/** Fits the model on `customers` observed at `observation`; throws if it breaks an invariant. */
export function trainChurnModel(customers: readonly ObservedCustomer[], observation: Date): Training {
  const base = DEFAULT_CHURN_MODEL;
  const rows = customers.map((c) => ({
    signals: signalsOf(c.features, base.signals, observation),
    churned: c.churned,
  }));
  const likelihood = fitChurnModel(rows, FIT_OPTIONS);
  const interceptShift = interceptShiftFor(rows, likelihood, base.thresholds.medium, MEDIUM_SHARE);
  const inactiveFloor = logit(base.thresholds.medium) + INACTIVE_MARGIN;
  const constrained = fitChurnModel(rows, { ...FIT_OPTIONS, inactiveFloor: inactiveFloor - interceptShift });
  const round = (value: number) => Number(value.toFixed(DECIMALS));
  const model: ChurnModel = {
    ...base,
    intercept: round(constrained.intercept + interceptShift),
    weights: perSignal((signal) => round(constrained.weights[signal])),
  };
  const { version: _version, ...body } = model;
  const check = checkChurnModel(body);
  if (!check.ok) throw new Error(`The fitted model breaks an invariant: ${check.code}`);
  return { model, likelihood, interceptShift, constrained, inactiveFloor };
}
