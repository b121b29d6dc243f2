import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { HoldingFacts } from '../../../functions/activity/domain/holdings.js';
import type { TransactionFacts } from '../../../functions/activity/domain/transaction-delta.js';

export const customerId = 'cus_01KDVDNA00BBBBBBBBBBBBBBBB';
/** 10 June 2026, 10:00 in Beijing: the current month is 2026-06. */
export const now = new Date('2026-06-10T02:00:00.000Z');

export function tx(overrides: Partial<TransactionFacts> = {}): TransactionFacts {
  return {
    transactionId: 'txn-1',
    customerId,
    type: 'deposit',
    channel: 'counter',
    amount: 10_000,
    currency: 'CNY',
    status: 'success',
    postedAt: '2026-06-01T02:00:00.000Z',
    ...overrides,
  };
}

export function snapshot(overrides: Partial<BalanceFacts> = {}): BalanceFacts {
  return {
    customerId,
    asOf: '2026-06-01T00:00:00.000Z',
    aum: 100_000_00,
    deposits: 60_000_00,
    wealth: 40_000_00,
    loans: 0,
    currency: 'CNY',
    ...overrides,
  };
}

export function holding(overrides: Partial<HoldingFacts> = {}): HoldingFacts {
  return {
    customerId,
    productId: 'WM-01',
    riskLevel: 'R2',
    action: 'opened',
    at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}
