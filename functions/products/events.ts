import { defineEvent } from '../../shared/events/define.js';
import { currencyField, minorUnitsField, PRODUCT_RISK_LEVELS } from '../../shared/events/external.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';
import { CUSTOMER_TYPES } from '../customers/events.js';

/**
 * Events of the products capability. A product is public, non-personal data: ProductChanged
 * carries it whole (docs/domain-rules.md §19.1), so the capabilities that recommend products
 * mirror the catalogue without reading this capability's table.
 */
export const PRODUCTS_SOURCE = 'crm.products';

export const PRODUCT_CATEGORIES = [
  'deposit',
  'wealth-management',
  'fund',
  'insurance',
  'loan',
  'card',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** Only `on-sale` products are ever recommended. */
export const PRODUCT_STATUSES = ['draft', 'on-sale', 'suspended', 'withdrawn'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export { PRODUCT_RISK_LEVELS };
export type ProductRiskLevel = (typeof PRODUCT_RISK_LEVELS)[number];

/** The composite grades a product may require at least (activity's grades). */
export const MINIMUM_GRADES = ['vip', 'premium', 'standard'] as const;
export type MinimumGrade = (typeof MINIMUM_GRADES)[number];

/** A product's public display name: one line. */
export const productNameField = z
  .string()
  .check(z.minLength(1), z.maxLength(100), z.regex(/^[^\r\n]*$/, 'Expected one line'));

/**
 * The product as saved and announced (version 1 on creation, +1 on every change). `termDays`
 * absent: no fixed term (a current account, a card). The sale window's ends are inclusive
 * instants; either may be open. The name travels as `productName`: no event of ours has a
 * `name` field, which would be a person's.
 */
export const productFields = {
  productId: idField,
  productName: productNameField,
  category: z.enum(PRODUCT_CATEGORIES),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
  termDays: z.optional(z.number().check(z.int(), z.positive(), z.lte(36_500))),
  minimumAmount: z.strictObject({ amount: minorUnitsField, currency: currencyField }),
  customerTypes: z.array(z.enum(CUSTOMER_TYPES)).check(z.minLength(1), z.maxLength(CUSTOMER_TYPES.length)),
  minimumGrade: z.optional(z.enum(MINIMUM_GRADES)),
  saleFrom: z.optional(instantField),
  saleTo: z.optional(instantField),
  status: z.enum(PRODUCT_STATUSES),
  version: z.number().check(z.int(), z.positive()),
};

/** A product of the catalogue as announced (what a mirror keeps). */
export const announcedProductSchema = z.strictObject(productFields);
export type AnnouncedProduct = z.infer<typeof announcedProductSchema>;

/**
 * A product was created or changed: the whole product as saved (`version`), so a consumer can
 * mirror the catalogue keeping the highest version per product.
 */
export const ProductChanged = defineEvent(
  PRODUCTS_SOURCE,
  'ProductChanged',
  { ...productFields, at: instantField },
  'A product of the catalogue was created or changed (`version`, 1 on creation): the whole product as saved (`productName` is its public name), public data with no personal information. Mirror it keeping the highest version per product: deliveries may repeat or arrive out of order.',
);

/** Every event the products capability publishes. */
export const productsEvents = [ProductChanged] as const;
