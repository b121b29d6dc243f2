import type { EventDetailInput } from '../../../shared/events/index.js';
import type { AnnouncedProduct as Product } from '../../products/events.js';
import type { RecommendationChannel, RecommendationContactRequested } from '../events.js';
import type { RecommendationRecord } from './ports.js';

/**
 * Sending a recommendation to the customer (docs/domain-rules.md §19.5): through the engagement
 * contact path, the one way anything reaches a customer, with the purpose `marketing`, so the
 * marketing consent, quiet hours, restrictions and the marketing cap decide whether, when and on
 * which channel it goes. The request carries the product's public name and ids only.
 */

/** The built-in marketing template engagement renders (docs/domain-rules.md §18.4). */
export const RECOMMENDATION_TEMPLATE_ID = 'product-recommendation';

/** How long engagement may hold a recommendation back (quiet hours, the cap) before dropping it. */
export const RECOMMENDATION_CONTACT_DAYS = 7;

/** The channels that send something; face to face and by phone the RM speaks, nothing is sent. */
const SENDING_CHANNELS = ['sms', 'email', 'app-push'] as const;
type SendingChannel = (typeof SENDING_CHANNELS)[number];

const sends = (channel: RecommendationChannel): channel is SendingChannel =>
  SENDING_CHANNELS.some((sending) => sending === channel);

/** The contact request id of a recommendation: one per recommendation, so a replay asks nothing twice. */
export const contactRequestIdOf = (recommendationId: string) => `recommendation-${recommendationId}`;

/** Whether recording a recommendation on `channel` asks engagement to send it. */
export const sendsContact = (channel: RecommendationChannel): boolean => sends(channel);

/**
 * The contact request of a recommendation made on a sending channel (sms, email, app-push; the
 * customer's preferred one, if engagement may use it), else undefined. Latest: 7 days after it
 * was made.
 */
export function contactRequestOf(
  recommendation: RecommendationRecord,
  product: Product,
): EventDetailInput<typeof RecommendationContactRequested> | undefined {
  const { channel } = recommendation;
  if (!sends(channel)) return undefined;
  const latestAt = new Date(Date.parse(recommendation.madeAt) + RECOMMENDATION_CONTACT_DAYS * 86_400_000);
  return {
    requestId: contactRequestIdOf(recommendation.recommendationId),
    customerId: recommendation.customerId,
    purpose: 'marketing',
    preferredChannel: channel,
    templateId: RECOMMENDATION_TEMPLATE_ID,
    parameters: { productName: product.productName },
    latestAt: latestAt.toISOString(),
    regarding: recommendation.recommendationId,
  };
}
