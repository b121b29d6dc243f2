import { describe, expect, it } from 'vitest';
import { applyPatch, type Product, productFromCreate } from '../../../functions/products/domain/product.js';
import { canTransition } from '../../../functions/products/domain/status.js';
import { PRODUCT_STATUSES } from '../../../functions/products/events.js';
import { ConflictError, ValidationError } from '../../../shared/http/problem.js';

const fund: Product = productFromCreate({
  productId: 'FND-1',
  name: 'Balanced fund',
  category: 'fund',
  riskLevel: 'R3',
  termDays: 365,
  minimumAmount: { amount: 100_000, currency: 'CNY' },
  customerTypes: ['corporate', 'individual'],
  saleFrom: '2027-01-01T00:00:00Z',
  status: 'on-sale',
});

describe('a product and its patches (docs/domain-rules.md §19.1)', () => {
  it('keeps customer types in one order and instants in one spelling, so restating them changes nothing', () => {
    // Act
    const { product, fields } = applyPatch(fund, {
      customerTypes: ['individual', 'corporate'],
      saleFrom: '2027-01-01T00:00:00.000Z',
    });

    // Assess
    expect(fund.customerTypes).toEqual(['individual', 'corporate']);
    expect(fund.saleFrom).toBe('2027-01-01T00:00:00.000Z');
    expect(fields).toEqual([]);
    expect(product).toBe(fund);
  });

  it('clears an optional field with null and names every field that changed, in one order', () => {
    // Act
    const { product, fields } = applyPatch(fund, { status: 'suspended', termDays: null, riskLevel: 'R4' });

    // Assess
    expect(product).not.toHaveProperty('termDays');
    expect(product).toMatchObject({ status: 'suspended', riskLevel: 'R4', productId: 'FND-1' });
    expect(fields).toEqual(['riskLevel', 'termDays', 'status']);
  });

  it('checks the sale window as merged: a new end before the stored start is refused on saleTo', () => {
    // Act
    const refused = () => applyPatch(fund, { saleTo: '2026-12-31T23:59:59Z' });
    const moved = applyPatch(fund, { saleFrom: null, saleTo: '2026-12-31T23:59:59Z' });

    // Assess
    expect(refused).toThrow(ValidationError);
    expect(moved.fields).toEqual(['saleFrom', 'saleTo']);
  });

  it('lets a withdrawn product be restated but never changed', () => {
    // Prepare
    const withdrawn = applyPatch(fund, { status: 'withdrawn' }).product;

    // Act
    const restated = applyPatch(withdrawn, { status: 'withdrawn', name: 'Balanced fund' });
    const renamed = () => applyPatch(withdrawn, { name: 'Renamed fund' });

    // Assess
    expect(restated.fields).toEqual([]);
    expect(renamed).toThrow(ConflictError);
    expect(renamed).toThrow(/withdrawn/);
  });

  it('allows exactly the lifecycle draft → on-sale ⇄ suspended, any of them → withdrawn', () => {
    // Act
    const allowed = PRODUCT_STATUSES.flatMap((from) =>
      PRODUCT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );

    // Assess
    expect(allowed.sort()).toEqual(
      [
        'draft→on-sale',
        'draft→withdrawn',
        'on-sale→suspended',
        'on-sale→withdrawn',
        'suspended→on-sale',
        'suspended→withdrawn',
      ].sort(),
    );
  });
});
