import { canonicalJson } from '../../../shared/audit/index.js';
import { ValidationError } from '../../../shared/http/problem.js';
import { CUSTOMER_TYPES } from '../../customers/events.js';
import type { MinimumGrade, ProductCategory, ProductRiskLevel, ProductStatus } from '../events.js';
import { invalidTransition, productWithdrawn } from './errors.js';
import type { CreateProductInput, PatchProductInput, ProductField } from './schemas.js';
import { PRODUCT_FIELDS } from './schemas.js';
import { canTransition } from './status.js';

/** A customer type a product may be sold to. */
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/**
 * A product of the catalogue as the API names its fields (docs/domain-rules.md §19.1). Optional
 * fields are absent, never undefined-valued: `termDays` absent is a product without a fixed term,
 * `minimumGrade` absent one for every grade, an absent end of the sale window an open end.
 * Instants are ISO 8601 UTC with milliseconds; customer types in CUSTOMER_TYPES order.
 */
export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly category: ProductCategory;
  readonly riskLevel: ProductRiskLevel;
  readonly termDays?: number;
  readonly minimumAmount: { readonly amount: number; readonly currency: string };
  readonly customerTypes: readonly CustomerType[];
  readonly minimumGrade?: MinimumGrade;
  readonly saleFrom?: string;
  readonly saleTo?: string;
  readonly status: ProductStatus;
}

/** `2027-01-01T00:00:00Z` → `2027-01-01T00:00:00.000Z`: one spelling per instant. */
const utc = (instant: string): string => new Date(instant).toISOString();

/** Customer types once each, in CUSTOMER_TYPES order, so a reordering changes nothing. */
const orderedTypes = (types: readonly CustomerType[]): CustomerType[] =>
  CUSTOMER_TYPES.filter((type) => types.includes(type));

/** A product as saved: optional fields present only with a value, normalised spellings. */
function normalised(product: {
  productId: string;
  name: string;
  category: ProductCategory;
  riskLevel: ProductRiskLevel;
  termDays?: number | null | undefined;
  minimumAmount: { amount: number; currency: string };
  customerTypes: readonly CustomerType[];
  minimumGrade?: MinimumGrade | null | undefined;
  saleFrom?: string | null | undefined;
  saleTo?: string | null | undefined;
  status: ProductStatus;
}): Product {
  const { termDays, minimumGrade, saleFrom, saleTo } = product;
  return {
    productId: product.productId,
    name: product.name,
    category: product.category,
    riskLevel: product.riskLevel,
    ...(termDays === null || termDays === undefined ? {} : { termDays }),
    minimumAmount: { amount: product.minimumAmount.amount, currency: product.minimumAmount.currency },
    customerTypes: orderedTypes(product.customerTypes),
    ...(minimumGrade === null || minimumGrade === undefined ? {} : { minimumGrade }),
    ...(saleFrom === null || saleFrom === undefined ? {} : { saleFrom: utc(saleFrom) }),
    ...(saleTo === null || saleTo === undefined ? {} : { saleTo: utc(saleTo) }),
    status: product.status,
  };
}

/**
 * The product a valid create body describes (version 1 once saved).
 * @example productFromCreate({ productId: 'DEP-3M', name: '3-month deposit', …, status: 'on-sale' })
 */
export function productFromCreate(input: CreateProductInput): Product {
  return normalised(input);
}

/**
 * The fields whose value differs between two products, in PRODUCT_FIELDS order: what an audit
 * record names (never the values).
 * @example changedFields(before, { ...before, status: 'suspended' }) // ['status']
 */
export function changedFields(before: Product, after: Product): ProductField[] {
  return PRODUCT_FIELDS.filter(
    (field) => canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null),
  );
}

/**
 * The product after a merge patch, and the fields it changed (none: the patch repeats what is
 * saved). Refused: any change to a withdrawn product (409 `product-withdrawn`), a status the
 * lifecycle does not allow from the current one (409 `invalid-transition`), and a sale window
 * whose end comes before its start once merged (422 on `saleTo`).
 * @example applyPatch(draft, { status: 'on-sale' }) // { product: { …, status: 'on-sale' }, fields: ['status'] }
 */
export function applyPatch(
  current: Product,
  patch: PatchProductInput,
): { readonly product: Product; readonly fields: ProductField[] } {
  const next = normalised({
    ...current,
    ...patch,
    productId: current.productId,
  });
  const fields = changedFields(current, next);
  if (fields.length === 0) return { product: current, fields };
  if (current.status === 'withdrawn') throw productWithdrawn();
  if (next.status !== current.status && !canTransition(current.status, next.status)) {
    throw invalidTransition(current.status, next.status);
  }
  if (next.saleFrom !== undefined && next.saleTo !== undefined && next.saleTo < next.saleFrom) {
    throw new ValidationError([{ path: 'saleTo', message: 'must not be before saleFrom' }]);
  }
  return { product: next, fields };
}
