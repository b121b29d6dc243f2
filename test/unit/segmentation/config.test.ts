import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COUNTED_TYPES,
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
  segmentationConfigSchema,
} from '../../../functions/activity/domain/segmentation/config.js';
import { withConfig, yuan } from './fixtures.js';

function issues(candidate: unknown): string[] {
  const result = segmentationConfigSchema.safeParse(candidate);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the default segmentation configuration', () => {
  it('is valid', () => {
    expect(issues(DEFAULT_SEGMENTATION_CONFIG)).toEqual([]);
  });

  it('holds the default thresholds of docs/domain-rules.md §14.1 in CNY fen', () => {
    const { assets, activity, composite, lifecycle } = DEFAULT_SEGMENTATION_CONFIG;

    expect(DEFAULT_SEGMENTATION_CONFIG.currency).toBe('CNY');
    expect(assets).toEqual({
      mediumMinMinor: yuan(50_000),
      highMinMinor: yuan(500_000),
      privateBankingMinMinor: yuan(6_000_000),
    });
    expect([activity.highMinPerMonth, activity.mediumMinPerMonth]).toEqual([10, 3]);
    expect(composite.weights).toEqual({ assets: 40, activity: 30, credit: 20, tenureAndProducts: 10 });
    expect([composite.vipMinScore, composite.premiumMinScore]).toEqual([75, 50]);
    expect(lifecycle).toMatchObject({ newMaxDays: 90, declinePercent: 30, dormantAfterDays: 180 });
  });

  it('counts every customer-initiated type as activity, but not fees, loan disbursements or incoming transfers', () => {
    expect([...DEFAULT_COUNTED_TYPES].sort()).toEqual(
      [
        'card-spend',
        'deposit',
        'investment',
        'loan-repayment',
        'transfer-out',
        'wealth-purchase',
        'wealth-redemption',
        'withdrawal',
      ].sort(),
    );
  });
});

describe('segmentationConfigSchema refuses', () => {
  it.each<[string, (c: SegmentationConfig) => void, string]>([
    [
      'a medium asset threshold equal to the high one',
      (c) => {
        c.assets.mediumMinMinor = c.assets.highMinMinor;
      },
      'assets.mediumMinMinor: must be below highMinMinor',
    ],
    [
      'a medium asset threshold above the high one',
      (c) => {
        c.assets.mediumMinMinor = c.assets.highMinMinor + 1;
      },
      'assets.mediumMinMinor: must be below highMinMinor',
    ],
    [
      'a private-banking threshold below the high tier',
      (c) => {
        c.assets.privateBankingMinMinor = c.assets.highMinMinor - 1;
      },
      'assets.privateBankingMinMinor: must be at least highMinMinor',
    ],
    [
      'a medium activity threshold equal to the high one',
      (c) => {
        c.activity.mediumMinPerMonth = 10;
      },
      'activity.mediumMinPerMonth: must be below highMinPerMonth',
    ],
    [
      'weights summing to 95',
      (c) => {
        c.composite.weights.credit = 15;
      },
      'composite.weights: must sum to 100, not 95',
    ],
    [
      'weights summing to 101',
      (c) => {
        c.composite.weights.tenureAndProducts = 11;
      },
      'composite.weights: must sum to 100, not 101',
    ],
    [
      'a premium cut-off equal to the vip one',
      (c) => {
        c.composite.premiumMinScore = 75;
      },
      'composite.premiumMinScore: must be below vipMinScore',
    ],
    [
      'level points rising as the level falls',
      (c) => {
        c.composite.points.creditGrade.risk = 60;
      },
      'composite.points.creditGrade.risk: must not exceed standard',
    ],
    [
      'mature starting inside the new window',
      (c) => {
        c.lifecycle.matureMinDays = 90;
      },
      'lifecycle.matureMinDays: must be above newMaxDays',
    ],
    [
      'a repeated counted type',
      (c) => {
        c.activity.countedTypes = ['deposit', 'deposit'];
      },
      'activity.countedTypes: must not repeat a type',
    ],
  ])('%s', (_name, change, expected) => {
    expect(issues(withConfig(change))).toEqual([expected]);
  });

  it.each<[string, unknown]>([
    [
      'a fractional money threshold',
      withConfig((c) => Object.assign(c.assets, { highMinMinor: 50_000_000.5 })),
    ],
    ['a negative weight', withConfig((c) => Object.assign(c.composite.weights, { assets: -10, credit: 70 }))],
    ['an unknown transaction type', withConfig((c) => Object.assign(c.activity, { countedTypes: ['gift'] }))],
    ['no counted type at all', withConfig((c) => Object.assign(c.activity, { countedTypes: [] }))],
    ['an unknown field', { ...DEFAULT_SEGMENTATION_CONFIG, bonus: 1 }],
    ['a missing section', { ...DEFAULT_SEGMENTATION_CONFIG, lifecycle: undefined }],
    ['a lower-case currency', { ...DEFAULT_SEGMENTATION_CONFIG, currency: 'cny' }],
    ['a decline of 0 %', withConfig((c) => Object.assign(c.lifecycle, { declinePercent: 0 }))],
  ])('%s', (_name, candidate) => {
    expect(issues(candidate)).not.toEqual([]);
  });

  it('accepts a consistent custom configuration', () => {
    const custom = withConfig((c) => {
      c.composite.weights = { assets: 50, activity: 25, credit: 15, tenureAndProducts: 10 };
      c.assets.mediumMinMinor = yuan(100_000);
      c.activity.countedTypes = ['deposit', 'withdrawal'];
    });

    expect(issues(custom)).toEqual([]);
  });
});
