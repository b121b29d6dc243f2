import { definePolicy } from '../../shared/auth/policy.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import type { AnyRouteContract, HttpMethod } from '../../shared/http/contract.js';

/** The smallest route contract for routing tests: a guarded (or public) route with one answer. */
export function stubRoute(
  method: HttpMethod,
  path: string,
  options: { public?: boolean } = {},
): AnyRouteContract {
  return {
    method,
    path,
    summary: `${method} ${path}`,
    action: options.public === true ? null : 'stub:call',
    responses: { 200: { description: 'OK' } },
  };
}

/** A capability definition for infrastructure tests: the given parts, the rest empty. */
export function stubCapability(
  parts: Partial<CapabilityDefinition> & Pick<CapabilityDefinition, 'name'>,
): CapabilityDefinition {
  return {
    summary: `The ${parts.name} test capability`,
    tables: [],
    functions: [],
    publishes: [],
    subscriptions: [],
    policy: definePolicy({ 'stub:call': { roles: { admin: 'all' } } }),
    ...parts,
  };
}
