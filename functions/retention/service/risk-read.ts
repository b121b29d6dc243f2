import type { AuthContext } from '../../../shared/auth/types.js';
import { customerNotFound } from '../domain/errors.js';
import type { ChurnScore } from '../domain/model.js';
import { customerInScope } from './access.js';
import type { RetentionApiDeps } from './api-deps.js';
import type { RiskHistoryEntry } from './ports.js';

/**
 * `GET /v1/customers/{customerId}/churn-risk` (docs/domain-rules.md §20.7): the customer's
 * current score explained (every signal's contribution, on or off, adding up to the score), the
 * value at risk and priority, the model version it was computed with, the open case and the
 * history of changes, newest first.
 */
export interface ChurnRiskView extends ChurnScore {
  readonly customerId: string;
  /** The case open for the customer, if any. */
  readonly openCaseId?: string | undefined;
  /** Changes of the score, newest first, at most CHURN_HISTORY_LIMIT. */
  readonly history: readonly RiskHistoryEntry[];
}

/**
 * The churn risk of a customer in the caller's scope. Unknown, erased, out of scope or not scored
 * yet: the same 404 `customer-not-found`.
 */
export async function readChurnRisk(
  deps: Pick<RetentionApiDeps, 'reader' | 'settings'>,
  auth: AuthContext,
  customerId: string,
): Promise<ChurnRiskView> {
  await customerInScope(deps.reader, auth, customerId);
  const risk = await deps.reader.risk(customerId);
  if (risk === undefined) throw customerNotFound();
  const history = await deps.reader.history(customerId, deps.settings.historyLimit);
  return {
    customerId,
    ...risk.score,
    ...(risk.openCaseId === undefined ? {} : { openCaseId: risk.openCaseId }),
    history,
  };
}
