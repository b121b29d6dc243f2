import { idParams, pageQueryFields } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  productFields,
} from '../events.js';

/**
 * Request schemas of the products API (docs/domain-rules.md §19.1). A product's fields are the
 * ones ProductChanged announces (`productFields`), except that the API calls the product's name
 * `name` (the bus calls it `productName`: no event of ours has a `name` field). Every schema is
 * strict: an unknown field is a 422 naming it, never stored.
 */

/** `{productId}` in the path: the one id shape of the API. */
export const productParamsSchema = idParams('productId');

/** The statuses a product may be created in: a product is born a draft or on sale. */
export const CREATABLE_STATUSES = ['draft', 'on-sale'] as const;

/** The mutable fields of a product, as the API names them. */
export const PRODUCT_FIELDS = [
  'name',
  'category',
  'riskLevel',
  'termDays',
  'minimumAmount',
  'customerTypes',
  'minimumGrade',
  'saleFrom',
  'saleTo',
  'status',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** Each customer type at most once (their order does not matter: they are kept in CUSTOMER_TYPES order). */
const customerTypesSchema = productFields.customerTypes.check(
  z.refine((types) => new Set(types).size === types.length, 'must not repeat a customer type'),
);

/** A sale window's ends in order: `saleTo` never before `saleFrom` (both inclusive). */
function checkSaleWindow(
  value: { saleFrom?: string | null | undefined; saleTo?: string | null | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  const { saleFrom, saleTo } = value;
  if (
    typeof saleFrom === 'string' &&
    typeof saleTo === 'string' &&
    Date.parse(saleTo) < Date.parse(saleFrom)
  ) {
    ctx.addIssue({ code: 'custom', path: ['saleTo'], message: 'must not be before saleFrom' });
  }
}

/**
 * `POST /v1/products`: the whole product, its id chosen by the admin (the bank's product code).
 * A product starts as `draft` (the default) or `on-sale`; it is suspended or withdrawn later,
 * by a PATCH, so every status it went through has its audited version.
 */
export const createProductSchema = z.lazy(() =>
  z
    .strictObject({
      productId: productFields.productId,
      name: productFields.productName,
      category: z.enum(PRODUCT_CATEGORIES),
      riskLevel: z.enum(PRODUCT_RISK_LEVELS),
      termDays: productFields.termDays,
      minimumAmount: productFields.minimumAmount,
      customerTypes: customerTypesSchema,
      minimumGrade: z.optional(z.enum(MINIMUM_GRADES)),
      saleFrom: productFields.saleFrom,
      saleTo: productFields.saleTo,
      status: z._default(z.enum(CREATABLE_STATUSES), 'draft'),
    })
    .check(z.superRefine(checkSaleWindow)),
);
export type CreateProductInput = z.infer<typeof createProductSchema>;

/**
 * `PATCH /v1/products/{productId}`: a JSON merge patch (RFC 7396) of the mutable fields. A field
 * left out keeps its value; `null` clears an optional one (`termDays`, `minimumGrade`,
 * `saleFrom`, `saleTo`). The sale window of the product after the patch is checked by the
 * domain (one end may come from the stored product).
 */
export const patchProductSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.optional(productFields.productName),
      category: z.optional(z.enum(PRODUCT_CATEGORIES)),
      riskLevel: z.optional(z.enum(PRODUCT_RISK_LEVELS)),
      termDays: z.optional(z.nullable(productFields.termDays)),
      minimumAmount: z.optional(productFields.minimumAmount),
      customerTypes: z.optional(customerTypesSchema),
      minimumGrade: z.optional(z.nullable(z.enum(MINIMUM_GRADES))),
      saleFrom: z.optional(z.nullable(productFields.saleFrom)),
      saleTo: z.optional(z.nullable(productFields.saleTo)),
      status: z.optional(z.enum(PRODUCT_STATUSES)),
    })
    .check(
      z.superRefine((value, ctx) => {
        checkSaleWindow(value, ctx);
        if (Object.keys(value).length === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' });
        }
      }),
    ),
);
export type PatchProductInput = z.infer<typeof patchProductSchema>;

/** `GET /v1/products`: filters that narrow the catalogue, and the page. */
export const listProductsQuerySchema = z.lazy(() =>
  z.strictObject({
    category: z.optional(z.enum(PRODUCT_CATEGORIES)),
    status: z.optional(z.enum(PRODUCT_STATUSES)),
    riskLevel: z.optional(z.enum(PRODUCT_RISK_LEVELS)),
    ...pageQueryFields(),
  }),
);
export type ListProductsQuery = z.infer<typeof listProductsQuerySchema>;
