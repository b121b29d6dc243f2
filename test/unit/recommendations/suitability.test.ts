import { describe, expect, it } from 'vitest';
import { CUSTOMER_TYPES, RISK_TOLERANCES } from '../../../functions/customers/events.js';
import type { AnnouncedProduct as Product } from '../../../functions/products/events.js';
import { PRODUCT_RISK_LEVELS } from '../../../functions/products/events.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../../functions/recommendations/domain/settings.js';
import {
  assessSuitability,
  type SeniorConfirmation,
  type SuitabilityCustomer,
  type SuitabilitySettings,
  suitabilityRuleVersion,
} from '../../../functions/recommendations/domain/suitability.js';
import { ruleVersionField } from '../../../functions/recommendations/events.js';
import * as z from '../../../shared/zod.js';
import { cst, customerWith, NOW, productWith } from './suitability-fixtures.js';

const SETTINGS = DEFAULT_RECOMMENDATIONS_SETTINGS;
const DAY_MS = 86_400_000;
const confirmation: SeniorConfirmation = {
  confirmedBy: 'rm-7',
  confirmedAt: NOW,
  reason: 'investment-experience',
};

function assess(
  customer: Partial<SuitabilityCustomer>,
  product: Partial<Product>,
  context: { now?: string; confirmation?: SeniorConfirmation } = {},
  settings: SuitabilitySettings = SETTINGS,
) {
  return assessSuitability(
    customerWith(customer),
    productWith(product),
    { now: context.now ?? NOW, confirmation: context.confirmation },
    settings,
  );
}

/** Only the exclusion reasons of a verdict. */
function reasons(...args: Parameters<typeof assess>) {
  return assess(...args).reasons;
}

describe('assessSuitability: a product that passes every rule', () => {
  it('is suitable, with no reason, the rules it passed and the rule version', () => {
    const verdict = assess({}, {});

    expect(verdict).toEqual({
      productId: 'prd-deposit-1',
      suitable: true,
      reasons: [],
      satisfied: ['risk-within-tolerance'],
      ruleVersion: 's1-m12-r2-d90',
    });
  });

  it('refuses a now that is not an instant', () => {
    expect(() => assess({}, {}, { now: 'yesterday' })).toThrow(RangeError);
  });
});

describe('the customer (§19.2 rule 1)', () => {
  it('excludes every product of a restricted customer', () => {
    expect(reasons({ restricted: true }, {})).toEqual(['customer-restricted']);
    expect(reasons({ restricted: true }, { riskLevel: 'R1' })).toEqual(['customer-restricted']);
  });

  it('excludes every product once the relationship is closed', () => {
    expect(reasons({ relationship: 'closed' }, {})).toEqual(['relationship-closed']);
  });
});

describe('the sale (rule 2)', () => {
  it.each(['draft', 'suspended', 'withdrawn'] as const)('excludes a %s product', (status) => {
    expect(reasons({}, { status })).toEqual(['not-on-sale']);
  });

  it('includes both ends of the sale window, to the millisecond', () => {
    const at = Date.parse(NOW);
    const iso = (ms: number) => new Date(ms).toISOString();

    expect(reasons({}, { saleFrom: NOW })).toEqual([]);
    expect(reasons({}, { saleFrom: iso(at + 1) })).toEqual(['outside-sale-window']);
    expect(reasons({}, { saleTo: NOW })).toEqual([]);
    expect(reasons({}, { saleTo: iso(at - 1) })).toEqual(['outside-sale-window']);
    expect(reasons({}, { saleFrom: NOW, saleTo: NOW })).toEqual([]);
  });

  it('compares instants, not their spelling', () => {
    // The same instant as NOW without milliseconds: equal, so inside the window.
    expect(reasons({}, { saleTo: '2026-12-04T02:00:00Z', saleFrom: '2026-12-04T02:00:00Z' })).toEqual([]);
  });
});

