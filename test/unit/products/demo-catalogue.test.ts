import { describe, expect, it } from 'vitest';
import { applyPatch, type Product, productFromCreate } from '../../../functions/products/domain/product.js';
import { createProductSchema, patchProductSchema } from '../../../functions/products/domain/schemas.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
} from '../../../functions/products/events.js';
import { demoProducts } from '../../../infra/local/demo-products.js';
import { expectSchema } from '../../support/contract.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');

/** Each demo product as the API would leave it: created, then patched step by step. */
function finalCatalogue(): Product[] {
  return demoProducts(NOW).map(({ body, patches }) =>
    patches.reduce(
      (product, patch) => applyPatch(product, expectSchema(patchProductSchema, patch)).product,
      productFromCreate(expectSchema(createProductSchema, body)),
    ),
  );
}

describe('the demo product catalogue', () => {
  it('is made of requests the products API accepts, each patch a step the lifecycle allows', () => {
    // Act
    const catalogue = finalCatalogue();

    // Assess
    expect(catalogue.length).toBeGreaterThanOrEqual(20);
    expect(new Set(catalogue.map((product) => product.productId)).size).toBe(catalogue.length);
  });

  it('covers every category, risk level, status and minimum grade, and both customer types', () => {
    // Act
    const catalogue = finalCatalogue();

    // Assess
    const values = <K extends keyof Product>(key: K) => new Set(catalogue.map((product) => product[key]));
    expect([...values('category')].sort()).toEqual([...PRODUCT_CATEGORIES].sort());
    expect([...values('riskLevel')].sort()).toEqual([...PRODUCT_RISK_LEVELS]);
    expect([...values('status')].sort()).toEqual([...PRODUCT_STATUSES].sort());
    expect(
      MINIMUM_GRADES.filter((grade) => grade !== 'standard').every((grade) =>
        values('minimumGrade').has(grade),
      ),
    ).toBe(true);
    expect(catalogue.some((product) => product.customerTypes.join() === 'corporate')).toBe(true);
    expect(catalogue.some((product) => product.category === 'loan' && product.status === 'on-sale')).toBe(
      true,
    );
  });

  it('has a product on sale whose sale window ended, and one whose window has not opened', () => {
    // Act
    const catalogue = finalCatalogue();

    // Assess
    const at = NOW.toISOString();
    expect(catalogue.some((p) => p.status === 'on-sale' && p.saleTo !== undefined && p.saleTo < at)).toBe(
      true,
    );
    expect(catalogue.some((p) => p.saleFrom !== undefined && p.saleFrom > at)).toBe(true);
    expect(
      catalogue.some(
        (p) =>
          p.status === 'on-sale' &&
          p.saleFrom !== undefined &&
          p.saleFrom <= at &&
          p.saleTo !== undefined &&
          p.saleTo >= at,
      ),
    ).toBe(true);
  });
});
