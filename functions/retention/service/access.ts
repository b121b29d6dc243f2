import type { AuthContext } from '../../../shared/auth/types.js';
import { caseNotFound, customerNotFound } from '../domain/errors.js';
import { retentionPolicy } from '../policy.js';
import type { CaseActions, CaseAttempt, RetentionCase, RetentionReader, StoredFeatures } from './ports.js';

/**
 * Record-level scope of the retention API (docs/domain-rules.md §20.8). The route has already
 * refused a role that may never perform the action (403); here the record decides, and every
 * refusal is the same 404 as a record that does not exist, so an id reveals nothing.
 */

/**
 * The customer's features if the caller may read their churn risk: the customer record's scope
 * on the branch and RM mirrored now (an RM their own book, a supervisor their branch, compliance
 * every customer). Never registered, erased, unscoped (no branch yet) or out of scope: 404
 * `customer-not-found`.
 */
export async function customerInScope(
  reader: Pick<RetentionReader, 'features'>,
  auth: AuthContext,
  customerId: string,
): Promise<StoredFeatures> {
  const stored = await reader.features(customerId);
  if (
    stored === undefined ||
    stored.erased ||
    stored.features.branch === '' ||
    !retentionPolicy.decide(auth, 'churn-risk:read', {
      branch: stored.features.branch,
      rmId: stored.features.rmId,
    }).allowed
  ) {
    throw customerNotFound();
  }
  return stored;
}

/**
 * The case and its attempts if the caller may perform `action` on it: the RM of the customer,
 * the supervisor of the branch (the case's branch and RM as stored). Otherwise 404
 * `case-not-found`.
 */
export async function caseInScope(
  cases: Pick<CaseActions, 'get'>,
  auth: AuthContext,
  action: 'retention-case:read' | 'retention-case:attempt' | 'retention-case:close-early',
  caseId: string,
): Promise<{ readonly case: RetentionCase; readonly attempts: readonly CaseAttempt[] }> {
  const found = await cases.get(caseId);
  if (
    found === undefined ||
    !retentionPolicy.decide(auth, action, { branch: found.case.branch, rmId: found.case.rmId }).allowed
  ) {
    throw caseNotFound();
  }
  return found;
}
