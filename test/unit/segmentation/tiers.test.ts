import { describe, expect, it } from 'vitest';
import {
  activityTier,
  assetTier,
  countsAsActivity,
  privateBanking,
} from '../../../functions/activity/domain/segmentation/grading.js';
import { TRANSACTION_STATUSES } from '../../../functions/activity/domain/segmentation/values.js';
import { config, withConfig, yuan } from './fixtures.js';

describe('assetTier', () => {
  it.each([
    [0, 'low'],
    [yuan(50_000) - 1, 'low'],
    [yuan(50_000), 'medium'],
    [yuan(499_999), 'medium'],
    [yuan(500_000) - 1, 'medium'],
    [yuan(500_000), 'high'],
    [yuan(6_000_000), 'high'],
  ])('%i fen is %s', (aum, tier) => {
    expect(assetTier(aum, config)).toBe(tier);
  });

  it('follows configured thresholds', () => {
    const custom = withConfig((c) => {
      c.assets.mediumMinMinor = yuan(10_000);
    });

    expect(assetTier(yuan(10_000), custom)).toBe('medium');
    expect(assetTier(yuan(10_000), config)).toBe('low');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s: money is integer minor units', (aum) => {
    expect(() => assetTier(aum, config)).toThrow(RangeError);
  });
});

describe('privateBanking', () => {
  it.each([
    [yuan(6_000_000) - 1, false],
    [yuan(6_000_000), true],
    [yuan(20_000_000), true],
    [yuan(500_000), false],
  ])('%i fen: %s', (aum, flagged) => {
    expect(privateBanking(aum, config)).toBe(flagged);
  });
});

describe('activityTier (monthly average over the last 3 full months)', () => {
  it.each<[number[], string]>([
    [[10, 10, 10], 'high'],
    [[30, 0, 0], 'high'],
    [[10, 10, 9], 'medium'],
    [[3, 3, 3], 'medium'],
    [[9, 0, 0], 'medium'],
    [[3, 3, 2], 'low'],
    [[8, 0, 0], 'low'],
    [[0, 0, 0], 'low'],
  ])('%j is %s', (counts, tier) => {
    expect(activityTier(counts, config)).toBe(tier);
  });

  it.each<[string, number[]]>([
    ['two months', [10, 10]],
    ['four months', [1, 1, 1, 1]],
    ['a negative count', [5, -1, 5]],
    ['a fractional count', [5, 0.5, 5]],
  ])('refuses %s', (_name, counts) => {
    expect(() => activityTier(counts, config)).toThrow(RangeError);
  });
});

describe('countsAsActivity', () => {
  it.each([
    'deposit',
    'withdrawal',
    'transfer-out',
    'wealth-purchase',
    'wealth-redemption',
    'loan-repayment',
    'investment',
    'card-spend',
  ] as const)('counts a successful %s', (type) => {
    expect(countsAsActivity(type, 'success', config)).toBe(true);
  });

  it.each(['fee', 'loan-disbursement', 'transfer-in'] as const)(
    'does not count %s by default: the bank or the payer acted, not the customer',
    (type) => {
      expect(countsAsActivity(type, 'success', config)).toBe(false);
    },
  );

  it('counts transfer-in when the configuration says so', () => {
    const withIncoming = {
      ...config,
      activity: {
        ...config.activity,
        countedTypes: [...config.activity.countedTypes, 'transfer-in' as const],
      },
    };
    expect(countsAsActivity('transfer-in', 'success', withIncoming)).toBe(true);
  });

  it.each(TRANSACTION_STATUSES.filter((status) => status !== 'success'))(
    'does not count a %s deposit',
    (status) => {
      expect(countsAsActivity('deposit', status, config)).toBe(false);
    },
  );

  it('follows the configured types', () => {
    const custom = withConfig((c) => {
      c.activity.countedTypes = ['card-spend'];
    });

    expect(countsAsActivity('card-spend', 'success', custom)).toBe(true);
    expect(countsAsActivity('deposit', 'success', custom)).toBe(false);
  });
});
