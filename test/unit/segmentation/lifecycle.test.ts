import { describe, expect, it } from 'vitest';
import {
  customerStatus,
  type LifecycleFacts,
  lifecycleStage,
  wholeDaysBetween,
} from '../../../functions/activity/domain/segmentation/grading.js';
import { LIFECYCLE_STAGES } from '../../../functions/activity/domain/segmentation/values.js';
import { config, DAY, daysAgo, lifecycleFacts, NOW, withConfig, yuan } from './fixtures.js';

const stage = (overrides: Partial<LifecycleFacts>) => lifecycleStage(lifecycleFacts(overrides), config);

describe('wholeDaysBetween (UTC milliseconds, rounded down)', () => {
  it.each([
    [0, 0],
    [DAY - 1, 0],
    [DAY, 1],
    [90 * DAY + DAY - 1, 90],
    [-1, -1],
  ])('%i ms is %i whole days', (ms, days) => {
    expect(wholeDaysBetween(new Date(0), new Date(ms))).toBe(days);
  });

  it('refuses an invalid date', () => {
    expect(() => wholeDaysBetween(new Date('nonsense'), NOW)).toThrow(RangeError);
  });
});

describe('lifecycleStage, one rule at a time', () => {
  it.each<[string, Partial<LifecycleFacts>, string]>([
    ['relationship closed', { relationshipClosed: true }, 'churned'],
    ['every account closed', { allAccountsClosed: true }, 'churned'],
    [
      '180 days since the last successful transaction',
      { lastSuccessfulTransactionAt: daysAgo(180) },
      'dormant',
    ],
    ['179 days 23:59 since it', { lastSuccessfulTransactionAt: daysAgo(180 - 1 / 1440) }, 'mature'],
    [
      'never transacted, 180 days after onboarding',
      { onboardedAt: daysAgo(180), lastSuccessfulTransactionAt: undefined },
      'dormant',
    ],
    [
      'never transacted, 179 days after onboarding',
      { onboardedAt: daysAgo(179), lastSuccessfulTransactionAt: undefined },
      'growing',
    ],
    ['a transaction after dormancy', { wasDormant: true }, 'reactivated'],
    ['89 days after reactivation', { reactivatedAt: daysAgo(89) }, 'reactivated'],
    ['90 days after reactivation', { reactivatedAt: daysAgo(90) }, 'mature'],
    ['onboarded today', { onboardedAt: NOW }, 'new'],
    ['exactly 90 days after onboarding', { onboardedAt: daysAgo(90) }, 'new'],
    ['90 days and 23:59 after onboarding', { onboardedAt: daysAgo(91 - 1 / 1440) }, 'new'],
    ['91 days after onboarding', { onboardedAt: daysAgo(91) }, 'growing'],
    ['364 days after onboarding', { onboardedAt: daysAgo(364) }, 'growing'],
    ['365 days after onboarding', { onboardedAt: daysAgo(365) }, 'mature'],
    ['AUM down exactly 30 %', { aumNow: yuan(70_000), aum3MonthsAgo: yuan(100_000) }, 'declining'],
    ['AUM down 29.99 %', { aumNow: yuan(70_000) + 1, aum3MonthsAgo: yuan(100_000) }, 'mature'],
    ['activity down exactly 30 %', { activityLast3Months: 7, activityPrevious3Months: 10 }, 'declining'],
    ['activity down 20 %', { activityLast3Months: 8, activityPrevious3Months: 10 }, 'mature'],
    ['AUM gone from nothing to nothing', { aumNow: 0, aum3MonthsAgo: 0 }, 'mature'],
    ['activity rising from none', { activityLast3Months: 4, activityPrevious3Months: 0 }, 'mature'],
  ])('%s: %s', (_name, overrides, expected) => {
    expect(stage(overrides)).toBe(expected);
  });

  it('reaches every stage', () => {
    const reached = new Set(
      [
        { relationshipClosed: true },
        { lastSuccessfulTransactionAt: daysAgo(200) },
        { wasDormant: true },
        { onboardedAt: daysAgo(10) },
        { aumNow: 0 },
        { onboardedAt: daysAgo(200) },
        {},
      ].map(stage),
    );

    expect([...reached].sort()).toEqual([...LIFECYCLE_STAGES].sort());
  });

  it('compares AUM exactly at the largest safe amounts', () => {
    const before = 9_000_000_000_000_000;
    const thirtyPercentLess = 6_300_000_000_000_000;

    expect(stage({ aumNow: thirtyPercentLess, aum3MonthsAgo: before })).toBe('declining');
    expect(stage({ aumNow: thirtyPercentLess + 2, aum3MonthsAgo: before })).toBe('mature');
  });

  it('follows configured windows', () => {
    const custom = withConfig((c) => {
      c.lifecycle.dormantAfterDays = 90;
      c.lifecycle.declinePercent = 50;
    });

    expect(lifecycleStage(lifecycleFacts({ lastSuccessfulTransactionAt: daysAgo(90) }), custom)).toBe(
      'dormant',
    );
    expect(lifecycleStage(lifecycleFacts({ aumNow: 60, aum3MonthsAgo: 100 }), custom)).toBe('mature');
  });

  it('refuses a fractional AUM', () => {
    expect(() => stage({ aumNow: 10.5 })).toThrow(RangeError);
  });
});

describe('lifecycleStage precedence: churned > dormant > reactivated > new > declining > mature/growing', () => {
  it.each<[string, Partial<LifecycleFacts>, string]>([
    [
      'closed and dormant',
      { relationshipClosed: true, lastSuccessfulTransactionAt: daysAgo(400) },
      'churned',
    ],
    ['closed just after reactivating', { allAccountsClosed: true, wasDormant: true }, 'churned'],
    [
      'dormant again though it was dormant before',
      { wasDormant: true, lastSuccessfulTransactionAt: daysAgo(180) },
      'dormant',
    ],
    [
      'dormant during a reactivation',
      { reactivatedAt: daysAgo(10), lastSuccessfulTransactionAt: daysAgo(190) },
      'dormant',
    ],
    ['reactivated and declining', { wasDormant: true, aumNow: 0 }, 'reactivated'],
    ['new and declining', { onboardedAt: daysAgo(60), aumNow: 0 }, 'new'],
    ['declining though mature', { activityLast3Months: 0 }, 'declining'],
    ['declining though growing', { onboardedAt: daysAgo(200), aumNow: 1, aum3MonthsAgo: 10 }, 'declining'],
  ])('%s: %s', (_name, overrides, expected) => {
    expect(stage(overrides)).toBe(expected);
  });
});

describe('customerStatus', () => {
  it.each<[string, Parameters<typeof customerStatus>[0], string]>([
    ['never transacted', { lifecycleStage: 'new' }, 'pending-activation'],
    ['never transacted, past the dormancy window', { lifecycleStage: 'dormant' }, 'pending-activation'],
    ['closed before any transaction', { lifecycleStage: 'churned' }, 'inactive'],
    ['churned', { lifecycleStage: 'churned', lastSuccessfulTransactionAt: daysAgo(5) }, 'inactive'],
    ['dormant', { lifecycleStage: 'dormant', lastSuccessfulTransactionAt: daysAgo(200) }, 'inactive'],
    ...(['new', 'growing', 'mature', 'declining', 'reactivated'] as const).map(
      (s): [string, Parameters<typeof customerStatus>[0], string] => [
        s,
        { lifecycleStage: s, lastSuccessfulTransactionAt: daysAgo(5) },
        'active',
      ],
    ),
  ])('%s: %s', (_name, facts, expected) => {
    expect(customerStatus(facts)).toBe(expected);
  });
});
