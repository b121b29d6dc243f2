import { describe, expect, it } from 'vitest';
import { generatePortfolio, observationOf } from '../../../bench/churn/generator.js';
import { type ObservedCustomer, observe } from '../../../bench/churn/observe.js';
import { trainChurnModel } from '../../../bench/churn/train.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import { CHURN_SIGNALS } from '../../../functions/retention/domain/model.js';
import { checkChurnModel } from '../../../functions/retention/domain/model-schema.js';
import { levelOf, scoreChurn } from '../../../functions/retention/domain/scoring.js';

/**
 * From a (small) synthetic training portfolio to a shippable model (docs/domain-rules.md
 * §20.10): the fitted model passes the checks an admin's PUT passes, 180 days alone reach
 * medium, no signal lowers the score, and the shipped default is a model of that kind.
 */

const observation = observationOf();
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function observed(seed: number, customers: number): ObservedCustomer[] {
  const result: ObservedCustomer[] = [];
  for (const history of generatePortfolio(seed, customers)) {
    const customer = observe(history, observation, 90);
    if (customer !== undefined) result.push(customer);
  }
  return result;
}

describe('trainChurnModel', () => {
  const portfolio = observed(31, 1500);
  const trained = trainChurnModel(portfolio, observation);

  it('gives a model the API would accept, with two-decimal numbers', () => {
    const { version: _version, ...body } = trained.model;

    expect(checkChurnModel(body).ok).toBe(true);
    for (const value of [trained.model.intercept, ...Object.values(trained.model.weights)]) {
      expect(Math.round(value * 100) / 100).toBe(value);
    }
  });

  it('lets 180 days without a transaction alone reach medium, and no signal lower the score', () => {
    const { intercept, weights, thresholds } = trained.model;

    expect(sigmoid(intercept + weights.inactive)).toBeGreaterThanOrEqual(thresholds.medium);
    expect(CHURN_SIGNALS.every((signal) => weights[signal] >= 0)).toBe(true);
  });

  it('puts about the chosen tenth of the training portfolio at medium or above', () => {
    const flagged = portfolio.filter(
      (c) => scoreChurn(c.features, trained.model, observation).level !== 'low',
    );

    // Ties at the edge come along and the rounding moves a few: about 10 %, at least 10 %.
    expect(flagged.length / portfolio.length).toBeGreaterThanOrEqual(0.09);
    expect(flagged.length / portfolio.length).toBeLessThan(0.3);
  });

  it('keeps the default signal settings and thresholds: only the numbers are fitted', () => {
    expect(trained.model.signals).toEqual(DEFAULT_CHURN_MODEL.signals);
    expect(trained.model.thresholds).toEqual(DEFAULT_CHURN_MODEL.thresholds);
    expect(trained.model.valueAtRisk).toEqual(DEFAULT_CHURN_MODEL.valueAtRisk);
  });
});

describe('the shipped default model', () => {
  it('is a fitted model of the same kind: accepted by the API, inactivity a warning, no negative weight', () => {
    const { version: _version, ...body } = DEFAULT_CHURN_MODEL;
    const { intercept, weights, thresholds } = DEFAULT_CHURN_MODEL;

    expect(checkChurnModel(body).ok).toBe(true);
    expect(levelOf(Math.round(sigmoid(intercept + weights.inactive) * 1000) / 1000, thresholds)).not.toBe(
      'low',
    );
    expect(CHURN_SIGNALS.every((signal) => weights[signal] >= 0)).toBe(true);
  });
});
