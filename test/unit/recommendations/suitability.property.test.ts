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
  SATISFIED_RULES,
  type SeniorConfirmation,
  type SuitabilityCustomer,
  type SuitabilitySettings,
} from '../../../functions/recommendations/domain/suitability.js';
import { type OracleSettings, oracleVerdict } from '../../support/recommendations-oracle.js';

/**
 * The suitability module against the shared oracle of the rules of docs/domain-rules.md
 * §19.2–19.3 (test/support/recommendations-oracle.ts, the one the guarantee test uses), written
 * by other means and importing nothing of the module: the module is never asked what the answer
 * should be.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The module's settings as the oracle names them. */
function oracleSettingsOf(settings: SuitabilitySettings): OracleSettings {
  return {
    assessmentValidMonths: settings.assessmentValidMonths,
    seniorMaxRisk: settings.seniorMaxRiskWithoutConfirmation,
    declinedDays: settings.declinedCategoryDays,
  };
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
        const expected = oracleVerdict(
          customer,
          product,
          new Date(now).toISOString(),
          confirmed,
          oracleSettingsOf(settings),
        );

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
