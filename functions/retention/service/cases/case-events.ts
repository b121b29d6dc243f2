import type { EventDefinition, EventDetail } from '../../../../shared/events/define.js';
import { parseEventDetail } from '../../../../shared/events/define.js';
import type { ConsumedEvent } from '../../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../../shared/messaging/rejection.js';
import { mirrorEventYear } from '../../../../shared/time/calendar-mirror.js';
import { WorkingCalendarChanged } from '../../../calendars/events.js';
import { RecommendationMade, RecommendationUnavailable } from '../../../recommendations/events.js';
import type { CaseEventConsumer, RetentionCase } from '../ports.js';
import { changeCase } from './case-change.js';
import type { CaseDeps } from './deps.js';

/**
 * What other capabilities tell the cases (docs/domain-rules.md §20.5–20.6): the offer the
 * recommendations capability recorded for a case (RecommendationMade with the case id), or that
 * none is suitable (RecommendationUnavailable); every recommendation made to a customer (an
 * attempt's offer must be one of the latest); the working-day calendar's years. Idempotent: a
 * redelivery writes the same values. Anything else is not for the cases (false).
 */
export function caseEventConsumer(deps: CaseDeps): CaseEventConsumer {
  return async (event) => {
    if (isEventOf(RecommendationMade, event)) {
      const made = parseOwn(RecommendationMade, event);
      await deps.store.rememberOffer(made.customerId, made.recommendationId, made.at);
      if (made.caseId !== undefined) {
        await recordOffer(deps, made.caseId, {
          kind: 'recommended',
          recommendationId: made.recommendationId,
          productId: made.productId,
        });
      }
      return true;
    }
    if (isEventOf(RecommendationUnavailable, event)) {
      const unavailable = parseOwn(RecommendationUnavailable, event);
      await recordOffer(deps, unavailable.caseId, { kind: 'unavailable' });
      return true;
    }
    if (isEventOf(WorkingCalendarChanged, event)) {
      await mirrorEventYear(deps.calendarMirror, parseOwn(WorkingCalendarChanged, event));
      return true;
    }
    return false;
  };
}

/** The event's detail, or EVENT_INVALID (dead-lettered, never retried) when it does not parse. */
function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

/**
 * The case's offer, as the client sees it (its version moves). The same offer again (a
 * redelivery), or an offer for a case unknown here (another deployment's, or erased), writes
 * nothing; a recommended offer is not replaced by a later `unavailable`.
 */
async function recordOffer(
  deps: CaseDeps,
  caseId: string,
  offer: NonNullable<RetentionCase['offer']>,
): Promise<void> {
  if ((await deps.store.get(caseId)) === undefined) return;
  await changeCase(deps, caseId, (stored) => {
    const current = stored.case.offer;
    const same = JSON.stringify(current) === JSON.stringify(offer);
    if (same || (current?.kind === 'recommended' && offer.kind === 'unavailable'))
      return { result: undefined };
    return {
      change: {
        case: { ...stored.case, offer, version: stored.case.version + 1 },
        from: stored,
        events: [],
      },
      result: undefined,
    };
  });
}