describe('customer type and grade (rules 3, 4)', () => {
  it.each(CUSTOMER_TYPES)(
    'excludes a %s customer from a product not offered to that type',
    (customerType) => {
      const other = CUSTOMER_TYPES.filter((type) => type !== customerType);

      expect(reasons({ customerType }, { customerTypes: other })).toEqual(['customer-type-not-allowed']);
      expect(reasons({ customerType }, { customerTypes: [customerType] })).toEqual([]);
    },
  );

  it.each([
    ['vip', 'vip', true],
    ['vip', 'premium', false],
    ['vip', 'standard', false],
    ['premium', 'vip', true],
    ['premium', 'premium', true],
    ['premium', 'standard', false],
    ['standard', 'standard', true],
    ['standard', undefined, false],
  ] as const)(
    'a minimum grade %s and a customer graded %s: suitable %s',
    (minimumGrade, compositeGrade, ok) => {
      expect(reasons({ compositeGrade }, { minimumGrade })).toEqual(ok ? [] : ['grade-below-minimum']);
    },
  );

  it('a product without a minimum grade takes a customer not graded yet', () => {
    expect(reasons({ compositeGrade: undefined }, {})).toEqual([]);
  });
});

describe('risk level against the assessment (rule 5)', () => {
  it.each(RISK_TOLERANCES)('a %s customer gets products up to the same level, not one above', (tolerance) => {
    const level = Number(tolerance.slice(1));
    for (const riskLevel of PRODUCT_RISK_LEVELS) {
      const verdict = assess({ riskTolerance: tolerance }, { riskLevel });
      if (Number(riskLevel.slice(1)) <= level) {
        expect(verdict.reasons).toEqual([]);
        expect(verdict.satisfied).toEqual(['risk-within-tolerance']);
      } else {
        expect(verdict.reasons).toEqual(['risk-above-tolerance']);
        expect(verdict.satisfied).toEqual([]);
      }
    }
  });

  it('without an assessment, R1 only (no tolerance, or no date)', () => {
    for (const missing of [{ riskTolerance: undefined }, { riskAssessedAt: undefined }]) {
      const r1 = assess(missing, { riskLevel: 'R1' });
      expect(r1.reasons).toEqual([]);
      expect(r1.satisfied).toEqual(['r1-without-valid-assessment']);
      expect(reasons(missing, { riskLevel: 'R2' })).toEqual(['assessment-missing']);
    }
  });

  it('with an expired assessment, R1 only, whatever the tolerance was', () => {
    const expired = { riskTolerance: 'C5', riskAssessedAt: cst('2025-01-10T10:00') } as const;

    expect(assess(expired, { riskLevel: 'R1' }).satisfied).toEqual(['r1-without-valid-assessment']);
    expect(reasons(expired, { riskLevel: 'R2' })).toEqual(['assessment-expired']);
    expect(reasons({ ...expired, riskTolerance: 'C1' }, { riskLevel: 'R5' })).toEqual(['assessment-expired']);
  });

  it('counts an assessment dated in the future as valid', () => {
    expect(reasons({ riskAssessedAt: cst('2026-12-06T09:00') }, { riskLevel: 'R3' })).toEqual([]);
  });
});

