import { describe, expect, it } from 'vitest';
import { type CustomerHistory, generatePortfolio, observationOf } from '../../../bench/churn/generator.js';
import { observe } from '../../../bench/churn/observe.js';

/**
 * What the scorer sees of a synthetic customer (docs/domain-rules.md §20.10): its events folded
 * through the product's reducer, and the label: closed within the horizon after the observation.
 */

const observation = observationOf();
const DAY = 86_400_000;
const customers = [...generatePortfolio(8, 300)];
const withTruth = (history: CustomerHistory, churnedAt: string | null): CustomerHistory => ({
  ...history,
  truth: { ...history.truth, churnedAt },
});
const stayer = customers.find((c) => c.truth.churnedAt === null);

describe('observe', () => {
  it('keeps the customer as the product would: registered, scoped, with its activity summary', () => {
    if (stayer === undefined) throw new Error('The portfolio has no customer who stays');

    const seen = observe(stayer, observation, 90);

    expect(seen?.churned).toBe(false);
    expect(seen?.features.customerId).toBe(stayer.customerId);
    expect(seen?.features.branch).toMatch(/^br-\d{3}$/);
    expect(seen?.features.activity?.at).toBe('2026-03-31T18:00:00.000Z');
  });

  it('labels a closure within the horizon, not one after it, and drops one before the observation', () => {
    if (stayer === undefined) throw new Error('The portfolio has no customer who stays');
    const at = (ms: number) => new Date(ms).toISOString();

    expect(observe(withTruth(stayer, at(observation.getTime() + 90 * DAY)), observation, 90)?.churned).toBe(
      true,
    );
    expect(observe(withTruth(stayer, at(observation.getTime() + 91 * DAY)), observation, 90)?.churned).toBe(
      false,
    );
    expect(observe(withTruth(stayer, at(observation.getTime())), observation, 90)).toBeUndefined();
  });

  it('does not score a customer whose registration it never saw', () => {
    if (stayer === undefined) throw new Error('The portfolio has no customer who stays');
    const unregistered = { ...stayer, events: stayer.events.filter((e) => e.type !== 'CustomerRegistered') };

    expect(observe(unregistered, observation, 90)).toBeUndefined();
  });

  it('drops the customers already gone and keeps churners still to come', () => {
    const seen = customers.flatMap((c) => observe(c, observation, 90) ?? []);

    expect(seen.length).toBeLessThan(customers.length);
    expect(seen.some((c) => c.churned)).toBe(true);
    expect(seen.every((c) => Number.isFinite(c.propensity))).toBe(true);
  });
});
