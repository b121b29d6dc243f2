import { describe, expect, it } from 'vitest';
import { createCustomerSchema } from '../../../functions/customers/domain/schemas.js';
import { seniorFacts } from '../../../functions/customers/domain/senior.js';
import { demoPortfolio } from '../../../infra/local/demo-portfolio.js';

/** The local cloud's demo customers, as the recommendations demo needs them (docs/domain-rules.md §19.2, §19.3). */
describe('demo customers’ assessments', () => {
  const now = new Date('2026-12-04T02:00:00Z');
  const portfolio = demoPortfolio(30, undefined, now);

  it('are all registrations the API accepts', () => {
    for (const customer of portfolio) {
      expect(createCustomerSchema.safeParse(customer.body).success).toBe(true);
    }
  });

  it('include customers who state an objective, a horizon and an amount, and customers who state none', () => {
    const stating = portfolio.filter((customer) => customer.body.horizonDays !== undefined);

    expect(stating.length).toBeGreaterThan(0);
    expect(stating.length).toBeLessThan(portfolio.length);
    for (const customer of stating) {
      expect(customer.body).toHaveProperty('investmentObjective');
      expect(customer.body).toHaveProperty('intendedAmount');
    }
  });

  it('include senior individuals and younger ones', () => {
    const seniority = portfolio.flatMap((customer) =>
      typeof customer.body.birthDate === 'string'
        ? [seniorFacts(customer.body.birthDate, now, 65).senior]
        : [],
    );

    expect(seniority).toContain(true);
    expect(seniority).toContain(false);
  });
});
