import type { AnyRouteContract } from './contract.js';
import type { ApiRequest, ApiResult, RouteDefinition, RouteImplementations } from './types.js';

/**
 * Binds each contract of a capability's API to its implementation. The implementations are an
 * object with one function per contract, keyed as the contracts are, so the compiler refuses
 * a contract left unimplemented and types each request by its contract's schemas.
 * @example
 *   export const customerApi = (deps: CustomerDeps) =>
 *     implementRoutes(customerRoutes, { getCustomer: async (request) => ok(await read(deps, request.params.customerId)) });
 */
export function implementRoutes<const R extends Readonly<Record<string, AnyRouteContract>>>(
  contracts: R,
  implementations: RouteImplementations<R>,
): RouteDefinition[] {
  return Object.keys(contracts).map((name) => {
    const contract = contracts[name];
    const implementation = implementations[name];
    if (contract === undefined || implementation === undefined) {
      throw new Error(`Route ${name} has no implementation`);
    }
    // The pipeline validates params, query and body with this same contract's schemas before
    // calling, so the request has exactly the types the implementation was written against.
    const handle = implementation as (request: ApiRequest) => Promise<ApiResult>;
    return { contract, handle };
  });
}
