import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  productFields,
} from '../events.js';
import type { StoredProduct } from '../store/product-store.js';

/**
 * Response schemas of the products API: what each route's success body is, exactly (strict
 * objects, so a field the code starts returning fails the contract tests until it is declared
 * here). Built on first use (`z.lazy`). Examples are synthetic products of the demo catalogue.
 */

function productViewShape() {
  return {
    productId: productFields.productId,
    /** The product's public name (`productName` in ProductChanged). */
    name: productFields.productName,
    category: z.enum(PRODUCT_CATEGORIES),
    riskLevel: z.enum(PRODUCT_RISK_LEVELS),
    /** Absent: no fixed term (a current account, a card). */
    termDays: productFields.termDays,
    /** The least a customer may put in, in integer minor units. */
    minimumAmount: productFields.minimumAmount,
    customerTypes: productFields.customerTypes,
    /** Absent: every composite grade may buy it. */
    minimumGrade: z.optional(z.enum(MINIMUM_GRADES)),
    /** Inclusive ends of the sale window, ISO 8601 UTC; an absent end is open. */
    saleFrom: productFields.saleFrom,
    saleTo: productFields.saleTo,
    status: z.enum(PRODUCT_STATUSES),
    /** 1 on creation, + 1 on every change: the ETag. */
    version: productFields.version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** The admin's subject (`sub`) who saved this version. */
    updatedBy: z.string().check(z.minLength(1)),
  };
}

/** A product as it is now (`GET`, `POST`, `PATCH`; the version is also its ETag). */
export const productViewSchema = z.lazy(() =>
  z.strictObject(productViewShape()).check(z.describe('A product of the catalogue, as it is now')),
);
export type ProductView = z.infer<typeof productViewSchema>;

/** One page of the catalogue, by product id. */
export const productPageSchema = z.lazy(() => pageOf(productViewSchema));

/** The API view of a saved version. */
export function productView(stored: StoredProduct): ProductView {
  const { product } = stored;
  return {
    ...product,
    minimumAmount: { ...product.minimumAmount },
    customerTypes: [...product.customerTypes],
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}

/** Example: a 3-year fund on sale to individuals from 2026. */
export const productViewExample = {
  productId: 'FND-BAL-3Y',
  name: '稳健平衡混合基金',
  category: 'fund',
  riskLevel: 'R3',
  termDays: 1095,
  minimumAmount: { amount: 100_000, currency: 'CNY' },
  customerTypes: ['individual'],
  saleFrom: '2026-01-01T00:00:00.000Z',
  status: 'on-sale',
  version: 2,
  createdAt: '2025-12-20T02:00:00.000Z',
  updatedAt: '2026-01-01T01:00:00.000Z',
  updatedBy: 'user-admin-1',
} satisfies z.input<typeof productViewSchema>;

/** Example: the first page of the deposits on sale. */
export const productPageExample = {
  items: [
    {
      productId: 'DEP-1Y',
      name: '一年期定期存款',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 365,
      minimumAmount: { amount: 5_000_00, currency: 'CNY' },
      customerTypes: ['individual', 'corporate'],
      status: 'on-sale',
      version: 1,
      createdAt: '2025-12-20T02:00:00.000Z',
      updatedAt: '2025-12-20T02:00:00.000Z',
      updatedBy: 'user-admin-1',
    },
  ],
  cursor: 'eyJwayI6IlBST0RVQ1QjREVQLTFZIn0',
} satisfies z.input<typeof productPageSchema>;
