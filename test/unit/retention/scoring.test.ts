import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import {
  CHURN_SIGNALS,
  type ChurnFeatures,
  type ChurnModel,
  type ChurnSignal,
} from '../../../functions/retention/domain/model.js';
import { levelOf, scoreChurn } from '../../../functions/retention/domain/scoring.js';
import { activeCustomer, dayAgo, daysAgo, NOW, steadyMonths } from './scoring-fixtures.js';

/**
 * The graded tiers a signal's fact turns on with it: a fall deep enough for the stronger tier is
 * deep enough for the weaker one (the same comparison at a lower threshold).
 */
const IMPLIED: Partial<Record<ChurnSignal, readonly ChurnSignal[]>> = {
  'aum-drop-severe': ['aum-falling'],
  'frequency-drop': ['frequency-falling'],
};

/**
 * Features with the given signals on at NOW, each set by its own fact (and the weaker tiers
 * IMPLIED), every other signal off. The last complete month holds 100,000 of AUM; the months
 * before it are raised to make the falls.
 */
function withSignals(on: readonly ChurnSignal[]): ChurnFeatures {
  const has = (signal: ChurnSignal) => on.includes(signal);
  const shrinking = has('aum-shrinking');
  // aum-drop: 3 months back 50 % higher; shrinking: every month back 1,000 higher than the next.
  const aum4 = has('aum-drop') ? 200_000 : shrinking ? 103_000 : 100_000;
  const frequencyDown = has('frequency-drop') || has('frequency-falling');
  return activeCustomer({
    activity: {
      lastTransactionDay: dayAgo(has('inactive') ? 200 : 1),
      months: steadyMonths({
        1: {
          aum: 100_000,
          // 0 + 10 + 10 against 30: a 33 % fall (frequency-falling); 0 + 0 + 0: both tiers.
          transactions: frequencyDown ? 0 : 10,
          outflows: has('large-outflow') ? 50_000 : 0,
        },
        2: { aum: shrinking ? 101_000 : 100_000, transactions: has('frequency-drop') ? 0 : 10 },
        3: { aum: shrinking ? 102_000 : 100_000, transactions: has('frequency-drop') ? 0 : 10 },
        4: { aum: aum4 },
        5: { aum: shrinking ? aum4 + 1_000 : 100_000 },
        // 5 months back: 50 % higher (aum-drop-severe and aum-falling), 30 % (aum-falling alone).
        6: { aum: has('aum-drop-severe') ? 200_000 : has('aum-falling') ? 130_000 : 100_000 },
      }),
      currency: 'CNY',
      at: daysAgo(1),
    },
    complaints: {
      open: has('complaint-open') ? ['cmp_1'] : [],
      lastBreachAt: has('complaint-breached') ? daysAgo(5) : undefined,
    },
    survey: has('poor-satisfaction') ? { csat: 1, nps: 2, at: daysAgo(3) } : undefined,
    holdings: has('maturity-not-reinvested') ? { lastMaturedAt: daysAgo(60) } : {},
    failedChannels: has('contact-failing') ? ['sms'] : [],
    lifecycleStage: has('lifecycle-declining') ? 'declining' : 'mature',
  });
}

/**
 * A model with fixed numbers for the tests that count on them: the shipped default's numbers are
 * whatever `npm run evaluate` last fitted, so they are not pinned here.
 */
const FIXED_MODEL: ChurnModel = {
  ...DEFAULT_CHURN_MODEL,
  intercept: -3,
  weights: {
    inactive: 2.8,
    'aum-drop': 1.6,
    'frequency-drop': 1.3,
    'complaint-open': 1,
    'complaint-breached': 1.4,
    'poor-satisfaction': 1.2,
    'large-outflow': 1.8,
    'maturity-not-reinvested': 1.1,
    'contact-failing': 0.6,
    'lifecycle-declining': 1.2,
    // The graded tiers weigh nothing here: these tests count on the ten signals above alone.
    'aum-falling': 0,
    'aum-drop-severe': 0,
    'aum-shrinking': 0,
    'frequency-falling': 0,
  },
};

const thousandths = (value: number) => Math.round(value * 1000);
const sumOf = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
/** The default model with `intercept` and only the given weights (the others 0). */
function modelWith(intercept: number, given: Partial<Record<ChurnSignal, number>>): ChurnModel {
  const weights = { ...DEFAULT_CHURN_MODEL.weights };
  for (const signal of CHURN_SIGNALS) weights[signal] = given[signal] ?? 0;
  return { ...DEFAULT_CHURN_MODEL, intercept, weights };
}

