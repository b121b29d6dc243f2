import { ConflictError, NotFoundError } from '../../../shared/http/problem.js';
import type { ProductStatus } from '../events.js';

/**
 * The products capability's refusals (docs/domain-rules.md §19.1). What a client did wrong is a
 * problem of shared/http with a stable code; its detail names codes and statuses, never a value
 * the client sent.
 */

/** 404 `product-not-found`: no product has this id. */
export function productNotFound(): NotFoundError {
  return new NotFoundError('No product has this id', { code: 'product-not-found' });
}

/** 409 `product-exists`: the id the admin chose is taken (read the product, or choose another). */
export function productExists(): ConflictError {
  return new ConflictError('A product with this id exists already', { code: 'product-exists' });
}

/** 409 `invalid-transition`: the status cannot go there from where it is (codes only). */
export function invalidTransition(from: ProductStatus, to: ProductStatus): ConflictError {
  return new ConflictError(`A product cannot go from status ${from} to ${to}`, {
    code: 'invalid-transition',
  });
}

/** 409 `product-withdrawn`: a withdrawn product is final; none of its fields changes again. */
export function productWithdrawn(): ConflictError {
  return new ConflictError('The product is withdrawn: it cannot change any more', {
    code: 'product-withdrawn',
  });
}

/**
 * The stored items of a product disagree with each other (a version item or audit record exists
 * beyond the current pointer). Never expected; a 500 and an alarm, not something a client can fix.
 */
export class ProductStoreInconsistentError extends Error {
  override readonly name = 'ProductStoreInconsistentError';
  readonly code = 'PRODUCT_STORE_INCONSISTENT';
}
