import { describe, expect, it } from 'vitest';
import { GENERATED_EVENTS } from '../../../bench/churn/events.js';
import { generateCustomer, generatePortfolio, observationOf } from '../../../bench/churn/generator.js';
import { parseEventDetail } from '../../../shared/events/define.js';

/**
 * The synthetic portfolios of `npm run evaluate` (docs/domain-rules.md §20.10): the same seed
 * gives the same portfolio, every event is one the catalogue accepts, and a small portfolio
 * already reaches every event the retention capability consumes and both kinds of churner.
 */

const SEED = 4242;
const observation = observationOf();

describe('the churn portfolio generator', () => {
  it('gives the same histories and truths for the same seed, different ones for another seed', () => {
    const first = [...generatePortfolio(SEED, 40)];
    const again = [...generatePortfolio(SEED, 40)];
    const other = [...generatePortfolio(SEED + 1, 40)];

    expect(again).toEqual(first);
    expect(other.map((c) => c.events)).not.toEqual(first.map((c) => c.events));
  });

  it("keeps a customer's history the same whatever the portfolio's size", () => {
    const portfolio = [...generatePortfolio(SEED, 8)];

    expect(generateCustomer(SEED, 7)).toEqual(portfolio[7]);
  });

  it('emits valid catalogue events in time order, registration first, all before the observation', () => {
    for (const customer of generatePortfolio(SEED, 60)) {
      const times = customer.events.map((e) => Date.parse(e.detail.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t < observation.getTime())).toBe(true);
      expect(customer.events[0]?.type).toBe('CustomerRegistered');
      for (const event of customer.events) {
        expect(event.detail.customerId).toBe(customer.customerId);
        expect(() => parseEventDetail(GENERATED_EVENTS[event.type], event.detail)).not.toThrow();
      }
      if (customer.truth.churnedAt !== null) {
        const churnedAt = Date.parse(customer.truth.churnedAt);
        expect(times.every((t) => t < churnedAt)).toBe(true);
      }
    }
  });

  it('reaches every consumed event type, churners after a drift and churners without warning', () => {
    const customers = [...generatePortfolio(SEED, 400)];
    const types = new Set(customers.flatMap((c) => c.events.map((e) => e.type)));
    const churners = customers.filter((c) => c.truth.churnedAt !== null);

    expect([...types].sort()).toEqual(Object.keys(GENERATED_EVENTS).sort());
    expect(churners.some((c) => c.truth.sudden)).toBe(true);
    expect(churners.some((c) => !c.truth.sudden)).toBe(true);
    expect(customers.some((c) => c.truth.churnedAt === null)).toBe(true);
  });
});
