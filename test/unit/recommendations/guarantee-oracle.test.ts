import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnouncedProduct } from '../../../functions/products/events.js';
import {
  assessmentValidThrough,
  cstDate,
  ORACLE_DEFAULT_SETTINGS,
  ORACLE_EXCLUSION_ORDER,
  type OracleCustomer,
  oracleVerdict,
} from '../../support/recommendations-oracle.js';
import { guaranteeWorldArbitrary } from '../../support/recommendations-worlds.js';

/**
 * The guarantee test's oracle and world generators (test/support/recommendations-*.ts), pinned
 * to the design's own examples (docs/domain-rules.md §19.2) and checked for reach: a property
 * test is only as good as the states it draws, so every exclusion reason and every passed rule
 * must occur in the worlds it runs on.
 */

const customer: OracleCustomer = {
  customerType: 'individual',
  riskTolerance: 'C3',
  riskAssessedAt: '2025-12-04T02:00:00.000Z',
  senior: false,
  restricted: false,
  relationship: 'active',
  declinedAt: {},
};
const product: AnnouncedProduct = {
  productId: 'prd-1',
  productName: '稳健理财',
  category: 'wealth-management',
  riskLevel: 'R3',
  minimumAmount: { amount: 100_000, currency: 'CNY' },
  customerTypes: ['individual'],
  status: 'on-sale',
  version: 1,
};

describe('the oracle, on the design examples', () => {
  it('keeps an assessment valid through the same CST day 12 months later, clamped at month ends', () => {
    expect(assessmentValidThrough('2025-12-04T02:00:00.000Z', ORACLE_DEFAULT_SETTINGS)).toBe('2026-12-04');
    expect(assessmentValidThrough('2025-01-31T02:00:00.000Z', ORACLE_DEFAULT_SETTINGS)).toBe('2026-01-31');
    expect(assessmentValidThrough('2024-02-29T02:00:00.000Z', ORACLE_DEFAULT_SETTINGS)).toBe('2025-02-28');
    // 23:30 UTC on 3 December is already 4 December in Shanghai.
    expect(cstDate('2025-12-03T23:30:00.000Z')).toBe('2025-12-04');
    expect(oracleVerdict(customer, product, '2026-12-04T15:59:59.999Z', false).suitable).toBe(true);
    expect(oracleVerdict(customer, product, '2026-12-04T16:00:00.000Z', false).reasons).toEqual([
      'assessment-expired',
    ]);
  });

  it('lets R1 through without a valid assessment, and only R1', () => {
    const unassessed = { ...customer, riskTolerance: undefined };
    expect(
      oracleVerdict(unassessed, { ...product, riskLevel: 'R1' }, '2026-01-01T00:00:00.000Z', false),
    ).toEqual({
      suitable: true,
      reasons: [],
      satisfied: ['r1-without-valid-assessment'],
    });
    expect(
      oracleVerdict(unassessed, { ...product, riskLevel: 'R2' }, '2026-01-01T00:00:00.000Z', false).reasons,
    ).toEqual(['assessment-missing']);
  });

  it('lists every reason that applies, in the rules order', () => {
    const verdict = oracleVerdict(
      {
        ...customer,
        restricted: true,
        senior: true,
        riskTolerance: 'C2',
        declinedAt: { 'wealth-management': '2026-06-01T00:00:00.000Z' },
      },
      { ...product, status: 'suspended', saleTo: '2026-01-01T00:00:00.000Z' },
      '2026-06-02T00:00:00.000Z',
      false,
    );
    expect(verdict.reasons).toEqual([
      'customer-restricted',
      'not-on-sale',
      'outside-sale-window',
      'risk-above-tolerance',
      'senior-confirmation-required',
      'category-declined',
    ]);
  });
});

describe('the guarantee worlds', () => {
  it('reach every exclusion reason, every passed rule, and suitable and unsuitable products alike', () => {
    const reasons = new Set<string>();
    const satisfied = new Set<string>();
    let suitable = 0;
    let unsuitable = 0;
    for (const world of fc.sample(guaranteeWorldArbitrary(), { numRuns: 300, seed: 20261204 })) {
      for (const candidate of world.catalogue) {
        for (const confirmed of [false, true]) {
          const verdict = oracleVerdict(world.expected, candidate, world.now, confirmed, world.settings);
          for (const reason of verdict.reasons) reasons.add(reason);
          for (const rule of verdict.satisfied) satisfied.add(rule);
          if (verdict.suitable) suitable += 1;
          else unsuitable += 1;
        }
      }
    }
    expect([...reasons].sort()).toEqual([...ORACLE_EXCLUSION_ORDER].sort());
    expect([...satisfied].sort()).toEqual([
      'loan-credit-grade-ok',
      'minimum-within-amount',
      'r1-without-valid-assessment',
      'risk-within-tolerance',
      'senior-confirmed',
      'term-within-horizon',
    ]);
    // Enough of each for the property test to check both sides in most runs.
    expect(suitable).toBeGreaterThan(unsuitable / 20);
    expect(unsuitable).toBeGreaterThan(suitable);
  });

  it('deliver every event of a world once or more, out of order, after the registration', () => {
    for (const world of fc.sample(guaranteeWorldArbitrary(), { numRuns: 50, seed: 7 })) {
      expect(world.setup[0]?.detailType).toBe('CustomerRegistered');
      const ids = new Set(world.deliveries.map((event) => event.id));
      // Each catalogue product's latest version is delivered (the helpers' withdrawal too).
      for (const latest of world.catalogue) {
        expect(
          world.deliveries.some(
            (event) =>
              event.detailType === 'ProductChanged' &&
              JSON.stringify(event.detail).includes(`"productId":"${latest.productId}"`) &&
              JSON.stringify(event.detail).includes(`"version":${latest.version}`),
          ),
        ).toBe(true);
      }
      expect(ids.size).toBeLessThanOrEqual(world.deliveries.length);
    }
  });
});
