import { describe, expect, it } from 'vitest';
import {
  CHURN_SIGNALS,
  type ChurnScore,
  type ChurnSignal,
  type RiskLevel,
} from '../../../functions/retention/domain/model.js';
import { strategyAfterCause, strategyOf } from '../../../functions/retention/domain/strategy.js';

/** A score of `level` whose signals on contribute as given (the baseline 0.05). */
function scored(
  level: RiskLevel,
  on: Partial<Record<ChurnSignal, number>>,
): Pick<ChurnScore, 'level' | 'contributions'> {
  return {
    level,
    contributions: [
      { signal: 'baseline', value: 1, contribution: 0.05 },
      ...CHURN_SIGNALS.map((signal) => {
        const contribution = on[signal];
        return contribution === undefined
          ? { signal, value: 0 as const, contribution: 0 }
          : { signal, value: 1 as const, contribution };
      }),
    ],
  };
}

describe('strategyOf', () => {
  it('opens no case for a low score', () => {
    expect(strategyOf(scored('low', { inactive: 0.3 }))).toBeUndefined();
  });

  it('plans a return visit and a survey for every medium score, whatever the cause', () => {
    expect(strategyOf(scored('medium', { 'complaint-open': 0.4 }))).toEqual({
      strategy: 'return-visit-survey',
      causeGroup: 'service-failure',
    });
    expect(strategyOf(scored('medium', { inactive: 0.4 }))?.strategy).toBe('return-visit-survey');
  });

  it.each([
    [
      { 'complaint-open': 0.2, 'complaint-breached': 0.2, inactive: 0.3 },
      'supervisor-call',
      'service-failure',
    ],
    [{ 'aum-drop': 0.3, 'large-outflow': 0.2, 'poor-satisfaction': 0.2 }, 'offer', 'price-or-yield'],
    [
      { inactive: 0.4, 'lifecycle-declining': 0.2, 'maturity-not-reinvested': 0.1 },
      'care-contact',
      'inactivity',
    ],
    // The graded tiers point where their coarse signals do: AUM falls to price or yield,
    // a falling frequency to inactivity.
    [
      { 'aum-shrinking': 0.15, 'aum-falling': 0.1, 'aum-drop-severe': 0.1, 'frequency-falling': 0.3 },
      'offer',
      'price-or-yield',
    ],
    [{ 'frequency-falling': 0.3, 'aum-falling': 0.1, 'complaint-open': 0.2 }, 'care-contact', 'inactivity'],
  ] as const)('follows the strongest cause group of a high score: %o → %s', (on, strategy, causeGroup) => {
    expect(strategyOf(scored('high', on))).toEqual({ strategy, causeGroup });
  });

  it('breaks ties as service failure, then price or yield, then inactivity', () => {
    expect(
      strategyOf(scored('high', { 'contact-failing': 0.3, 'aum-drop': 0.3, inactive: 0.3 }))?.strategy,
    ).toBe('supervisor-call');
    expect(strategyOf(scored('high', { 'large-outflow': 0.3, 'frequency-drop': 0.3 }))?.strategy).toBe(
      'offer',
    );
  });

  it('reads a group by the sum of its signals, not by its largest one', () => {
    const plan = strategyOf(scored('high', { inactive: 0.3, 'aum-drop': 0.2, 'large-outflow': 0.15 }));
    expect(plan).toEqual({ strategy: 'offer', causeGroup: 'price-or-yield' });
  });
});

describe('strategyAfterCause', () => {
  it('turns any case into an RM meeting when the customer tells of a life event', () => {
    expect(strategyAfterCause('offer', 'life-event')).toBe('rm-meeting');
    expect(strategyAfterCause('return-visit-survey', 'life-event')).toBe('rm-meeting');
  });
  it('keeps the strategy for any other cause, or none', () => {
    expect(strategyAfterCause('offer', 'price-or-yield')).toBe('offer');
    expect(strategyAfterCause('care-contact', undefined)).toBe('care-contact');
  });
});
