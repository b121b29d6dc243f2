import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_TYPES,
  INVESTMENT_OBJECTIVES,
  RISK_TOLERANCES,
} from '../../../functions/customers/events.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  type AnnouncedProduct as Product,
} from '../../../functions/products/events.js';
import {
  assessSuitability,
  EXCLUSION_REASONS,
  type ExclusionReason,
  SATISFIED_RULES,
  type SatisfiedRule,
  type SeniorConfirmation,
  type SuitabilityCustomer,
  type SuitabilitySettings,
} from '../../../functions/recommendations/domain/suitability.js';

/**
 * The suitability module against an oracle written here from the rules of docs/domain-rules.md
 * §19.2–19.3 (the design's numbered rules), by other means: calendar dates as year/month/day
 * numbers from a shifted Date, month lengths from a table, levels compared as digits. The module
 * is never asked what the answer should be.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CST_SHIFT = 8 * HOUR;

// --- The oracle ------------------------------------------------------------------------------

/** [year, month 1..12, day] of the instant in China Standard Time (UTC+8, no DST). */
function shanghaiDate(epochMs: number): [number, number, number] {
  const shifted = new Date(epochMs + CST_SHIFT);
  return [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()];
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** The last day the assessment made on `assessed` counts, `months` later, month-end clamped. */
function lastValidDate(
  [year, month, day]: [number, number, number],
  months: number,
): [number, number, number] {
  const monthIndex = month - 1 + months;
  const endYear = year + Math.floor(monthIndex / 12);
  const endMonth = (monthIndex % 12) + 1;
  return [endYear, endMonth, Math.min(day, daysInMonth(endYear, endMonth))];
}

function notAfter(a: [number, number, number], b: [number, number, number]): boolean {
  return a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] <= b[2];
}

const digit = (code: string) => Number.parseInt(code.charAt(1), 10);
const gradeOrder = ['standard', 'premium', 'vip'];

function oracle(
  customer: SuitabilityCustomer,
  product: Product,
  now: number,
  confirmed: boolean,
  settings: SuitabilitySettings,
): { reasons: ExclusionReason[]; satisfied: SatisfiedRule[] } {
  const reasons: ExclusionReason[] = [];
  const satisfied: SatisfiedRule[] = [];
  if (customer.restricted) reasons.push('customer-restricted');
  if (customer.relationship === 'closed') reasons.push('relationship-closed');
  if (product.status !== 'on-sale') reasons.push('not-on-sale');
  const startsLater = product.saleFrom !== undefined && now < new Date(product.saleFrom).getTime();
  const endedBefore = product.saleTo !== undefined && now > new Date(product.saleTo).getTime();
  if (startsLater || endedBefore) reasons.push('outside-sale-window');
  if (!product.customerTypes.some((type) => type === customer.customerType)) {
    reasons.push('customer-type-not-allowed');
  }
  if (
    product.minimumGrade !== undefined &&
    gradeOrder.indexOf(customer.compositeGrade ?? 'none') < gradeOrder.indexOf(product.minimumGrade)
  ) {
    reasons.push('grade-below-minimum');
  }
  const hasAssessment = customer.riskTolerance !== undefined && customer.riskAssessedAt !== undefined;
  const stillValid =
    hasAssessment &&
    notAfter(
      shanghaiDate(now),
      lastValidDate(
        shanghaiDate(new Date(customer.riskAssessedAt ?? '').getTime()),
        settings.assessmentValidMonths,
      ),
    );
  if (stillValid) {
    if (digit(product.riskLevel) > digit(customer.riskTolerance ?? 'C0'))
      reasons.push('risk-above-tolerance');
    else satisfied.push('risk-within-tolerance');
  } else if (product.riskLevel === 'R1') {
    satisfied.push('r1-without-valid-assessment');
  } else {
    reasons.push(hasAssessment ? 'assessment-expired' : 'assessment-missing');
  }
  if (customer.horizonDays !== undefined && product.termDays !== undefined) {
    if (product.termDays <= customer.horizonDays) satisfied.push('term-within-horizon');
    else reasons.push('term-exceeds-horizon');
  }
  const stated = customer.intendedAmount;
  if (stated !== undefined) {
    const minimum = product.minimumAmount;
    if (minimum.amount === 0 || minimum.currency === stated.currency) {
      if (minimum.amount <= stated.amount) satisfied.push('minimum-within-amount');
      else reasons.push('minimum-above-amount');
    } else {
      reasons.push('amount-currency-differs');
    }
  }
  if (product.category === 'loan') {
    if (customer.creditGrade === 'risk') reasons.push('credit-grade-risk');
    else satisfied.push('loan-credit-grade-ok');
  }
  if (customer.senior && digit(product.riskLevel) > digit(settings.seniorMaxRiskWithoutConfirmation)) {
    if (confirmed) satisfied.push('senior-confirmed');
    else reasons.push('senior-confirmation-required');
  }
  const declined = customer.declinedAt[product.category];
  if (declined !== undefined && now - new Date(declined).getTime() <= settings.declinedCategoryDays * DAY) {
    reasons.push('category-declined');
  }
  // Pushed in the documented order already; sorting again would hide an ordering mistake there.
  return { reasons, satisfied };
}

