import { defineEvent } from '../../shared/events/define.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';
import { contactRequestFields } from '../engagement/events.js';
import { PRODUCT_CATEGORIES, PRODUCT_RISK_LEVELS } from '../products/events.js';
import { AFFINITY_REASONS } from './domain/ranking-reasons.js';

/**
 * Events of the recommendations capability (docs/domain-rules.md §19). Ids, codes and the
 * product's category and risk level only: never a name, an amount the customer stated, or any
 * other personal data.
 */
export const RECOMMENDATIONS_SOURCE = 'crm.recommendations';

/**
 * How a recommendation reached (or will reach) the customer: in person or by phone (recorded,
 * nothing sent), or sent through the engagement contact path (`sms`, `email`, `app-push`) under
 * the contact policy with the purpose `marketing`.
 */
export const RECOMMENDATION_CHANNELS = ['face-to-face', 'phone', 'sms', 'email', 'app-push'] as const;
export type RecommendationChannel = (typeof RECOMMENDATION_CHANNELS)[number];

/** The customer's answer to a recommendation; `declined` keeps the category out for a while. */
export const RECOMMENDATION_RESPONSES = ['accepted', 'declined', 'not-interested'] as const;
export type RecommendationResponse = (typeof RECOMMENDATION_RESPONSES)[number];

/** A suitability rule version as recorded with each recommendation (`domain/suitability.ts`). */
export const ruleVersionField = idField;

/**
 * An RM recorded a recommendation of a suitable product to a customer: the product's category
 * and risk level, the channel, the rule version it was checked under, why it was ranked
 * (affinity codes) and whether a senior customer's RM confirmation was recorded.
 */
export const RecommendationMade = defineEvent(
  RECOMMENDATIONS_SOURCE,
  'RecommendationMade',
  {
    recommendationId: idField,
    customerId: idField,
    productId: idField,
    category: z.enum(PRODUCT_CATEGORIES),
    riskLevel: z.enum(PRODUCT_RISK_LEVELS),
    channel: z.enum(RECOMMENDATION_CHANNELS),
    branch: idField,
    ruleVersion: ruleVersionField,
    reasons: z.array(z.enum(AFFINITY_REASONS)).check(z.maxLength(AFFINITY_REASONS.length)),
    seniorConfirmed: z.boolean(),
    /** The retention case that asked for this offer (RetentionOfferRequested), if one did. */
    caseId: z.optional(idField),
    at: instantField,
  },
  'A relationship manager (or a retention case, `caseId`) recorded a recommendation of a product that passed the suitability rules (`ruleVersion`): its category and risk level, the channel, why it was ranked, and whether a senior customer’s RM confirmation was recorded. Ids and codes only.',
);

/** The customer answered a recommendation. */
export const RecommendationResponded = defineEvent(
  RECOMMENDATIONS_SOURCE,
  'RecommendationResponded',
  {
    recommendationId: idField,
    customerId: idField,
    productId: idField,
    category: z.enum(PRODUCT_CATEGORIES),
    riskLevel: z.enum(PRODUCT_RISK_LEVELS),
    branch: idField,
    response: z.enum(RECOMMENDATION_RESPONSES),
    at: instantField,
  },
  'The customer answered a recommendation: accepted, declined (the category is not recommended again for a while) or not interested. Ids and codes only.',
);

/**
 * The recommendations capability asks engagement to send a recommendation to the customer
 * (purpose `marketing`: consent, quiet hours and the marketing cap apply), the one path every
 * outbound contact takes (docs/domain-rules.md §18.1). Published from the outbox with the
 * recommendation it sends.
 */
export const RecommendationContactRequested = defineEvent(
  RECOMMENDATIONS_SOURCE,
  'RecommendationContactRequested',
  contactRequestFields,
  'The recommendations capability asks engagement to send a recommendation to the customer (purpose `marketing`, the product-recommendation template with the product’s public name, latest time). Engagement decides under the contact policy.',
);

/**
 * A retention case asked for an offer (RetentionOfferRequested) and no product of the catalogue
 * is suitable for the customer: nothing is recorded.
 */
export const RecommendationUnavailable = defineEvent(
  RECOMMENDATIONS_SOURCE,
  'RecommendationUnavailable',
  {
    requestId: idField,
    caseId: idField,
    customerId: idField,
    branch: idField,
    at: instantField,
  },
  'A retention case asked for an offer and no product of the catalogue is suitable for the customer: nothing was recorded.',
);

/** Every event the recommendations capability publishes. */
export const recommendationsEvents = [
  RecommendationMade,
  RecommendationResponded,
  RecommendationContactRequested,
  RecommendationUnavailable,
] as const;
