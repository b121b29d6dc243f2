import { describe, expect, it } from 'vitest';
import { capFor, exceedsCap } from '../../../functions/activity/domain/amount-caps.js';
import {
  DEFAULT_TRANSACTION_AMOUNT_CAPS,
  transactionAmountCaps,
} from '../../../functions/activity/domain/settings.js';

describe('transaction amount caps (TRANSACTION_AMOUNT_CAPS)', () => {
  it('default to 10^13 minor units for CNY and every other currency', () => {
    const caps = transactionAmountCaps({});
    expect(transactionAmountCaps({ TRANSACTION_AMOUNT_CAPS: '' })).toEqual(caps);
    expect(capFor(caps, 'CNY')).toBe(10_000_000_000_000);
    expect(capFor(caps, 'XYZ')).toBe(10_000_000_000_000);
    expect(DEFAULT_TRANSACTION_AMOUNT_CAPS).toBe('CNY=10000000000000,*=10000000000000');
  });

  it('refuse 2^53 - 1 under the default, and take a cap per currency', () => {
    const caps = transactionAmountCaps({ TRANSACTION_AMOUNT_CAPS: 'CNY=500,USD=100,*=10' });
    expect(exceedsCap(transactionAmountCaps({}), 'CNY', Number.MAX_SAFE_INTEGER)).toBe(true);
    expect([exceedsCap(caps, 'CNY', 500), exceedsCap(caps, 'CNY', 501)]).toEqual([false, true]);
    expect([exceedsCap(caps, 'USD', 100), exceedsCap(caps, 'USD', 101)]).toEqual([false, true]);
    expect(exceedsCap(caps, 'EUR', 11)).toBe(true);
    // An inherited property is not a currency.
    expect(capFor(caps, 'constructor')).toBe(10);
  });

  it.each([
    'CNY=500',
    'CNY=500,*=10,CNY=7',
    '*=1,*=2',
    'CNY=0,*=1',
    'cny=5,*=1',
    '*=9007199254740992',
    'CNY=1.5,*=1',
    'CNY=-1,*=1',
  ])('refuse %j at cold start, naming the setting', (value) => {
    expect(() => transactionAmountCaps({ TRANSACTION_AMOUNT_CAPS: value })).toThrow(
      /TRANSACTION_AMOUNT_CAPS/,
    );
  });
});
