import { describe, expect, it } from 'vitest';
import {
  type ActivitySummary,
  nextSummaryTurn,
  sameSummary,
  summariseActivity,
} from '../../../functions/activity/domain/activity-summary.js';
import {
  type ActivityAggregate,
  applyBalance,
  applyTransaction,
  emptyAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { TransactionFacts } from '../../../functions/activity/domain/transaction-delta.js';
import { customerId, now, snapshot, tx } from './fixtures.js';

// `now` is 10 June 2026, 10:00 in Beijing: the complete months are May back to December 2025.
const LONG_AGO = '2020-01-10T02:00:00.000Z';
let sequence = 0;

function withTransaction(
  aggregate: ActivityAggregate,
  overrides: Partial<TransactionFacts>,
  at: Date = now,
): ActivityAggregate {
  sequence += 1;
  return applyTransaction(aggregate, tx({ transactionId: `txn-s${sequence}`, ...overrides }), at);
}

function withBalance(aggregate: ActivityAggregate, overrides: Partial<BalanceFacts>, at: Date = now) {
  return applyBalance(aggregate, snapshot(overrides), at);
}

const summarise = (aggregate: ActivityAggregate, at: Date = now, onboardedAt = LONG_AGO) =>
  summariseActivity(aggregate, onboardedAt, 'CNY', at);

describe('summariseActivity: the last six complete CST months, newest first', () => {
  it('lists December to May with their transactions, month-end AUM and transfers out', () => {
    // Prepare
    let aggregate = emptyAggregate(customerId);
    aggregate = withTransaction(aggregate, { postedAt: '2026-05-03T02:00:00.000Z' });
    aggregate = withTransaction(aggregate, {
      postedAt: '2026-05-20T02:00:00.000Z',
      type: 'transfer-out',
      amount: 3_000_00,
    });
    aggregate = withTransaction(aggregate, {
      postedAt: '2026-05-21T02:00:00.000Z',
      type: 'transfer-out',
      amount: 1_000_00,
    });
    aggregate = withBalance(aggregate, { asOf: '2026-05-10T00:00:00.000Z', aum: 90_000_00 });
    aggregate = withBalance(aggregate, { asOf: '2026-05-28T00:00:00.000Z', aum: 80_000_00 });
    aggregate = withBalance(aggregate, { asOf: '2026-03-28T00:00:00.000Z', aum: 70_000_00 });
    // The current month (June) is not complete: it is not summarised.
    aggregate = withTransaction(aggregate, { postedAt: '2026-06-09T02:00:00.000Z' });

    // Act
    const summary = summarise(aggregate);

    // Assess
    expect(summary.currency).toBe('CNY');
    expect(summary.months).toEqual([
      { month: '2026-05', transactions: 3, aum: 80_000_00, outflows: 4_000_00 },
      { month: '2026-04', transactions: 0, aum: null, outflows: 0 },
      { month: '2026-03', transactions: 0, aum: 70_000_00, outflows: 0 },
      { month: '2026-02', transactions: 0, aum: null, outflows: 0 },
      { month: '2026-01', transactions: 0, aum: null, outflows: 0 },
      { month: '2025-12', transactions: 0, aum: null, outflows: 0 },
    ]);
    expect(summary.lastTransactionDay).toBe('2026-06-09');
  });

  it('puts a transaction at 16:00Z on the last day of a month into the next CST month, and its day too', () => {
    // Prepare: 00:00 on 1 May in Beijing, and one millisecond before it.
    let aggregate = emptyAggregate(customerId);
    aggregate = withTransaction(aggregate, { postedAt: '2026-04-30T15:59:59.999Z' });
    aggregate = withTransaction(aggregate, { postedAt: '2026-04-30T16:00:00.000Z' });

    // Act
    const summary = summarise(aggregate);

    // Assess
    expect(summary.months.find((m) => m.month === '2026-05')?.transactions).toBe(1);
    expect(summary.months.find((m) => m.month === '2026-04')?.transactions).toBe(1);
    expect(summary.lastTransactionDay).toBe('2026-05-01');
  });

  it('turns the month at 16:00Z: one millisecond before, June is not complete yet', () => {
    // Prepare
    const aggregate = withTransaction(emptyAggregate(customerId), { postedAt: '2026-06-15T02:00:00.000Z' });
    const lastJuneMs = new Date('2026-06-30T15:59:59.999Z');
    const firstJuly = new Date('2026-06-30T16:00:00.000Z');

    // Act
    const before = summarise(aggregate, lastJuneMs);
    const after = summarise(aggregate, firstJuly);

    // Assess
    expect(before.months[0]?.month).toBe('2026-05');
    expect(after.months[0]).toEqual({ month: '2026-06', transactions: 1, aum: null, outflows: 0 });
    expect(after.months).toHaveLength(6);
    expect(nextSummaryTurn(lastJuneMs)).toEqual(firstJuly);
    expect(nextSummaryTurn(firstJuly).toISOString()).toBe('2026-07-31T16:00:00.000Z');
  });

  it('takes late data for a past month into that month', () => {
    // Prepare: March was summarised without this transaction and snapshot.
    const before = emptyAggregate(customerId);
    const late = withBalance(
      withTransaction(before, { postedAt: '2026-03-12T02:00:00.000Z', type: 'transfer-out', amount: 500 }),
      { asOf: '2026-03-31T00:00:00.000Z', aum: 12_345 },
    );

    // Act
    const first = summarise(before);
    const second = summarise(late);

    // Assess
    expect(first.months.find((m) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      transactions: 0,
      aum: null,
      outflows: 0,
    });
    expect(second.months.find((m) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      transactions: 1,
      aum: 12_345,
      outflows: 500,
    });
    expect(sameSummary(first, second)).toBe(false);
  });

  it('counts successful transactions of any type, never failed ones', () => {
    // Prepare: a fee (bank-initiated) counts, as dormancy counts it; a failed transfer never.
    let aggregate = emptyAggregate(customerId);
    aggregate = withTransaction(aggregate, { postedAt: '2026-05-03T02:00:00.000Z', type: 'fee' });
    aggregate = withTransaction(aggregate, {
      postedAt: '2026-05-25T02:00:00.000Z',
      type: 'transfer-out',
      status: 'failed',
      amount: 9_999,
    });

    // Act
    const summary = summarise(aggregate);

    // Assess
    expect(summary.months[0]).toEqual({ month: '2026-05', transactions: 1, aum: null, outflows: 0 });
    expect(summary.lastTransactionDay).toBe('2026-05-03');
  });

  it('keeps amounts in its currency only: a snapshot in another is unknown, a transfer in another not added', () => {
    // Prepare
    let aggregate = emptyAggregate(customerId);
    aggregate = withBalance(aggregate, { asOf: '2026-05-28T00:00:00.000Z', aum: 5_000, currency: 'USD' });
    aggregate = withTransaction(aggregate, {
      postedAt: '2026-05-20T02:00:00.000Z',
      type: 'transfer-out',
      amount: 700,
      currency: 'USD',
    });

    // Act
    const summary = summarise(aggregate);

    // Assess
    expect(summary.months[0]).toEqual({ month: '2026-05', transactions: 1, aum: null, outflows: 0 });
  });

  it('has a null day and zero months for a customer who never transacted', () => {
    // Act
    const summary = summarise(emptyAggregate(customerId));

    // Assess
    expect(summary.lastTransactionDay).toBeNull();
    expect(summary.months.map((m) => m.month)).toEqual([
      '2026-05',
      '2026-04',
      '2026-03',
      '2026-02',
      '2026-01',
      '2025-12',
    ]);
    expect(summary.months.every((m) => m.transactions === 0 && m.aum === null && m.outflows === 0)).toBe(
      true,
    );
  });

  it('has fewer months for a new customer: none before the onboarding month (CST)', () => {
    // Prepare: onboarded at 00:30 on 1 April in Beijing (still 31 March in UTC).
    const onboardedAt = '2026-03-31T16:30:00.000Z';

    // Act
    const summary = summarise(emptyAggregate(customerId), now, onboardedAt);
    const thisMonth = summarise(emptyAggregate(customerId), now, '2026-06-01T02:00:00.000Z');

    // Assess
    expect(summary.months.map((m) => m.month)).toEqual(['2026-05', '2026-04']);
    expect(thisMonth.months).toEqual([]);
  });
});

describe('sameSummary: a material change is any difference', () => {
  const base: ActivitySummary = {
    lastTransactionDay: '2026-06-09',
    months: [{ month: '2026-05', transactions: 3, aum: 100, outflows: 0 }],
    currency: 'CNY',
  };

  it('is the same for an equal summary built apart', () => {
    expect(
      sameSummary(base, {
        ...base,
        months: [{ ...base.months[0], month: '2026-05', transactions: 3, aum: 100, outflows: 0 }],
      }),
    ).toBe(true);
  });

  it.each([
    ['the last day', { ...base, lastTransactionDay: '2026-06-10' }],
    ['a count', { ...base, months: [{ month: '2026-05', transactions: 4, aum: 100, outflows: 0 }] }],
    [
      'an AUM becoming known',
      { ...base, months: [{ month: '2026-05', transactions: 3, aum: null, outflows: 0 }] },
    ],
    ['an outflow', { ...base, months: [{ month: '2026-05', transactions: 3, aum: 100, outflows: 1 }] }],
    ['the months', { ...base, months: [] }],
    ['the currency', { ...base, currency: 'USD' }],
  ])('differs by %s', (_what, other: ActivitySummary) => {
    expect(sameSummary(base, other)).toBe(false);
  });

  it('differs from none published yet', () => {
    expect(sameSummary(undefined, base)).toBe(false);
  });
});
