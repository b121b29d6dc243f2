import { buildEvent, type CrmEvent } from '../../../shared/events/index.js';
import type { AnnouncedProduct as Product } from '../../products/events.js';
import {
  RecommendationContactRequested,
  RecommendationMade,
  RecommendationResponded,
  type RecommendationResponse,
  RecommendationUnavailable,
} from '../events.js';
import type { RecommendationRecord } from './ports.js';
import { contactRequestOf } from './send.js';

/**
 * The events of a recommendation (docs/domain-rules.md §19.5): ids, codes, the product's category
 * and risk level, never a name of a person, an amount the customer stated or any other personal
 * data. Written to the outbox in the transaction that records the change.
 */

/** RecommendationMade and, on a sending channel, RecommendationContactRequested. */
export function madeEvents(recommendation: RecommendationRecord, product: Product, now: Date): CrmEvent[] {
  const made = buildEvent(
    RecommendationMade,
    {
      recommendationId: recommendation.recommendationId,
      customerId: recommendation.customerId,
      productId: recommendation.productId,
      category: recommendation.category,
      riskLevel: recommendation.riskLevel,
      channel: recommendation.channel,
      branch: recommendation.branch,
      ruleVersion: recommendation.ruleVersion,
      reasons: [...recommendation.reasons],
      seniorConfirmed: recommendation.seniorConfirmation !== undefined,
      ...(recommendation.caseId === undefined ? {} : { caseId: recommendation.caseId }),
      at: recommendation.madeAt,
    },
    now,
  );
  const contact = contactRequestOf(recommendation, product);
  return contact === undefined ? [made] : [made, buildEvent(RecommendationContactRequested, contact, now)];
}

/** RecommendationResponded for the answer given to `recommendation` at `at`. */
export function respondedEvent(
  recommendation: RecommendationRecord,
  response: RecommendationResponse,
  at: string,
  now: Date,
): CrmEvent {
  return buildEvent(
    RecommendationResponded,
    {
      recommendationId: recommendation.recommendationId,
      customerId: recommendation.customerId,
      productId: recommendation.productId,
      category: recommendation.category,
      riskLevel: recommendation.riskLevel,
      branch: recommendation.branch,
      response,
      at,
    },
    now,
  );
}

/** RecommendationUnavailable: a retention case's offer request found no suitable product. */
export function unavailableEvent(
  request: {
    readonly requestId: string;
    readonly caseId: string;
    readonly customerId: string;
    readonly branch: string;
  },
  now: Date,
): CrmEvent {
  return buildEvent(
    RecommendationUnavailable,
    {
      requestId: request.requestId,
      caseId: request.caseId,
      customerId: request.customerId,
      branch: request.branch,
      at: now.toISOString(),
    },
    now,
  );
}
