import { describe, expect, it } from 'vitest';
import {
  type ActivityAggregate,
  applyBalance,
  applyDelta,
  applyHolding,
  applyTransaction,
  assetHistory,
  emptyAggregate,
  monthlySuccessfulCounts,
  productsHeld,
  pruneAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { HoldingFacts } from '../../../functions/activity/domain/holdings.js';
import { lastMonths } from '../../../functions/activity/domain/months.js';
import {
  type TransactionFacts,
  transactionDelta,
} from '../../../functions/activity/domain/transaction-delta.js';
import { customerId, holding, now, snapshot, tx } from './fixtures.js';

const start = emptyAggregate(customerId);
const applyAll = (txs: readonly TransactionFacts[], from: ActivityAggregate = start) =>
  txs.reduce((aggregate, t) => applyTransaction(aggregate, t, now), from);
const applyBalances = (snapshots: readonly BalanceFacts[]) =>
  snapshots.reduce((aggregate, s) => applyBalance(aggregate, s, now), start);
const applyHoldings = (events: readonly HoldingFacts[]) =>
  events.reduce((aggregate, e) => applyHolding(aggregate, e), start);

describe('transactions', () => {
  it('sums counters per month and keeps the latest successful time', () => {
    const aggregate = applyAll([
      tx({ transactionId: 'a', postedAt: '2026-05-03T02:00:00Z', amount: 100 }),
      tx({ transactionId: 'b', postedAt: '2026-05-20T02:00:00Z', amount: 250, channel: 'atm' }),
      tx({ transactionId: 'c', postedAt: '2026-06-02T02:00:00Z', status: 'failed' }),
    ]);

    expect(aggregate.months['2026-05']).toMatchObject({
      'success.count': 2,
      'success.amount.CNY': 350,
      'success.byChannel.counter.count': 1,
      'success.byChannel.atm.amount.CNY': 250,
    });
    expect(aggregate.months['2026-06']).toMatchObject({ 'failed.count': 1 });
    expect(aggregate.lastSuccessfulAt).toBe('2026-05-20T02:00:00.000Z');
  });

  it('never lowers lastSuccessfulAt when an older success arrives late', () => {
    const late = applyAll([
      tx({ transactionId: 'new', postedAt: '2026-06-05T00:00:00Z' }),
      tx({ transactionId: 'old', postedAt: '2026-01-05T00:00:00Z' }),
    ]);

    expect(late.lastSuccessfulAt).toBe('2026-06-05T00:00:00.000Z');
  });

  it('drops buckets older than 12 months as of now, but keeps lastSuccessfulAt', () => {
    const aggregate = applyAll([
      tx({ transactionId: 'in', postedAt: '2025-06-30T16:00:00.000Z' }), // 2025-07 in CST: kept
      tx({ transactionId: 'out', postedAt: '2025-06-30T15:59:59.999Z' }), // 2025-06: dropped
    ]);

    expect(Object.keys(aggregate.months)).toEqual(['2025-07']);
    expect(
      applyAll([tx({ transactionId: 'out', postedAt: '2025-06-30T15:59:59.999Z' })]).lastSuccessfulAt,
    ).toBe('2025-06-30T15:59:59.999Z');
  });

  it('keeps a month a clock running ahead produced', () => {
    const aggregate = applyAll([tx({ postedAt: '2026-07-01T00:00:00Z' })]);

    expect(Object.keys(aggregate.months)).toEqual(['2026-07']);
  });

  it('is what folding the deltas and pruning gives', () => {
    const txs = [
      tx({ transactionId: 'a', postedAt: '2025-01-03T02:00:00Z' }),
      tx({ transactionId: 'b', postedAt: '2026-05-20T02:00:00Z', status: 'aborted' }),
      tx({ transactionId: 'c', postedAt: '2026-06-02T02:00:00Z', currency: 'HKD' }),
    ];

    const folded = pruneAggregate(
      txs.map(transactionDelta).reduce((aggregate, delta) => applyDelta(aggregate, delta), start),
      now,
    );

    expect(applyAll(txs)).toEqual(folded);
  });

  it('leaves its input unchanged', () => {
    const before = applyAll([tx({ transactionId: 'a' })]);
    const copy = structuredClone(before);

    applyTransaction(before, tx({ transactionId: 'b' }), now);

    expect(before).toEqual(copy);
  });

  it("refuses another customer's event", () => {
    expect(() => applyTransaction(start, tx({ customerId: 'cus-other' }), now)).toThrow(RangeError);
    expect(() => applyBalance(start, snapshot({ customerId: 'cus-other' }), now)).toThrow(RangeError);
    expect(() => applyHolding(start, holding({ customerId: 'cus-other' }))).toThrow(RangeError);
  });

  it('refuses a total it could no longer hold exactly', () => {
    const big = tx({ amount: Number.MAX_SAFE_INTEGER });

    expect(() => applyAll([big, { ...big, transactionId: 'txn-2' }])).toThrow(RangeError);
  });
});

describe('monthlySuccessfulCounts', () => {
  const aggregate = applyAll([
    tx({ transactionId: 'a', postedAt: '2026-04-03T02:00:00Z' }),
    tx({ transactionId: 'b', postedAt: '2026-04-04T02:00:00Z', type: 'fee' }),
    tx({ transactionId: 'c', postedAt: '2026-04-05T02:00:00Z', type: 'transfer-in' }),
    tx({ transactionId: 'd', postedAt: '2026-04-06T02:00:00Z', status: 'failed' }),
    tx({ transactionId: 'e', postedAt: '2026-06-01T02:00:00Z', type: 'card-spend' }),
  ]);
  const months = lastMonths(now, 3); // 2026-04, 2026-05, 2026-06

  it('counts successful transactions per month, in the order asked, 0 for empty months', () => {
    expect(monthlySuccessfulCounts(aggregate, months)).toEqual([3, 0, 1]);
  });

  it('counts only the given types, e.g. the customer-initiated ones', () => {
    const customerInitiated = ['deposit', 'withdrawal', 'transfer-out', 'card-spend'] as const;
    expect(monthlySuccessfulCounts(aggregate, months, customerInitiated)).toEqual([1, 0, 1]);
  });
});

describe('balances', () => {
  it('keeps the latest snapshot of each month, whichever arrives first', () => {
    const early = snapshot({ asOf: '2026-05-10T00:00:00Z', aum: 1 });
    const late = snapshot({ asOf: '2026-05-31T00:00:00Z', aum: 2 });

    const inOrder = applyBalances([early, late]);
    const reversed = applyBalances([late, early]);

    expect(inOrder).toEqual(reversed);
    expect(inOrder.balances['2026-05']?.aum).toBe(2);
  });

  it('settles two snapshots with the same asOf the same way in both orders', () => {
    const one = snapshot({ aum: 500 });
    const other = snapshot({ aum: 700 });

    expect(applyBalances([one, other])).toEqual(applyBalances([other, one]));
  });

  it('gives AUM now and 3 and 6 months ago, falling back to the latest earlier month', () => {
    const aggregate = applyBalances([
      snapshot({ asOf: '2026-06-05T00:00:00Z', aum: 300 }),
      snapshot({ asOf: '2026-02-27T00:00:00Z', aum: 200 }), // March has none: February stands in
      snapshot({ asOf: '2025-12-31T00:00:00Z', aum: 100 }),
    ]);

    const history = assetHistory(aggregate, now);

    expect(history.current?.aum).toBe(300);
    expect(history.threeMonthsAgo?.aum).toBe(200);
    expect(history.sixMonthsAgo?.aum).toBe(100);
  });

  it('leaves out what it does not know', () => {
    const aggregate = applyBalances([snapshot({ asOf: '2026-06-05T00:00:00Z' })]);

    expect(assetHistory(aggregate, now)).toEqual({ current: aggregate.balances['2026-06'] });
    expect(assetHistory(start, now)).toEqual({});
  });

  it('drops snapshots older than 12 months', () => {
    const aggregate = applyBalances([snapshot({ asOf: '2025-05-15T00:00:00Z' })]);

    expect(aggregate.balances).toEqual({});
  });
});

describe('holdings', () => {
  const opened = holding({ action: 'opened', at: '2026-03-01T00:00:00Z' });
  const closed = holding({ action: 'closed', at: '2026-05-01T00:00:00Z' });

  it('does not bring back a product whose closure arrived before its opening', () => {
    expect(productsHeld(applyHoldings([closed, opened]))).toEqual([]);
    expect(applyHoldings([closed, opened])).toEqual(applyHoldings([opened, closed]));
  });

  it('holds a product reopened after its closure, whatever the arrival order', () => {
    const reopened = holding({ action: 'opened', at: '2026-06-01T00:00:00Z', riskLevel: 'R3' });

    const held = productsHeld(applyHoldings([reopened, opened, closed]));

    expect(held).toEqual([{ productId: 'WM-01', riskLevel: 'R3', since: '2026-06-01T00:00:00.000Z' }]);
    expect(applyHoldings([reopened, opened, closed])).toEqual(applyHoldings([opened, closed, reopened]));
  });

  it('treats a matured product as no longer held', () => {
    const matured = holding({ action: 'matured', at: '2026-04-01T00:00:00Z' });

    expect(productsHeld(applyHoldings([matured, opened]))).toEqual([]);
  });

  it('lets an ending win over an opening at the same instant, in both orders', () => {
    const sameTimeClose = holding({ action: 'closed', at: opened.at });

    expect(productsHeld(applyHoldings([opened, sameTimeClose]))).toEqual([]);
    expect(productsHeld(applyHoldings([sameTimeClose, opened]))).toEqual([]);
  });

  it('lists every held product by id, with its risk level', () => {
    const aggregate = applyHoldings([
      holding({ productId: 'WM-09', riskLevel: 'R4' }),
      holding({ productId: 'DEP-01', riskLevel: 'R1' }),
      holding({ productId: 'constructor', riskLevel: 'R2' }),
    ]);

    expect(productsHeld(aggregate).map((p) => [p.productId, p.riskLevel])).toEqual([
      ['DEP-01', 'R1'],
      ['WM-09', 'R4'],
      ['constructor', 'R2'],
    ]);
  });
});
