import { describe, expect, it } from 'vitest';
import { suitabilityCustomerOf } from '../../../functions/recommendations/domain/suitability-customer.js';
import type { CustomerView } from '../../../functions/recommendations/service/ports.js';

function viewWith(overrides: Partial<CustomerView> = {}): CustomerView {
  return {
    customerId: 'cus-1',
    customerType: 'individual',
    branch: 'BJ001',
    rmId: 'rm-7',
    relationship: 'active',
    restricted: false,
    erased: false,
    segments: {},
    holdings: [],
    answers: {},
    revision: 3,
    ...overrides,
  };
}

describe('suitabilityCustomerOf', () => {
  it('takes the announced suitability facts, restriction, relationship and type as they are', () => {
    const customer = suitabilityCustomerOf(
      viewWith({
        customerType: 'corporate',
        relationship: 'closed',
        restricted: true,
        suitability: {
          riskTolerance: 'C4',
          riskAssessedAt: '2026-06-01T02:00:00.000Z',
          investmentObjective: 'income',
          horizonDays: 730,
          intendedAmount: { amount: 10_000_000, currency: 'CNY' },
          senior: true,
        },
      }),
    );

    expect(customer).toEqual({
      customerType: 'corporate',
      riskTolerance: 'C4',
      riskAssessedAt: '2026-06-01T02:00:00.000Z',
      investmentObjective: 'income',
      horizonDays: 730,
      intendedAmount: { amount: 10_000_000, currency: 'CNY' },
      senior: true,
      restricted: true,
      relationship: 'closed',
      compositeGrade: undefined,
      creditGrade: undefined,
      declinedAt: {},
    });
  });

  it('reads a customer without announced facts as not assessed and not senior', () => {
    const customer = suitabilityCustomerOf(viewWith({ suitability: undefined }));

    expect(customer.riskTolerance).toBeUndefined();
    expect(customer.riskAssessedAt).toBeUndefined();
    expect(customer.horizonDays).toBeUndefined();
    expect(customer.intendedAmount).toBeUndefined();
    expect(customer.senior).toBe(false);
  });

  it('takes the composite and credit grades from the segments, an unknown value as none', () => {
    expect(
      suitabilityCustomerOf(
        viewWith({ segments: { compositeGrade: 'premium', creditGrade: 'risk', assetTier: 'high' } }),
      ),
    ).toMatchObject({ compositeGrade: 'premium', creditGrade: 'risk' });
    expect(
      suitabilityCustomerOf(viewWith({ segments: { compositeGrade: 'platinum', creditGrade: 'excellent' } })),
    ).toMatchObject({ compositeGrade: undefined, creditGrade: undefined });
  });

  it('keeps only declined answers: not interested excludes nothing', () => {
    const customer = suitabilityCustomerOf(
      viewWith({
        answers: {
          fund: { response: 'declined', at: '2026-11-01T02:00:00.000Z' },
          insurance: { response: 'not-interested', at: '2026-11-02T02:00:00.000Z' },
        },
      }),
    );

    expect(customer.declinedAt).toEqual({ fund: '2026-11-01T02:00:00.000Z' });
  });
});
