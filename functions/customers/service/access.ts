import { type Action, decide } from '../../../shared/auth/policy.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { NotFoundError } from '../../../shared/http/problem.js';
import { clock } from '../../../shared/time/clock.js';
import type { CustomerRecord } from '../domain/customer.js';
import type { CustomerDeps } from './deps.js';

/**
 * Loads a customer the caller may act on, or answers 404: a record outside the caller's
 * scope is indistinguishable from one that does not exist.
 */
export async function loadAuthorised(
  deps: CustomerDeps,
  auth: AuthContext,
  action: Action,
  customerId: string,
): Promise<CustomerRecord> {
  const record = await deps.store.get(customerId);
  if (record === undefined) throw customerNotFound();
  const agentAccess =
    auth.role === 'service-agent'
      ? await deps.store.hasAgentAccess(auth.sub, customerId, clock.now())
      : false;
  const decision = decide(auth, action, { branch: record.branch, rmId: record.rmId, agentAccess });
  if (!decision.allowed) throw customerNotFound();
  return record;
}

export function customerNotFound(): NotFoundError {
  return new NotFoundError('No customer with this id is visible to you');
}
