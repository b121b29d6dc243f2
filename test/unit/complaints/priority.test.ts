import { describe, expect, it } from 'vitest';
import { complaintPriority } from '../../../functions/complaints/domain/priority.js';

const amounts = new Map([
  ['USD', 700_000],
  ['*', 5_000_000],
]);
const plain = { channel: 'phone', vulnerableCustomer: false, repeat: false } as const;

describe('complaint priority', () => {
  it.each([
    ['no factor', plain, 'normal', []],
    [
      'forwarded by the regulator',
      { ...plain, channel: 'regulator-forwarded' },
      'high',
      ['regulator-forwarded'],
    ],
    ['a vulnerable customer', { ...plain, vulnerableCustomer: true }, 'high', ['vulnerable-customer']],
    ['a repeat', { ...plain, repeat: true }, 'high', ['repeat-complaint']],
    [
      'an amount above the default threshold',
      { ...plain, amountAtStake: { amountMinor: 5_000_001, currency: 'CNY' } },
      'high',
      ['amount-at-stake'],
    ],
    [
      'an amount equal to the threshold',
      { ...plain, amountAtStake: { amountMinor: 5_000_000, currency: 'CNY' } },
      'normal',
      [],
    ],
    [
      'an amount above its own currency’s threshold',
      { ...plain, amountAtStake: { amountMinor: 700_001, currency: 'USD' } },
      'high',
      ['amount-at-stake'],
    ],
    [
      'two factors',
      { ...plain, channel: 'regulator-forwarded', repeat: true },
      'urgent',
      ['regulator-forwarded', 'repeat-complaint'],
    ],
    [
      'every factor',
      {
        channel: 'regulator-forwarded',
        vulnerableCustomer: true,
        repeat: true,
        amountAtStake: { amountMinor: 9_000_000, currency: 'EUR' },
      },
      'urgent',
      ['regulator-forwarded', 'vulnerable-customer', 'repeat-complaint', 'amount-at-stake'],
    ],
  ] as const)('%s: %s', (_name, facts, priority, factors) => {
    // Act
    const result = complaintPriority(facts, amounts);

    // Assess
    expect(result).toEqual({ priority, priorityFactors: factors });
  });

  it('never counts an amount when no threshold is configured', () => {
    // Act
    const result = complaintPriority(
      { ...plain, amountAtStake: { amountMinor: 10 ** 12, currency: 'CNY' } },
      new Map(),
    );

    // Assess
    expect(result.priority).toBe('normal');
  });
});
