import { describe, expect, it } from 'vitest';
import {
  COST_UNITS,
  type CostUnit,
  costOf,
  type MeasuredCounts,
  type Quantities,
  unitsPerMonth,
} from '../../../bench/cost/model.js';
import { loadPrices, PRICE_ITEMS, type PriceList } from '../../../bench/cost/prices.js';
import { type CostProfile, DEFAULT_PROFILE, profileFromArgs } from '../../../bench/cost/profile.js';

/** Every item at 1 per 1 unit, except the two this test prices differently. */
function flatPrices(): PriceList {
  const items = Object.fromEntries(
    PRICE_ITEMS.map((item) => [item, { price: 1, per: 1, unit: 'unit', provenance: 'aws', source: 'test' }]),
  ) as PriceList['items'];
  return {
    region: 'test',
    currency: 'USD',
    asOf: '2026-12-05',
    note: 'test',
    items: {
      ...items,
      'dynamodb.writeRequestUnits': {
        price: 1.25,
        per: 1_000_000,
        unit: 'WRU',
        provenance: 'aws',
        source: 'test',
      },
      'lambda.armGbSeconds': {
        price: 0.00002,
        per: 1,
        unit: 'GB-s',
        provenance: 'unverified',
        source: 'test',
      },
    },
  };
}

function counts(
  perUnit: Partial<Record<CostUnit, Quantities>>,
  fixedPerMonth: Quantities = {},
): MeasuredCounts {
  const empty = Object.fromEntries(COST_UNITS.map((unit) => [unit, {}])) as Record<CostUnit, Quantities>;
  return { perUnit: { ...empty, ...perUnit }, fixedPerMonth };
}

const PROFILE: CostProfile = {
  ...DEFAULT_PROFILE,
  customers: 1000,
  transactionsPerCustomerMonth: 30,
  apiCallsPerCustomerMonth: 2,
  complaintsPerThousandCustomersMonth: 4,
  contactsPerCustomerMonth: 1,
  onboardedPerThousandCustomersMonth: 10,
};

describe('the cost model', () => {
  it('makes the month of a profile out of its units', () => {
    // Act
    const units = unitsPerMonth(PROFILE);

    // Assess
    expect(units).toEqual({
      customer: 1000,
      onboarding: 10,
      transaction: 30_000,
      apiCall: 2000,
      complaint: 4,
      contact: 1000,
    });
  });

  it('prices each quantity per unit times the units of the month, plus the fixed part', () => {
    // Prepare: a transaction writes 4 WRU and runs 0.05 GB-s; a customer-month 10 WRU; 3 fixed alarm metrics.
    const measured = counts(
      {
        transaction: {
          'dynamodb.writeRequestUnits|Activity': 4,
          'lambda.armGbSeconds|ActivityConsumer': 0.05,
        },
        customer: { 'dynamodb.writeRequestUnits|Retention': 10 },
      },
      { 'cloudwatch.alarmMetricMonths|alarms': 3 },
    );

    // Act
    const breakdown = costOf(PROFILE, measured, flatPrices());

    // Assess: 30,000 × 4 + 1,000 × 10 = 130,000 WRU at $1.25/M = $0.1625; 30,000 × 0.05 GB-s
    // at $0.00002 = $0.03; 3 alarm metrics at $1 = $3.
    expect(breakdown.monthlyTotal).toBeCloseTo(0.1625 + 0.03 + 3, 10);
    expect(breakdown.perCustomerMonth).toBeCloseTo((0.1625 + 0.03 + 3) / 1000, 12);
    expect(breakdown.currency).toBe('USD');
    const activity = breakdown.lines.find((line) => line.detail === 'Activity');
    expect(activity).toMatchObject({ driver: 'transaction', quantity: 120_000 });
    expect(activity?.cost).toBeCloseTo(0.15, 10);
  });

  it('orders the drivers by cost, sums lines of one item and gives their shares', () => {
    // Prepare
    const measured = counts(
      {
        transaction: {
          'dynamodb.writeRequestUnits|Activity': 4,
          'lambda.armGbSeconds|ActivityConsumer': 0.05,
        },
        customer: { 'dynamodb.writeRequestUnits|Retention': 10 },
      },
      { 'cloudwatch.alarmMetricMonths|alarms': 3 },
    );

    // Act
    const { drivers, monthlyTotal } = costOf(PROFILE, measured, flatPrices());

    // Assess
    expect(drivers.map((d) => d.item)).toEqual([
      'cloudwatch.alarmMetricMonths',
      'dynamodb.writeRequestUnits',
      'lambda.armGbSeconds',
    ]);
    expect(drivers[1]?.cost).toBeCloseTo(0.1625, 10);
    expect(drivers[1]?.largest.map((line) => line.detail)).toEqual(['Activity', 'Retention']);
    expect(drivers[2]?.provenance).toBe('unverified');
    expect(drivers.reduce((sum, d) => sum + d.share, 0)).toBeCloseTo(1, 10);
    expect(drivers[0]?.share).toBeCloseTo(3 / monthlyTotal, 10);
  });

  it('refuses a quantity of an item it has no price for', () => {
    // Prepare
    const measured = counts({ transaction: { 'made.up|x': 1 } as Quantities });

    // Act / Assess
    expect(() => costOf(PROFILE, measured, flatPrices())).toThrow(/Unknown price item/);
  });
});

describe('the cost profile', () => {
  it('takes the goal profile by default and options over it', () => {
    // Act
    const profile = profileFromArgs(['--customers', '10000000', '--region', 'cn-north-1']);

    // Assess
    expect(profileFromArgs([])).toEqual(DEFAULT_PROFILE);
    expect(DEFAULT_PROFILE).toMatchObject({ customers: 1_000_000, transactionsPerCustomerMonth: 30 });
    expect(profile).toMatchObject({
      customers: 10_000_000,
      region: 'cn-north-1',
      transactionsPerCustomerMonth: 30,
    });
  });

  it('refuses an unknown option, a missing value and a region without prices', () => {
    expect(() => profileFromArgs(['--cutsomers', '5'])).toThrow(/Unknown option --cutsomers/);
    expect(() => profileFromArgs(['--customers'])).toThrow(/needs a value/);
    expect(() => profileFromArgs(['--region', 'eu-west-1'])).toThrow(/region/);
    expect(() => profileFromArgs(['--customers', '-3'])).toThrow(/customers/);
  });
});

describe('the price lists', () => {
  it.each(['us-east-1', 'cn-north-1'] as const)(
    '%s prices every item, dated, each with its source',
    async (region) => {
      // Act
      const prices = await loadPrices(region);

      // Assess
      expect(prices.region).toBe(region);
      expect(prices.currency).toBe(region === 'cn-north-1' ? 'CNY' : 'USD');
      expect(Object.keys(prices.items).sort()).toEqual([...PRICE_ITEMS].sort());
      for (const price of Object.values(prices.items)) expect(price.source).toMatch(/https:\/\//);
    },
  );
});