// --- Generators ------------------------------------------------------------------------------

// Instants on a 1-hour grid plus a few milliseconds, so the edges of days and windows occur.
const NOW = Date.parse('2026-12-04T02:00:00.000Z');
const offset = (maxDays: number) =>
  fc
    .tuple(fc.integer({ min: -maxDays * 24, max: maxDays * 24 }), fc.constantFrom(0, 0, 1, -1, 59_999))
    .map(([hours, ms]) => hours * HOUR + ms);
const instantAround = (center: number, maxDays: number) =>
  offset(maxDays).map((delta) => new Date(center + delta).toISOString());
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const settingsArb: fc.Arbitrary<SuitabilitySettings> = fc.record({
  assessmentValidMonths: fc.oneof(fc.constant(12), fc.integer({ min: 1, max: 60 })),
  seniorMaxRiskWithoutConfirmation: fc.constantFrom(...PRODUCT_RISK_LEVELS),
  declinedCategoryDays: fc.oneof(fc.constant(90), fc.integer({ min: 1, max: 400 })),
});

const currency = fc.constantFrom('CNY', 'CNY', 'USD');
const amount = fc.record({ amount: fc.constantFrom(0, 1, 99_999, 100_000, 100_001, 5_000_000), currency });

const customerArb = (now: number): fc.Arbitrary<SuitabilityCustomer> =>
  fc.record({
    customerType: fc.constantFrom(...CUSTOMER_TYPES),
    riskTolerance: maybe(fc.constantFrom(...RISK_TOLERANCES)),
    // From fresh to long stale, and a little in the future.
    riskAssessedAt: maybe(fc.oneof(instantAround(now - 365 * DAY, 40), instantAround(now - 900 * DAY, 900))),
    investmentObjective: maybe(fc.constantFrom(...INVESTMENT_OBJECTIVES)),
    horizonDays: maybe(fc.constantFrom(1, 30, 90, 365, 366, 1_095)),
    intendedAmount: maybe(amount),
    senior: fc.boolean(),
    restricted: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
    relationship: fc.constantFrom('active', 'active', 'active', 'closed'),
    compositeGrade: maybe(fc.constantFrom(...MINIMUM_GRADES)),
    creditGrade: maybe(fc.constantFrom('prime', 'standard', 'risk')),
    declinedAt: fc.dictionary(fc.constantFrom(...PRODUCT_CATEGORIES), instantAround(now - 90 * DAY, 10), {
      maxKeys: 3,
    }),
  });

