import type { AuthContext } from '../../../shared/auth/types.js';
import { customerNotFound } from '../domain/errors.js';
import { type RecommendationsAction, recommendationsPolicy } from '../policy.js';
import type { RecommendationsApiDeps } from './deps.js';
import type { CustomerView } from './ports.js';

/**
 * The customer's mirrored facts, if the caller may perform `action` on them (docs/domain-rules.md
 * §19.6): the customer record's scope, on the branch and RM mirrored now. A customer never
 * registered, an erased one and one outside the caller's scope are one answer (404
 * `customer-not-found`), so an id reveals nothing. The route has already refused a role that may
 * never perform the action (403).
 */
export async function customerInScope(
  deps: Pick<RecommendationsApiDeps, 'store'>,
  auth: AuthContext,
  action: RecommendationsAction,
  customerId: string,
): Promise<CustomerView> {
  const customer = await deps.store.customer(customerId);
  if (
    customer === undefined ||
    customer.erased ||
    !recommendationsPolicy.decide(auth, action, { branch: customer.branch, rmId: customer.rmId }).allowed
  ) {
    throw customerNotFound();
  }
  return customer;
}
