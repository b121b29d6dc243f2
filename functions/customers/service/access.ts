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
  const agentAccess =
    auth.role === 'service-agent'
      ? await deps.store.hasAgentAccess(auth.sub, customerId, deps.clock.now())
      : false;
  const resource = { branch: record.branch, rmId: record.rmId, agentAccess };
  if (!customersPolicy.decide(auth, 'customer:read', resource).allowed) throw customerNotFound();
  if (action !== 'customer:read') customersPolicy.authorize(auth, action, resource);
  return record;
}

export function customerNotFound(): NotFoundError {
  return new NotFoundError('No customer with this id is visible to you');
}