describe('the 12-month validity, day by day in China Standard Time', () => {
  /** Whether an R3 product passes for a C3 customer assessed at `assessedAt`, at `now`. */
  const valid = (assessedAt: string, now: string, settings: SuitabilitySettings = SETTINGS) =>
    assessSuitability(
      customerWith({ riskAssessedAt: assessedAt }),
      productWith({ riskLevel: 'R3' }),
      { now },
      settings,
    ).reasons.length === 0;
  const months = (assessmentValidMonths: number) => ({ ...SETTINGS, assessmentValidMonths });

  it('is valid through the same calendar day 12 months later and expired from the next day', () => {
    const assessed = cst('2025-12-04T10:00');
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
    const seen = days.map((day) => [
      day,
      valid(assessed, cst(`${day}T00:00:00.000`)),
      valid(assessed, cst(`${day}T23:59:59.999`)),
    ]);

    expect(seen).toEqual([
      ['2026-12-01', true, true],
      ['2026-12-02', true, true],
      ['2026-12-03', true, true],
      ['2026-12-04', true, true],
      ['2026-12-05', false, false],
      ['2026-12-06', false, false],
    ]);
  });

  it('takes both days in China Standard Time, not UTC', () => {
    // 01:00 on 4 December in Shanghai is still 3 December in UTC.
    const assessed = cst('2025-12-04T01:00');
    expect(assessed.startsWith('2025-12-03')).toBe(true);

    // The last valid day is 4 December in Shanghai, which ends at 15:59:59.999 UTC.
    expect(valid(assessed, '2026-12-04T15:59:59.999Z')).toBe(true);
    expect(valid(assessed, '2026-12-04T16:00:00.000Z')).toBe(false);
  });

  it('runs from a month-end day to the same day, or the last day of a shorter month', () => {
    expect(valid(cst('2025-01-31T10:00'), cst('2026-01-31T23:59:59.999'))).toBe(true);
    expect(valid(cst('2025-01-31T10:00'), cst('2026-02-01T00:00'))).toBe(false);
    // One month after 31 January is the last day of February.
    expect(valid(cst('2025-01-31T10:00'), cst('2025-02-28T23:59:59.999'), months(1))).toBe(true);
    expect(valid(cst('2025-01-31T10:00'), cst('2025-03-01T00:00'), months(1))).toBe(false);
    expect(valid(cst('2025-08-31T10:00'), cst('2026-02-28T12:00'), months(6))).toBe(true);
    expect(valid(cst('2025-08-31T10:00'), cst('2026-03-01T12:00'), months(6))).toBe(false);
  });

  it('runs from 29 February to 28 February of a common year, and to 29 February of a leap year', () => {
    const leapDay = cst('2024-02-29T10:00');

    expect(valid(leapDay, cst('2025-02-28T23:59:59.999'))).toBe(true);
    expect(valid(leapDay, cst('2025-03-01T00:00'))).toBe(false);
    expect(valid(leapDay, cst('2028-02-29T23:59:59.999'), months(48))).toBe(true);
    expect(valid(leapDay, cst('2028-03-01T00:00'), months(48))).toBe(false);
    // From 28 February, 12 months is 28 February even when the next year has a 29th.
    expect(valid(cst('2027-02-28T10:00'), cst('2028-02-28T23:59:59.999'))).toBe(true);
    expect(valid(cst('2027-02-28T10:00'), cst('2028-02-29T00:00'))).toBe(false);
  });

  it('follows the configured number of months', () => {
    const assessed = cst('2025-12-04T10:00');

    expect(valid(assessed, cst('2027-06-04T12:00'), months(18))).toBe(true);
    expect(valid(assessed, cst('2027-06-05T12:00'), months(18))).toBe(false);
    expect(valid(assessed, cst('2026-01-04T12:00'), months(1))).toBe(true);
    expect(valid(assessed, cst('2026-01-05T12:00'), months(1))).toBe(false);
  });
});

