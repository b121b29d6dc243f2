import {
  ConflictError,
  NotFoundError,
  type ProblemError,
  ValidationError,
} from '../../../shared/http/index.js';
import {
  CaseClosedError,
  CaseNotFoundError,
  IdempotencyKeyReusedError,
  OfferNotRecordedError,
  UnknownCauseError,
} from '../service/ports.js';

/**
 * The problems the retention API refuses with (docs/domain-rules.md §20.7–20.8), each with its
 * stable code. Details never hold a value the client sent.
 * - `customer-not-found` (404): a customer never registered, erased, outside the caller's scope
 *   or not scored yet: one answer for all, so an id reveals nothing;
 * - `case-not-found` (404): no such case, or its customer outside the caller's scope;
 * - `case-closed` (409): an attempt or an early close on a case already closed;
 * - `unknown-cause` (422): a cause not in RETENTION_CAUSES;
 * - `offer-not-recorded` (422): an offer that is not one of the customer's recent recommendations;
 * - `idempotency-key-reused` (409): the caller's Idempotency-Key named another attempt.
 * A stale If-Match is the shared 412 `stale-version`; a supervisor naming another branch the
 * shared 403 `branch-out-of-scope`; the model's invariants are the model schema's 422s.
 */
export const customerNotFound = () =>
  new NotFoundError('No customer with this id is visible to you', { code: 'customer-not-found' });

export const caseNotFound = () =>
  new NotFoundError('No retention case with this id is visible to you', { code: 'case-not-found' });

/**
 * The problem a refusal of the case service answers with, or undefined for an error that is not
 * a refusal (a fault: a 500).
 */
export function caseRefusalProblem(error: unknown): ProblemError | undefined {
  if (error instanceof CaseNotFoundError) return caseNotFound();
  if (error instanceof CaseClosedError) {
    return new ConflictError('The retention case is closed', { code: 'case-closed' });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new ConflictError('This Idempotency-Key was used for a different request', {
      code: 'idempotency-key-reused',
    });
  }
  if (error instanceof UnknownCauseError) {
    return new ValidationError(
      [{ path: 'cause', message: 'must be one of the causes configured (RETENTION_CAUSES)' }],
      'The cause is not one of the configured causes',
      { code: 'unknown-cause' },
    );
  }
  if (error instanceof OfferNotRecordedError) {
    return new ValidationError(
      [{ path: 'offerRecommendationId', message: "must be one of the customer's recent recommendations" }],
      "The offer is not one of the customer's recent recommendations",
      { code: 'offer-not-recorded' },
    );
  }
  return undefined;
}
