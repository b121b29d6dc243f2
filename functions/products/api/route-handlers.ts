import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { etag, ifMatchVersion } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import type { ProductsDeps } from '../service/deps.js';
import { createProduct, getProduct, listProducts, patchProduct } from '../service/products.js';
import type { StoredProduct } from '../store/product-store.js';
import { productView } from './responses.js';
import { productsRoutes } from './routes.js';

function productResult(
  stored: StoredProduct,
  statusCode = 200,
  headers: Record<string, string> = {},
): ApiResult {
  return { statusCode, body: productView(stored), headers: { etag: etag(stored.version), ...headers } };
}

/** The products API: each contract of `api/routes.ts` bound to its use case. */
export function productsApi(deps: ProductsDeps): RouteDefinition[] {
  return implementRoutes(productsRoutes, {
    createProduct: async (request) => {
      const key = idempotencyKeyOf(request);
      const { stored, replayed } = await createProduct(deps, request.body, callerOf(request).actor, key);
      return productResult(stored, 201, {
        location: `/v1/products/${encodeURIComponent(stored.product.productId)}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
    },
    listProducts: async (request) => {
      const page = await listProducts(deps, request.query);
      return {
        statusCode: 200,
        body: {
          items: page.items.map(productView),
          ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
        },
      };
    },
    getProduct: async (request) => productResult(await getProduct(deps, request.params.productId)),
    updateProduct: async (request) => {
      const { actor } = callerOf(request);
      const expected = ifMatchVersion(request.headers);
      return productResult(await patchProduct(deps, request.params.productId, expected, request.body, actor));
    },
  });
}
