import { describe, expect, it } from 'vitest';
import { cstDateOf } from '../../../functions/retention/domain/civil-time.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import {
  alertConfirmed,
  type OutcomeFacts,
  outcomeOf,
  wasInactiveAt,
} from '../../../functions/retention/domain/outcome.js';
import { signalsOf } from '../../../functions/retention/domain/signals.js';
import { activeCustomer, NOW } from './scoring-fixtures.js';

const facts = (overrides: Partial<OutcomeFacts> = {}): OutcomeFacts => ({
  wasInactive: false,
  alertDay: '2026-06-01',
  relationship: 'active',
  level: 'medium',
  lastTransactionDay: '2026-05-01',
  ...overrides,
});

describe('outcomeOf', () => {
  it('is lost when the relationship closed, whatever the score', () => {
    expect(outcomeOf(facts({ relationship: 'closed', level: 'low' }))).toBe('lost');
  });
  it('is lost when the customer is still high', () => {
    expect(outcomeOf(facts({ level: 'high', wasInactive: true, lastTransactionDay: '2026-06-20' }))).toBe(
      'lost',
    );
  });
  it.each([
    ['2026-05-31', 'retained'],
    ['2026-06-01', 'reactivated'],
    ['2026-06-15', 'reactivated'],
  ] as const)('an inactive customer whose last transaction is %s: %s', (lastTransactionDay, outcome) => {
    expect(outcomeOf(facts({ wasInactive: true, lastTransactionDay }))).toBe(outcome);
  });
  it('is retained for an inactive customer who still never transacted, and for an active one', () => {
    expect(outcomeOf(facts({ wasInactive: true, lastTransactionDay: null }))).toBe('retained');
    expect(outcomeOf(facts({ wasInactive: false, lastTransactionDay: '2026-06-15', level: 'low' }))).toBe(
      'retained',
    );
  });
  it('compares with the alert CST day (an alert at 16:00Z is the next day in Beijing)', () => {
    expect(cstDateOf('2026-05-31T16:00:00.000Z')).toBe('2026-06-01');
    expect(cstDateOf('2026-05-31T15:59:59.999Z')).toBe('2026-05-31');
  });
});

describe('wasInactiveAt', () => {
  // An active customer with steady months: every signal off.
  const none = signalsOf(activeCustomer(), DEFAULT_CHURN_MODEL.signals, NOW);
  it('is the inactive signal, or a dormant lifecycle stage', () => {
    expect(wasInactiveAt({ lifecycleStage: 'mature' }, { ...none, inactive: true })).toBe(true);
    expect(wasInactiveAt({ lifecycleStage: 'dormant' }, none)).toBe(true);
    expect(wasInactiveAt({ lifecycleStage: 'declining' }, { ...none, 'frequency-drop': true })).toBe(false);
    expect(wasInactiveAt({}, none)).toBe(false);
  });
});

describe('alertConfirmed', () => {
  it('confirms an alert whose customer was lost or had to be reactivated', () => {
    expect(alertConfirmed('lost', 'not-leaving')).toBe(true);
    expect(alertConfirmed('reactivated', undefined)).toBe(true);
  });
  it('confirms a retained customer only by a cause the customer gave', () => {
    expect(alertConfirmed('retained', 'price-or-yield')).toBe(true);
    expect(alertConfirmed('retained', 'life-event')).toBe(true);
    expect(alertConfirmed('retained', 'not-leaving')).toBe(false);
    expect(alertConfirmed('retained', 'unknown')).toBe(false);
    expect(alertConfirmed('retained', undefined)).toBe(false);
  });
});
