import type { AuthContext } from '../../../shared/auth/types.js';
import { alreadyAnswered, RecommendationRuleError, recommendationNotFound } from '../domain/errors.js';
import type { RespondInput } from '../domain/schemas.js';
import { customerInScope } from './access.js';
import type { RecommendationsApiDeps } from './deps.js';
import { AlreadyAnsweredError, CustomerFactsChangedError, type RecommendationRecord } from './ports.js';
import { respondedEvent } from './recommendation-events.js';

/**
 * The customer's answer to a recommendation (docs/domain-rules.md §19.5), recorded once by whoever
 * serves the customer now (the scope of the customer as mirrored now, not when it was made): a
 * second answer is a 409. A `declined` answer keeps the category out of the customer's
 * recommendations for RECOMMENDATION_DECLINED_DAYS; `not-interested` only ranks it lower. The
 * answer, the customer's latest answer in the category, RecommendationResponded and the KPI count
 * are written together (the store).
 */
export async function respondToRecommendation(
  deps: RecommendationsApiDeps,
  auth: AuthContext,
  recommendationId: string,
  input: RespondInput,
): Promise<RecommendationRecord> {
  const recommendation = await deps.store.get(recommendationId);
  if (recommendation === undefined) throw recommendationNotFound();
  try {
    await customerInScope(deps, auth, 'recommendation:respond', recommendation.customerId);
  } catch (error) {
    // The recommendation of a customer the caller may not see is not there for them either.
    if (error instanceof RecommendationRuleError) throw recommendationNotFound();
    throw error;
  }
  if (recommendation.response !== undefined) throw alreadyAnswered();
  const now = deps.clock.now();
  const at = now.toISOString();
  try {
    return await deps.store.respond(recommendation, { response: input.response, at, by: auth.sub }, [
      respondedEvent(recommendation, input.response, at, now),
    ]);
  } catch (error) {
    if (error instanceof AlreadyAnsweredError) throw alreadyAnswered();
    // The customer was erased between the read and the answer: nothing written, and the
    // recommendation is no longer there for anyone.
    if (error instanceof CustomerFactsChangedError) throw recommendationNotFound();
    throw error;
  }
}
