import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import type { ProductsDeps } from './service/deps.js';
import { DynamoProductStore } from './store/dynamo-product-store.js';

/**
 * Builds the products capability's dependencies from a function's runtime, once per process
 * (cold start). A missing table name fails here, at cold start, by name.
 * @example const { deps } = setup(runtime);
 */
export function setup(runtime: Runtime): { deps: ProductsDeps } {
  const { env, clock } = runtime;
  const store = new DynamoProductStore(
    documentClient(),
    { table: requiredEnv(env, 'PRODUCTS_TABLE'), auditTable: requiredEnv(env, 'PRODUCT_AUDIT_TABLE') },
    clock,
    auditSignerFor(runtime),
  );
  return { deps: { store, clock } };
}
