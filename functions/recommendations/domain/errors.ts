import type { ExclusionReason } from './suitability.js';

/**
 * The stable codes the recommendations API refuses with (docs/domain-rules.md §19.5–19.7), each
 * with its one HTTP status; `api/route-handlers.ts` turns them into problems. Messages never
 * hold a value the client sent.
 * - `customer-not-found`: a customer never registered, erased, or outside the caller's scope
 *   (one answer for all three, so an id outside the scope reveals nothing);
 * - `recommendation-not-found`: no such recommendation, or its customer is one of the above;
 * - `unknown-product`: the product is not in the catalogue;
 * - `senior-confirmation-not-applicable`: a confirmation for a customer who is not senior, or a
 *   product a senior may be shown without one (it would be recorded for nothing);
 * - `recommendation-unsuitable`: the product fails suitability; `reasons` are its codes;
 * - `recommendation-already-answered`: the customer's answer is recorded once;
 * - `idempotency-key-reused`: the caller's Idempotency-Key named another request;
 * - `customer-facts-changed`: the customer's facts kept changing while the recommendation was
 *   checked (it was not recorded: send it again).
 * A supervisor asking for another branch's KPIs is the shared 403 `branch-out-of-scope`
 * (shared/auth/report-branch.ts).
 */
export const RECOMMENDATIONS_ERROR_STATUS = {
  'customer-not-found': 404,
  'recommendation-not-found': 404,
  'unknown-product': 422,
  'senior-confirmation-not-applicable': 422,
  'recommendation-unsuitable': 422,
  'recommendation-already-answered': 409,
  'idempotency-key-reused': 409,
  'customer-facts-changed': 409,
} as const;
export type RecommendationsErrorCode = keyof typeof RECOMMENDATIONS_ERROR_STATUS;

/** A rule of the recommendations capability refused the request; `path` names the field at fault. */
export class RecommendationRuleError extends Error {
  override readonly name = 'RecommendationRuleError';
  constructor(
    readonly code: RecommendationsErrorCode,
    message: string,
    readonly path?: string,
    /** The exclusion codes of an unsuitable product (`recommendation-unsuitable`). */
    readonly reasons: readonly ExclusionReason[] = [],
  ) {
    super(message);
  }
}

export const customerNotFound = () =>
  new RecommendationRuleError('customer-not-found', 'No customer with this id is visible to you');
export const recommendationNotFound = () =>
  new RecommendationRuleError('recommendation-not-found', 'No recommendation with this id is visible to you');
export const unknownProduct = () =>
  new RecommendationRuleError('unknown-product', 'The product is not in the catalogue', 'productId');
export const seniorConfirmationNotApplicable = () =>
  new RecommendationRuleError(
    'senior-confirmation-not-applicable',
    'A senior confirmation applies only to a customer aged 65 or more and a product above the level they may be shown without one',
    'seniorConfirmation',
  );
export const recommendationUnsuitable = (reasons: readonly ExclusionReason[]) =>
  new RecommendationRuleError(
    'recommendation-unsuitable',
    'The product is not suitable for this customer; errors name every reason',
    'productId',
    reasons,
  );
export const alreadyAnswered = () =>
  new RecommendationRuleError(
    'recommendation-already-answered',
    'The recommendation has already been answered',
  );
export const idempotencyKeyReused = () =>
  new RecommendationRuleError(
    'idempotency-key-reused',
    'This Idempotency-Key was used for a different request',
  );
export const customerFactsChanged = () =>
  new RecommendationRuleError(
    'customer-facts-changed',
    "The customer's facts changed while the recommendation was checked; nothing was recorded, send it again",
  );
