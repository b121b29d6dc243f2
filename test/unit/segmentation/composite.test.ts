import { describe, expect, it } from 'vitest';
import {
  type CompositeInputs,
  compositeGrade,
  compositeScore,
} from '../../../functions/activity/domain/segmentation/grading.js';
import { config, withConfig } from './fixtures.js';

const base: CompositeInputs = {
  assetTier: 'medium',
  activityTier: 'medium',
  creditGrade: 'standard',
  tenureDays: 0,
  productsHeld: 0,
};

describe('compositeScore', () => {
  it.each<[string, Partial<CompositeInputs>, number]>([
    [
      'top on every dimension',
      { assetTier: 'high', activityTier: 'high', creditGrade: 'prime', tenureDays: 1825, productsHeld: 4 },
      100,
    ],
    ['bottom on every dimension', { assetTier: 'low', activityTier: 'low', creditGrade: 'risk' }, 0],
    ['middle on every level, just onboarded', {}, 45],
    ['high assets and activity, standard credit, new', { assetTier: 'high', activityTier: 'high' }, 80],
    [
      'high assets, low activity, 2.5 years, 2 products',
      { assetTier: 'high', activityTier: 'low', tenureDays: 912, productsHeld: 2 },
      55,
    ],
  ])('%s scores %i', (_name, change, expected) => {
    expect(compositeScore({ ...base, ...change }, config).score).toBe(expected);
  });

  it('explains the score: each dimension’s weight, share and points, summing to the score', () => {
    const result = compositeScore(
      { assetTier: 'high', activityTier: 'medium', creditGrade: 'prime', tenureDays: 365, productsHeld: 1 },
      config,
    );

    expect(result.contributions).toEqual([
      { dimension: 'assets', weight: 40, percent: 100, points: 40 },
      { dimension: 'activity', weight: 30, percent: 50, points: 15 },
      { dimension: 'credit', weight: 20, percent: 100, points: 20 },
      // tenure 365/1825 = 20 %, products 1/4 = 25 %, half each: 22.5 % of 10 = 2.25 → 2
      { dimension: 'tenureAndProducts', weight: 10, percent: 22.5, points: 2 },
    ]);
    expect(result.score).toBe(77);
  });

  it.each<[Partial<CompositeInputs>]>([
    [{ tenureDays: 100, productsHeld: 1 }],
    [{ tenureDays: 700, productsHeld: 3, creditGrade: 'prime' }],
    [{ tenureDays: 1, productsHeld: 0, assetTier: 'high' }],
  ])('contributions always add up to the score (%j)', (change) => {
    const weird = withConfig((c) => {
      c.composite.weights = { assets: 33, activity: 33, credit: 17, tenureAndProducts: 17 };
      c.composite.points.activityTier.medium = 33;
    });
    const result = compositeScore({ ...base, ...change }, weird);

    expect(result.contributions.reduce((sum, c) => sum + c.points, 0)).toBe(result.score);
    expect(Number.isInteger(result.score)).toBe(true);
  });

  it('caps tenure and products at their full values, and counts a negative tenure as none', () => {
    const capped = compositeScore({ ...base, tenureDays: 10_000, productsHeld: 40 }, config);
    const skewed = compositeScore({ ...base, tenureDays: -3 }, config);

    expect(capped.contributions[3]).toMatchObject({ percent: 100, points: 10 });
    expect(skewed.contributions[3]).toMatchObject({ percent: 0, points: 0 });
  });

  it('follows configured weights', () => {
    const assetsOnly = withConfig((c) => {
      c.composite.weights = { assets: 100, activity: 0, credit: 0, tenureAndProducts: 0 };
    });

    expect(compositeScore({ ...base, assetTier: 'high', activityTier: 'low' }, assetsOnly).score).toBe(100);
  });
});

describe('compositeGrade', () => {
  it.each([
    [100, 'vip'],
    [75, 'vip'],
    [74, 'premium'],
    [50, 'premium'],
    [49, 'standard'],
    [0, 'standard'],
  ])('%i is %s', (score, grade) => {
    expect(compositeGrade(score, config)).toBe(grade);
  });

  it('follows configured cut-offs', () => {
    const custom = withConfig((c) => {
      c.composite.vipMinScore = 90;
    });

    expect(compositeGrade(89, custom)).toBe('premium');
  });
});