describe('term and amount the customer stated (rule 6)', () => {
  it('passes a term equal to the horizon and excludes one a day longer', () => {
    const equal = assess({ horizonDays: 365 }, { termDays: 365 });

    expect(equal.reasons).toEqual([]);
    expect(equal.satisfied).toEqual(['risk-within-tolerance', 'term-within-horizon']);
    expect(reasons({ horizonDays: 365 }, { termDays: 366 })).toEqual(['term-exceeds-horizon']);
  });

  it('checks no term when the customer stated no horizon or the product has no term', () => {
    expect(assess({ horizonDays: undefined }, { termDays: 36_500 }).satisfied).toEqual([
      'risk-within-tolerance',
    ]);
    expect(assess({ horizonDays: 1 }, { termDays: undefined }).satisfied).toEqual(['risk-within-tolerance']);
  });

  it('passes a minimum equal to the amount and excludes one a fen above', () => {
    const stated = { intendedAmount: { amount: 5_000_000, currency: 'CNY' } };
    const equal = assess(stated, { minimumAmount: { amount: 5_000_000, currency: 'CNY' } });

    expect(equal.reasons).toEqual([]);
    expect(equal.satisfied).toEqual(['risk-within-tolerance', 'minimum-within-amount']);
    expect(reasons(stated, { minimumAmount: { amount: 5_000_001, currency: 'CNY' } })).toEqual([
      'minimum-above-amount',
    ]);
  });

  it('cannot compare amounts in different currencies, unless the minimum is zero', () => {
    const stated = { intendedAmount: { amount: 100_000_000, currency: 'CNY' } };

    expect(reasons(stated, { minimumAmount: { amount: 1, currency: 'USD' } })).toEqual([
      'amount-currency-differs',
    ]);
    expect(assess(stated, { minimumAmount: { amount: 0, currency: 'USD' } }).satisfied).toEqual([
      'risk-within-tolerance',
      'minimum-within-amount',
    ]);
  });

  it('checks no amount when the customer stated none', () => {
    const verdict = assess(
      { intendedAmount: undefined },
      { minimumAmount: { amount: 99_999_999, currency: 'USD' } },
    );

    expect(verdict.reasons).toEqual([]);
    expect(verdict.satisfied).toEqual(['risk-within-tolerance']);
  });
});

describe('loans and the credit grade (rule 7)', () => {
  it.each([
    ['prime', true],
    ['standard', true],
    [undefined, true],
    ['risk', false],
  ] as const)('a loan for a customer of credit grade %s: suitable %s', (creditGrade, ok) => {
    const verdict = assess({ creditGrade }, { category: 'loan' });

    expect(verdict.reasons).toEqual(ok ? [] : ['credit-grade-risk']);
    expect(verdict.satisfied.includes('loan-credit-grade-ok')).toBe(ok);
  });

  it('does not look at the credit grade for other categories', () => {
    expect(assess({ creditGrade: 'risk' }, { category: 'card' }).reasons).toEqual([]);
  });
});

describe('senior customers (§19.3, rule 8)', () => {
  const senior = { senior: true, riskTolerance: 'C5' } as const;

  it('may be shown R1 and R2 without a confirmation', () => {
    for (const riskLevel of ['R1', 'R2'] as const) {
      const verdict = assess(senior, { riskLevel });
      expect(verdict.reasons).toEqual([]);
      expect(verdict.satisfied).not.toContain('senior-confirmed');
    }
  });

  it('needs an RM confirmation above R2, and passes with one', () => {
    for (const riskLevel of ['R3', 'R4', 'R5'] as const) {
      expect(reasons(senior, { riskLevel })).toEqual(['senior-confirmation-required']);
      const confirmed = assess(senior, { riskLevel }, { confirmation });
      expect(confirmed.reasons).toEqual([]);
      expect(confirmed.satisfied).toEqual(['risk-within-tolerance', 'senior-confirmed']);
    }
  });

  it('does not need a confirmation for a customer who is not senior', () => {
    expect(assess({ ...senior, senior: false }, { riskLevel: 'R5' }).satisfied).toEqual([
      'risk-within-tolerance',
    ]);
  });

  it('does not let a confirmation lift the risk level above the tolerance', () => {
    expect(reasons({ senior: true, riskTolerance: 'C3' }, { riskLevel: 'R4' }, { confirmation })).toEqual([
      'risk-above-tolerance',
    ]);
  });

  it('follows the configured level', () => {
    const r3 = { ...SETTINGS, seniorMaxRiskWithoutConfirmation: 'R3' } as const;
    const r1 = { ...SETTINGS, seniorMaxRiskWithoutConfirmation: 'R1' } as const;
    const r5 = { ...SETTINGS, seniorMaxRiskWithoutConfirmation: 'R5' } as const;

    expect(reasons(senior, { riskLevel: 'R3' }, {}, r3)).toEqual([]);
    expect(reasons(senior, { riskLevel: 'R4' }, {}, r3)).toEqual(['senior-confirmation-required']);
    expect(reasons(senior, { riskLevel: 'R2' }, {}, r1)).toEqual(['senior-confirmation-required']);
    expect(reasons(senior, { riskLevel: 'R5' }, {}, r5)).toEqual([]);
  });
});