const productArb = (now: number): fc.Arbitrary<Product> =>
  fc.record({
    productId: fc.constantFrom('prd-1', 'prd-2', 'prd-3'),
    productName: fc.constant('产品'),
    category: fc.constantFrom(...PRODUCT_CATEGORIES),
    riskLevel: fc.constantFrom(...PRODUCT_RISK_LEVELS),
    termDays: maybe(fc.constantFrom(1, 30, 90, 365, 366, 1_095)),
    minimumAmount: amount,
    customerTypes: fc.subarray([...CUSTOMER_TYPES], { minLength: 1 }),
    minimumGrade: maybe(fc.constantFrom(...MINIMUM_GRADES)),
    saleFrom: maybe(instantAround(now, 3)),
    saleTo: maybe(instantAround(now, 3)),
    status: fc.constantFrom('on-sale', 'on-sale', 'on-sale', ...PRODUCT_STATUSES),
    version: fc.constant(1),
  });

const caseArb = fc.tuple(offset(400), fc.boolean(), settingsArb).chain(([delta, confirmed, settings]) => {
  const now = NOW + delta;
  return fc.record({
    now: fc.constant(now),
    confirmed: fc.constant(confirmed),
    settings: fc.constant(settings),
    customer: customerArb(now),
    product: productArb(now),
  });
});

const confirmation: SeniorConfirmation = {
  confirmedBy: 'rm-7',
  confirmedAt: '2026-12-04T02:00:00.000Z',
  reason: 'customer-requested',
};

type Case = {
  now: number;
  confirmed: boolean;
  settings: SuitabilitySettings;
  customer: SuitabilityCustomer;
  product: Product;
};

/** The module's verdict on one generated case. */
function verdictOf({ now, confirmed, settings, customer, product }: Case) {
  const context = { now: new Date(now).toISOString(), confirmation: confirmed ? confirmation : undefined };
  return assessSuitability(customer, product, context, settings);
}

/** Whether `codes` appear in the order of `documented`, each once and each documented. */
function inDocumentedOrder(codes: readonly string[], documented: readonly string[]): boolean {
  const positions = codes.map((code) => documented.indexOf(code));
  return positions.every((position, i) => position >= 0 && (i === 0 || position > (positions[i - 1] ?? -1)));
}

describe('assessSuitability against an oracle of the rules', () => {
  it('gives exactly the oracle’s reasons and satisfied rules, for any customer and product', () => {
    fc.assert(
      fc.property(caseArb, (generated) => {
        const verdict = verdictOf(generated);
        const { now, confirmed, settings, customer, product } = generated;
        const expected = oracle(customer, product, now, confirmed, settings);

        expect(verdict.reasons).toEqual(expected.reasons);
        // The oracle checks loans before seniors; the order is the next property's business.
        expect([...verdict.satisfied].sort()).toEqual([...expected.satisfied].sort());
        expect(verdict.productId).toBe(product.productId);
      }),
      { numRuns: 2_000 },
    );
  });

  it('is suitable exactly when it gives no reason; reasons and rules are sorted and unique', () => {
    fc.assert(
      fc.property(caseArb, (generated) => {
        const verdict = verdictOf(generated);

        expect(verdict.suitable).toBe(verdict.reasons.length === 0);
        expect(inDocumentedOrder(verdict.reasons, EXCLUSION_REASONS)).toBe(true);
        expect(inDocumentedOrder(verdict.satisfied, SATISFIED_RULES)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reaches every reason and every satisfied rule', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(caseArb, (generated) => {
        const verdict = verdictOf(generated);
        for (const code of [...verdict.reasons, ...verdict.satisfied]) reached.add(code);
        if (verdict.suitable) reached.add('suitable');
      }),
      { numRuns: 2_000, seed: 20261204 },
    );

    expect([...reached].sort()).toEqual([...EXCLUSION_REASONS, ...SATISFIED_RULES, 'suitable'].sort());
  });
});
