import type { EventDetail } from '../../../shared/events/index.js';
import { idOfIdempotencyKey } from '../../../shared/http/caller.js';
import { RETENTION_SOURCE, type RetentionOfferRequested } from '../../retention/events.js';
import type { RecommendationChannel } from '../events.js';
import type { RecommendationsApiDeps } from './deps.js';
import { evaluate, type SuitableProduct } from './evaluation.js';
import { MAKE_ATTEMPTS, recordOf } from './make.js';
import { CustomerFactsChangedError, type CustomerView, ProductChangedError } from './ports.js';
import { madeEvents, unavailableEvent } from './recommendation-events.js';

/**
 * A retention case's offer (docs/domain-rules.md §20.5, recorded as in §19.5): a price-or-yield
 * case asks for one (RetentionOfferRequested) and the catalogue is judged for the customer now,
 * through the same evaluation as the list an RM sees. The best-ranked suitable product is
 * recorded as a recommendation for the RM to present (channel `phone`: nothing is sent; madeBy
 * `retention`; the case id on the record and on RecommendationMade), counted as made like any
 * other. No suitable product (a restricted or closed relationship, every product excluded), an
 * erased customer or one the mirror does not know: RecommendationUnavailable, nothing recorded.
 * A request is answered once: its recommendation id is derived from the request id and the
 * request is marked answered in the same transaction, so a redelivery writes nothing.
 */

/** The request as the retention capability publishes it (its envelope left out). */
export type OfferRequest = Omit<EventDetail<typeof RetentionOfferRequested>, 'eventId' | 'occurredAt'>;

/** Who records a retention case's offer (the record's `madeBy`). */
export const RETENTION_MADE_BY = 'retention';

/** The RM presents the offer in person on the phone: nothing goes out through the contact path. */
export const RETENTION_OFFER_CHANNEL: RecommendationChannel = 'phone';

/** The recommendation id of an offer request: the same for every delivery of the request. */
export const offerRecommendationId = (requestId: string): string =>
  idOfIdempotencyKey('rec', RETENTION_SOURCE, requestId);

/** What an offer request was answered with (or had been, for a redelivery). */
export type OfferAnswer = 'recorded' | 'unavailable';

/** The best-ranked suitable product for the customer at `at`, if any (never for an erased one). */
function bestOffer(
  deps: Pick<RecommendationsApiDeps, 'settings'>,
  customer: CustomerView | undefined,
  catalogue: Parameters<typeof evaluate>[1],
  at: string,
): SuitableProduct | undefined {
  if (customer === undefined || customer.erased) return undefined;
  return evaluate(customer, catalogue, { catalogue, now: at, settings: deps.settings }).suitable[0];
}

/**
 * Answers a retention case's offer request: records the best-ranked suitable product, or
 * announces that none is. Facts or a product that changed between the read and the write are
 * read and judged again; when they keep changing the error is left to the platform's retry.
 */
export async function answerOfferRequest(
  deps: RecommendationsApiDeps,
  request: OfferRequest,
): Promise<OfferAnswer> {
  const recommendationId = offerRecommendationId(request.requestId);
  for (let attempt = 0; attempt < MAKE_ATTEMPTS; attempt += 1) {
    const [customer, catalogue] = await Promise.all([
      deps.store.customer(request.customerId),
      deps.store.catalogue(),
    ]);
    const now = deps.clock.now();
    const at = now.toISOString();
    const best = bestOffer(deps, customer, catalogue, at);
    if (customer === undefined || best === undefined) {
      await deps.store.recordOfferUnavailable(request.requestId, at, [unavailableEvent(request, now)]);
      return 'unavailable';
    }
    const recommendation = recordOf(
      recommendationId,
      customer,
      best.product,
      { channel: RETENTION_OFFER_CHANNEL },
      {
        score: best.score,
        reasons: best.reasons,
        satisfied: best.verdict.satisfied,
        ruleVersion: best.verdict.ruleVersion,
      },
      { by: RETENTION_MADE_BY, at, caseId: request.caseId },
    );
    try {
      await deps.store.record(
        recommendation,
        { customerRevision: customer.revision, offerRequestId: request.requestId },
        madeEvents(recommendation, best.product, now),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof CustomerFactsChangedError || error instanceof ProductChangedError) continue;
      throw error;
    }
  }
  throw new Error("The customer's facts or the catalogue kept changing while an offer was judged");
}
