import { describe, expect, it } from 'vitest';
import { transactionDelta } from '../../../functions/activity/domain/transaction-delta.js';
import { tx } from './fixtures.js';

describe('transactionDelta', () => {
  it('counts a successful transaction overall, by type and by channel, in its CST month', () => {
    const delta = transactionDelta(
      tx({ type: 'card-spend', channel: 'mobile-banking', amount: 5_000, postedAt: '2026-02-28T16:30:00Z' }),
    );

    expect(delta).toEqual({
      month: '2026-03',
      lastSuccessfulAt: '2026-02-28T16:30:00.000Z',
      counters: {
        'success.count': 1,
        'success.amount.CNY': 5_000,
        'success.byType.card-spend.count': 1,
        'success.byType.card-spend.amount.CNY': 5_000,
        'success.byChannel.mobile-banking.count': 1,
        'success.byChannel.mobile-banking.amount.CNY': 5_000,
      },
    });
  });

  it('keeps failed transactions apart and offers no lastSuccessfulAt for them', () => {
    const delta = transactionDelta(tx({ status: 'failed', channel: 'atm', amount: 300 }));

    expect(delta.lastSuccessfulAt).toBeUndefined();
    expect(delta.counters).toEqual({
      'failed.count': 1,
      'failed.amount.CNY': 300,
      'failed.byType.deposit.count': 1,
      'failed.byType.deposit.amount.CNY': 300,
      'failed.byChannel.atm.count': 1,
      'failed.byChannel.atm.amount.CNY': 300,
    });
  });

  it.each([
    ['aborted', 'aborted'],
    ['pending-review', 'pendingReview'],
  ] as const)('counts %s under its own prefix %s, never as success', (status, prefix) => {
    const delta = transactionDelta(tx({ status }));

    expect(delta.lastSuccessfulAt).toBeUndefined();
    expect(Object.keys(delta.counters).every((name) => name.startsWith(`${prefix}.`))).toBe(true);
    expect(delta.counters[`${prefix}.count`]).toBe(1);
  });

  it('keeps amounts per currency', () => {
    const delta = transactionDelta(tx({ currency: 'USD', amount: 1_999 }));

    expect(delta.counters['success.amount.USD']).toBe(1_999);
    expect(delta.counters['success.amount.CNY']).toBeUndefined();
  });

  it('makes only non-negative integer increments (safe for DynamoDB ADD)', () => {
    const delta = transactionDelta(tx({ amount: 0 }));

    expect(Object.values(delta.counters).every((v) => Number.isSafeInteger(v) && v >= 0)).toBe(true);
    expect(delta.counters['success.amount.CNY']).toBe(0);
  });
});
