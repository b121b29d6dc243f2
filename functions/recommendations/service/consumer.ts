import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { RetentionOfferRequested } from '../../retention/events.js';
import type { RecommendationsDeps } from './deps.js';
import { consumeMirrorEvent } from './facts.js';
import { answerOfferRequest } from './retention-offer.js';

/**
 * Everything the recommendations consumer receives: a retention case's offer request is answered
 * (service/retention-offer.ts); every other event is a fact for the mirrors (service/facts.ts).
 */
export async function consumeRecommendationsEvent(
  deps: RecommendationsDeps,
  event: ConsumedEvent,
): Promise<void> {
  if (isEventOf(RetentionOfferRequested, event)) {
    const {
      eventId: _eventId,
      occurredAt: _occurredAt,
      ...request
    } = parsedOrRejected(() => parseEventDetail(RetentionOfferRequested, event.detail));
    await answerOfferRequest(deps, request);
    return;
  }
  await consumeMirrorEvent(deps, event);
}