describe('declined categories (rule 9)', () => {
  const at = Date.parse(NOW);
  const daysAgo = (days: number, ms = 0) => new Date(at - days * DAY_MS - ms).toISOString();

  it('excludes a category declined 90 days ago to the millisecond, and not a millisecond earlier', () => {
    expect(reasons({ declinedAt: { deposit: daysAgo(90) } }, {})).toEqual(['category-declined']);
    expect(reasons({ declinedAt: { deposit: daysAgo(90, 1) } }, {})).toEqual([]);
    expect(reasons({ declinedAt: { deposit: daysAgo(0) } }, {})).toEqual(['category-declined']);
  });

  it('excludes only the declined category', () => {
    expect(reasons({ declinedAt: { fund: daysAgo(1) } }, { category: 'deposit' })).toEqual([]);
    expect(reasons({ declinedAt: { fund: daysAgo(1) } }, { category: 'fund' })).toEqual([
      'category-declined',
    ]);
  });

  it('follows the configured number of days', () => {
    const thirty = { ...SETTINGS, declinedCategoryDays: 30 };

    expect(reasons({ declinedAt: { deposit: daysAgo(30) } }, {}, {}, thirty)).toEqual(['category-declined']);
    expect(reasons({ declinedAt: { deposit: daysAgo(30, 1) } }, {}, {}, thirty)).toEqual([]);
  });
});

describe('every reason at once', () => {
  it('returns every reason that applies, in the documented order, none twice', () => {
    const verdict = assess(
      {
        customerType: 'individual',
        restricted: true,
        relationship: 'closed',
        riskAssessedAt: undefined,
        horizonDays: 30,
        intendedAmount: { amount: 1, currency: 'USD' },
        senior: true,
        compositeGrade: 'standard',
        creditGrade: 'risk',
        declinedAt: { loan: NOW },
      },
      {
        category: 'loan',
        riskLevel: 'R4',
        status: 'suspended',
        saleTo: cst('2026-12-01T00:00'),
        customerTypes: ['corporate'],
        minimumGrade: 'vip',
        termDays: 31,
        minimumAmount: { amount: 100, currency: 'CNY' },
      },
    );

    expect(verdict.suitable).toBe(false);
    expect(verdict.satisfied).toEqual([]);
    expect(verdict.reasons).toEqual([
      'customer-restricted',
      'relationship-closed',
      'not-on-sale',
      'outside-sale-window',
      'customer-type-not-allowed',
      'grade-below-minimum',
      'assessment-missing',
      'term-exceeds-horizon',
      'amount-currency-differs',
      'credit-grade-risk',
      'senior-confirmation-required',
      'category-declined',
    ]);
  });
});

describe('suitabilityRuleVersion', () => {
  it('names the rules revision and every setting that changes a verdict', () => {
    expect(suitabilityRuleVersion(SETTINGS)).toBe('s1-m12-r2-d90');
    expect(
      suitabilityRuleVersion({
        assessmentValidMonths: 24,
        seniorMaxRiskWithoutConfirmation: 'R3',
        declinedCategoryDays: 3650,
      }),
    ).toBe('s1-m24-r3-d3650');
  });

  it('is recorded as an id, as RecommendationMade carries it', () => {
    const version = suitabilityRuleVersion({
      assessmentValidMonths: 60,
      seniorMaxRiskWithoutConfirmation: 'R5',
      declinedCategoryDays: 1,
    });

    expect(z.safeParse(ruleVersionField, version).success).toBe(true);
  });

  it('is the one each verdict carries', () => {
    const settings = { ...SETTINGS, declinedCategoryDays: 45 };

    expect(assess({}, {}, {}, settings).ruleVersion).toBe('s1-m12-r2-d45');
  });
});
