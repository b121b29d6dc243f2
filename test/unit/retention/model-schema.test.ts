import { describe, expect, it } from 'vitest';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import { type ChurnModelBody, checkChurnModel } from '../../../functions/retention/domain/model-schema.js';

const { version: _version, ...DEFAULT_BODY } = DEFAULT_CHURN_MODEL;
const body = (overrides: Partial<ChurnModelBody> = {}): ChurnModelBody => ({ ...DEFAULT_BODY, ...overrides });

describe('checkChurnModel', () => {
  it('accepts the shipped default (it satisfies every invariant)', () => {
    expect(checkChurnModel(DEFAULT_BODY)).toEqual({ ok: true, model: DEFAULT_BODY });
  });

  it.each([
    [{ medium: 0.7, high: 0.7 }],
    [{ medium: 0.8, high: 0.7 }],
    [{ medium: 0, high: 0.7 }],
    [{ medium: 0.4, high: 1 }],
  ])('refuses levels out of order: %o', (thresholds) => {
    expect(checkChurnModel(body({ thresholds }))).toMatchObject({
      ok: false,
      code: 'thresholds-out-of-order',
      errors: [{ path: 'thresholds' }],
    });
  });

  it('refuses a model where 180 days without a transaction is not a warning in itself', () => {
    // σ(−3 + 2.5) ≈ 0.378: low.
    const weak = body({ intercept: -3, weights: { ...DEFAULT_BODY.weights, inactive: 2.5 } });
    expect(checkChurnModel(weak)).toMatchObject({
      ok: false,
      code: 'inactivity-not-a-warning',
      errors: [{ path: 'weights.inactive' }],
    });
  });

  it('decides the inactivity rule on the displayed score: exactly the medium threshold passes', () => {
    // σ(x) = 0.4 at x = ln(0.4 / 0.6); the displayed score is 0.400.
    const atMedium = body({
      intercept: -3,
      weights: { ...DEFAULT_BODY.weights, inactive: 3 + Math.log(0.4 / 0.6) },
    });
    expect(checkChurnModel(atMedium).ok).toBe(true);
  });

  it.each([
    [
      'a weight beyond ±20',
      body({ weights: { ...DEFAULT_BODY.weights, 'aum-drop': 20.5 } }),
      'weights.aum-drop',
    ],
    ['an intercept beyond ±20', body({ intercept: -21 }), 'intercept'],
    [
      'an infinite weight',
      body({ weights: { ...DEFAULT_BODY.weights, 'aum-drop': Number.POSITIVE_INFINITY } }),
      'weights.aum-drop',
    ],
    [
      'inactivity under 30 days',
      body({ signals: { ...DEFAULT_BODY.signals, inactiveDays: 29 } }),
      'signals.inactiveDays',
    ],
    [
      'a CSAT threshold every answer meets',
      body({ signals: { ...DEFAULT_BODY.signals, csatAtMost: 5 } }),
      'signals.csatAtMost',
    ],
    [
      'a look-back beyond the summary',
      body({ signals: { ...DEFAULT_BODY.signals, aumLookbackMonths: 6 } }),
      'signals.aumLookbackMonths',
    ],
    [
      'a grace period past the maturity window',
      body({ signals: { ...DEFAULT_BODY.signals, reinvestGraceDays: 180 } }),
      'signals.reinvestGraceDays',
    ],
    [
      'a negative floor',
      body({ valueAtRisk: { basis: 'aum', floor: -1, currency: 'CNY' } }),
      'valueAtRisk.floor',
    ],
  ])('refuses %s (validation, the field named)', (_name, model, path) => {
    const check = checkChurnModel(model);
    expect(check).toMatchObject({ ok: false, code: 'validation' });
    expect(check.ok ? [] : check.errors.map((error) => error.path)).toContain(path);
  });

  it('refuses a missing signal weight, an unknown field and a version in the body', () => {
    const { inactive: _inactive, ...withoutInactive } = DEFAULT_BODY.weights;
    const paths = (value: unknown) => {
      const check = checkChurnModel(value);
      return check.ok ? [] : check.errors.map((error) => error.path);
    };
    expect(paths({ ...DEFAULT_BODY, weights: withoutInactive })).toContain('weights.inactive');
    expect(paths({ ...DEFAULT_BODY, weights: { ...DEFAULT_BODY.weights, tenure: 1 } })).toContain(
      'weights.tenure',
    );
    expect(paths({ ...DEFAULT_BODY, version: 7 })).toContain('version');
  });

  it('never echoes a value it refuses', () => {
    const check = checkChurnModel(
      body({ valueAtRisk: { basis: 'aum', floor: 123456789.5, currency: 'cny-secret' } }),
    );
    expect(JSON.stringify(check)).not.toContain('123456789');
    expect(JSON.stringify(check)).not.toContain('cny-secret');
  });
});