describe('scoreChurn', () => {
  it('sets every signal in the fixture as asked (the fixture the other tests rely on)', () => {
    for (const signal of CHURN_SIGNALS) {
      const score = scoreChurn(withSignals([signal]), DEFAULT_CHURN_MODEL, NOW);
      const expected = new Set<string>(['baseline', signal, ...(IMPLIED[signal] ?? [])]);
      expect(score.contributions.filter((term) => term.value === 1).map((term) => term.signal)).toEqual(
        ['baseline', ...CHURN_SIGNALS].filter((name) => expected.has(name)),
      );
    }
  });

  it('is the logistic of the intercept and the weights of the signals on, to 3 decimals', () => {
    const score = scoreChurn(withSignals(['aum-drop', 'large-outflow']), DEFAULT_CHURN_MODEL, NOW);
    const { intercept, weights } = DEFAULT_CHURN_MODEL;
    const expected = 1 / (1 + Math.exp(-(intercept + weights['aum-drop'] + weights['large-outflow'])));
    expect(score.score).toBe(Math.round(expected * 1000) / 1000);
  });

  it('explains the score: the baseline, then every signal (on or off), adding up to it', () => {
    const score = scoreChurn(withSignals(['inactive', 'lifecycle-declining']), FIXED_MODEL, NOW);
    expect(score.contributions.map((term) => term.signal)).toEqual(['baseline', ...CHURN_SIGNALS]);
    expect(thousandths(sumOf(score.contributions.map((term) => term.contribution)))).toBe(
      thousandths(score.score),
    );
    const off = score.contributions.filter((term) => term.value === 0);
    expect(off.every((term) => term.contribution === 0)).toBe(true);
    expect(score.reasons).toEqual(['inactive', 'lifecycle-declining']);
    expect(score.level).toBe('high');
  });

  it('shows a customer with no signal on at the baseline, low, without reasons', () => {
    const score = scoreChurn(activeCustomer(), FIXED_MODEL, NOW);
    expect(score.score).toBe(Math.round(1000 / (1 + Math.exp(3))) / 1000);
    expect(score.contributions[0]).toEqual({ signal: 'baseline', value: 1, contribution: score.score });
    expect(score.reasons).toEqual([]);
    expect(score.level).toBe('low');
  });

  it('orders the reasons by contribution, largest first, and leaves out signals that lower the score', () => {
    const model = modelWith(-1, { 'contact-failing': 0.5, 'complaint-open': 1.5, 'poor-satisfaction': -0.8 });
    const score = scoreChurn(
      withSignals(['contact-failing', 'complaint-open', 'poor-satisfaction']),
      model,
      NOW,
    );
    expect(score.reasons).toEqual(['complaint-open', 'contact-failing']);
    const satisfaction = score.contributions.find((term) => term.signal === 'poor-satisfaction');
    expect(satisfaction?.contribution).toBeLessThan(0);
  });

  it('shares the rest by the weights where they cancel out (no division by zero)', () => {
    const model = modelWith(0, { 'complaint-open': 2, 'contact-failing': -2 });
    const score = scoreChurn(withSignals(['complaint-open', 'contact-failing']), model, NOW);
    expect(score.score).toBe(0.5);
    const by = (signal: ChurnSignal) =>
      score.contributions.find((term) => term.signal === signal)?.contribution;
    // σ'(0) · w = 0.25 · ±2.
    expect(by('complaint-open')).toBe(0.5);
    expect(by('contact-failing')).toBe(-0.5);
    expect(thousandths(sumOf(score.contributions.map((term) => term.contribution)))).toBe(500);
  });

  it('adds the contributions up to the displayed score for any model and any signals (property)', () => {
    const weight = fc.double({ min: -20, max: 20, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.tuple(...CHURN_SIGNALS.map(() => weight)),
        fc.subarray([...CHURN_SIGNALS]),
        (intercept, weights, on) => {
          const model = modelWith(
            intercept,
            Object.fromEntries(CHURN_SIGNALS.map((signal, i) => [signal, weights[i] ?? 0])),
          );
          const score = scoreChurn(withSignals(on), model, NOW);
          expect(thousandths(sumOf(score.contributions.map((term) => term.contribution)))).toBe(
            thousandths(score.score),
          );
          expect(score.score).toBeGreaterThanOrEqual(0);
          expect(score.score).toBeLessThanOrEqual(1);
          for (const term of score.contributions) {
            // Every term is shown in whole thousandths.
            expect(Math.abs(term.contribution * 1000 - thousandths(term.contribution))).toBeLessThan(1e-9);
            if (term.value === 0) expect(term.contribution).toBe(0);
          }
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('decides the level on the displayed score: 0.4 is medium, 0.7 is high', () => {
    // σ(x) = p ⇔ x = ln(p / (1 − p)); 0.6996 shows as 0.700.
    const logit = (p: number) => Math.log(p / (1 - p));
    const at = (p: number) => scoreChurn(activeCustomer(), modelWith(logit(p), {}), NOW);
    expect(at(0.6996)).toMatchObject({ score: 0.7, level: 'high' });
    expect(at(0.6994)).toMatchObject({ score: 0.699, level: 'medium' });
    expect(at(0.3996)).toMatchObject({ score: 0.4, level: 'medium' });
    expect(at(0.3994)).toMatchObject({ score: 0.399, level: 'low' });
  });

  it('values the risk at the newest AUM of the summary, at least the floor, and ranks by score × value', () => {
    const rich = activeCustomer({
      activity: {
        lastTransactionDay: dayAgo(200),
        months: steadyMonths({ 1: { aum: null }, 2: { aum: 5_000_000 } }),
        currency: 'USD',
        at: daysAgo(1),
      },
    });
    const score = scoreChurn(rich, DEFAULT_CHURN_MODEL, NOW);
    expect(score.valueAtRisk).toEqual({ amount: 5_000_000, currency: 'USD' });
    expect(score.priority).toBe(Math.round(score.score * 5_000_000));

    const poor = activeCustomer({
      activity: {
        lastTransactionDay: dayAgo(1),
        months: steadyMonths({ 1: { aum: 10 } }),
        currency: 'CNY',
        at: daysAgo(1),
      },
    });
    expect(scoreChurn(poor, DEFAULT_CHURN_MODEL, NOW).valueAtRisk).toEqual({
      amount: 100_000,
      currency: 'CNY',
    });
    const noAum = activeCustomer({
      activity: {
        lastTransactionDay: null,
        months: steadyMonths({ 1: { aum: null } }).slice(0, 1),
        currency: 'HKD',
        at: daysAgo(1),
      },
    });
    expect(scoreChurn(noAum, DEFAULT_CHURN_MODEL, NOW).valueAtRisk).toEqual({
      amount: 100_000,
      currency: 'HKD',
    });
    const noSummary = activeCustomer({ activity: undefined });
    expect(
      scoreChurn(
        noSummary,
        { ...DEFAULT_CHURN_MODEL, valueAtRisk: { basis: 'aum', floor: 7, currency: 'HKD' } },
        NOW,
      ).valueAtRisk,
    ).toEqual({
      amount: 7,
      currency: 'HKD',
    });
  });

  it('records the model version and the time it scored', () => {
    const score = scoreChurn(activeCustomer(), { ...DEFAULT_CHURN_MODEL, version: 4 }, NOW);
    expect(score).toMatchObject({ modelVersion: 4, scoredAt: NOW.toISOString() });
  });
});

describe('levelOf', () => {
  const thresholds = { medium: 0.4, high: 0.7 };
  it.each([
    [0.399, 'low'],
    [0.4, 'medium'],
    [0.699, 'medium'],
    [0.7, 'high'],
    [1, 'high'],
  ] as const)('%d is %s', (score, level) => {
    expect(levelOf(score, thresholds)).toBe(level);
  });
});

describe('DEFAULT_CHURN_MODEL', () => {
  it('makes 180 days without a transaction a warning in itself', () => {
    expect(scoreChurn(withSignals(['inactive']), DEFAULT_CHURN_MODEL, NOW).level).toBe('medium');
  });

  it('keeps a single complaint, poor answer or failing contact point low', () => {
    for (const signal of ['complaint-open', 'poor-satisfaction', 'contact-failing'] as const) {
      expect(scoreChurn(withSignals([signal]), DEFAULT_CHURN_MODEL, NOW).level).toBe('low');
    }
  });
});
