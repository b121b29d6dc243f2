import type { AuthContext } from '../../../shared/auth/types.js';
import { NotFoundError } from '../../../shared/http/problem.js';
import type { CustomerRecord } from '../domain/customer.js';
import { type CustomersAction, customersPolicy } from '../policy.js';
import type { CustomerDeps } from './deps.js';

/**
 * Loads a customer the caller may act on. A record the caller may not even read is a 404,
 * indistinguishable from one that does not exist; a record they may read but not act on
 * this way is a 403.
 */
export async function loadAuthorised(
  deps: CustomerDeps,
  auth: AuthContext,
  action: CustomersAction,
  customerId: string,
): Promise<CustomerRecord> {
  const record = await deps.store.get(customerId);
  if (record === undefined) throw customerNotFound();
  const agentAccess = await grantedAccess(deps, auth, customerId);
  const resource = { branch: record.branch, rmId: record.rmId, agentAccess };
  if (!customersPolicy.decide(auth, 'customer:read', resource).allowed) throw customerNotFound();
  if (action !== 'customer:read') customersPolicy.authorize(auth, action, resource);
  return record;
}

export function customerNotFound(): NotFoundError {
  return new NotFoundError('No customer with this id is visible to you');
}

/**
 * The grant behind `agent-access`, by role: a service agent's own grant (a search hit within
 * the grant window, or an open complaint assigned to them); for the complaints unit, an open
 * complaint about the customer. Nobody else is granted anything.
 */
async function grantedAccess(deps: CustomerDeps, auth: AuthContext, customerId: string): Promise<boolean> {
  switch (auth.role) {
    case 'service-agent':
      return deps.store.hasAgentAccess(auth.sub, customerId, deps.clock.now());
    case 'complaints-manager':
      return deps.store.hasOpenComplaint(customerId);
    default:
      return false;
  }
}
