import { defineRoute } from '../../../shared/http/contract.js';
import {
  createProductSchema,
  listProductsQuerySchema,
  patchProductSchema,
  productParamsSchema,
} from '../domain/schemas.js';
import { productPageExample, productPageSchema, productViewExample, productViewSchema } from './responses.js';

/** The path of the catalogue and of one product. */
export const PRODUCTS_PATH = '/v1/products';
export const PRODUCT_PATH = '/v1/products/{productId}';

const productAnswer = (description: string) => ({
  description,
  schema: productViewSchema,
  example: productViewExample,
  headers: ['etag'] as const,
});

/**
 * The products API: every operation's contract (route, policy action, request and response
 * schemas, problems). `api/route-handlers.ts` implements them (docs/domain-rules.md §19.1).
 */
export const productsRoutes = {
  createProduct: defineRoute({
    method: 'POST',
    path: PRODUCTS_PATH,
    summary: 'Add a product to the catalogue',
    description:
      'The whole product, its `productId` chosen by the admin (the bank’s product code; an id that exists is a 409 `product-exists`, so a retried create never makes two). It starts as `draft` (the default) or `on-sale`. `saleTo` may not be before `saleFrom` (422). Saved as version 1 with its audit record and announced by ProductChanged (the name as `productName`), in one transaction. A repeated request with the same Idempotency-Key answers the product as it is now (`Idempotent-Replayed: true`); the same key with another body is a 409 `idempotency-key-reused`.',
    action: 'product:write',
    body: createProductSchema,
    headers: { 'idempotency-key': 'optional' },
    responses: {
      201: {
        ...productAnswer('The product as saved, version 1'),
        headers: ['etag', 'location', 'idempotent-replayed'],
      },
    },
    problems: [409],
  }),
  listProducts: defineRoute({
    method: 'GET',
    path: PRODUCTS_PATH,
    summary: 'List the product catalogue',
    description:
      'Every product as it is now, by product id, whatever its status; `category`, `status` and `riskLevel` narrow the list. Paginated with an opaque cursor (a page may hold fewer than `limit` products when filters apply).',
    action: 'product:list',
    query: listProductsQuerySchema,
    responses: {
      200: { description: 'One page of products', schema: productPageSchema, example: productPageExample },
    },
  }),
  getProduct: defineRoute({
    method: 'GET',
    path: PRODUCT_PATH,
    summary: 'Read a product',
    description:
      'The product as it is now, its version as ETag. No product with the id: 404 `product-not-found`.',
    action: 'product:read',
    params: productParamsSchema,
    responses: { 200: productAnswer('The product') },
    problems: [404],
  }),
  updateProduct: defineRoute({
    method: 'PATCH',
    path: PRODUCT_PATH,
    summary: 'Change a product',
    description:
      'A JSON merge patch of the product’s fields (`null` clears `termDays`, `minimumGrade`, `saleFrom` or `saleTo`), based on the version named by If-Match (412 `stale-version` when it moved, 428 without it). The status follows the lifecycle draft → on-sale ⇄ suspended, and any of them → withdrawn, which is final: another step is a 409 `invalid-transition`, and any change to a withdrawn product a 409 `product-withdrawn`. The sale window after the patch must be in order (422 on `saleTo`). A patch that changes nothing writes nothing and answers the current version; otherwise the new version, its audit record (the fields changed) and ProductChanged are saved in one transaction.',
    action: 'product:write',
    params: productParamsSchema,
    body: patchProductSchema,
    headers: { 'if-match': 'required' },
    responses: { 200: productAnswer('The product after the change') },
    problems: [404, 409],
  }),
};
