import { currencyField, minorUnitsField, PRODUCT_RISK_LEVELS } from '../../../shared/events/external.js';
import { idField, instantField } from '../../../shared/events/fields.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_TYPES } from '../../customers/events.js';

/**
 * A product of the bank's catalogue (docs/domain-rules.md §19.1): public, non-personal data that
 * ProductChanged carries whole, so the capabilities that recommend products mirror the catalogue
 * without reading this capability's table.
 */

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

/** The composite grades a product may require at least (activity's grades, lowest last). */
export const MINIMUM_GRADES = ['vip', 'premium', 'standard'] as const;
export type MinimumGrade = (typeof MINIMUM_GRADES)[number];

/** A product's display name: one line of public text. */
export const productNameField = z
  .string()
  .check(z.minLength(1), z.maxLength(100), z.regex(/^[^\r\n]*$/, 'Expected one line'));

/**
 * The product as stored and announced (version 1 on creation, +1 on every change). `term` in
 * days (absent: no fixed term, e.g. a current account or a card); the sale window's ends are
 * inclusive instants, either may be open.
 */
export const productFields = {
  productId: idField,
  name: productNameField,
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

export const productSchema = z.strictObject(productFields);
export type Product = z.infer<typeof productSchema>;
