import type { WorkRequests } from '../../../shared/coalescing/requests.js';
import { ProductHoldingChanged, parseExternalEvent } from '../../../shared/events/external.js';
import { type EventDefinition, type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { applyUnderRevision } from '../../../shared/mirror/apply-under-revision.js';
import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { ActivitySummaryChanged, CustomerSegmentChanged } from '../../activity/events.js';
import { ComplaintClosed, ComplaintReceived, ComplaintSlaBreached } from '../../complaints/events.js';
import {
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../customers/events.js';
import { SurveyAnswered } from '../../engagement/events.js';
import { applyFeatureEvent, type FeatureEvent } from '../domain/features.js';
import type { ChurnFeatures } from '../domain/model.js';
import type { KpiCounter } from '../store/keys.js';
import type { KpiIncrements, ScoringStore } from '../store/scoring-store.js';
import type { CaseEventConsumer, StoredFeatures } from './ports.js';

/**
 * The features kept from events (docs/domain-rules.md §20.1): each subscribed event is parsed,
 * applied by the pure reducer (domain/features.ts, which orders each fact at its source, so a
 * repeated or late event changes nothing) and written under the features revision with the
 * KPI counts it makes (customersJoined, customersChurned, §20.9) in the same transaction.
 * CustomerErased leaves a tombstone: the risk item and its level count go in the same
 * transaction, the history right after (again on a redelivery), and nothing applies after it.
 */
export type FeaturesDeps = { readonly scoring: ScoringStore };

function own<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

/**
 * The features event a delivery carries, or undefined when it is not one (a case event, routed
 * elsewhere by the consumer). A malformed detail is unprocessable (`EVENT_INVALID`).
 */
export function featureEventOf(event: ConsumedEvent): FeatureEvent | undefined {
  if (isEventOf(CustomerRegistered, event))
    return { type: 'CustomerRegistered', detail: own(CustomerRegistered, event) };
  if (isEventOf(CustomerProfileChanged, event))
    return { type: 'CustomerProfileChanged', detail: own(CustomerProfileChanged, event) };
  if (isEventOf(CustomerErased, event)) return { type: 'CustomerErased', detail: own(CustomerErased, event) };
  if (isEventOf(ActivitySummaryChanged, event))
    return { type: 'ActivitySummaryChanged', detail: own(ActivitySummaryChanged, event) };
  if (isEventOf(CustomerSegmentChanged, event))
    return { type: 'CustomerSegmentChanged', detail: own(CustomerSegmentChanged, event) };
  if (isEventOf(ComplaintReceived, event))
    return { type: 'ComplaintReceived', detail: own(ComplaintReceived, event) };
  if (isEventOf(ComplaintClosed, event))
    return { type: 'ComplaintClosed', detail: own(ComplaintClosed, event) };
  if (isEventOf(ComplaintSlaBreached, event))
    return { type: 'ComplaintSlaBreached', detail: own(ComplaintSlaBreached, event) };
  if (isEventOf(SurveyAnswered, event)) return { type: 'SurveyAnswered', detail: own(SurveyAnswered, event) };
  if (isEventOf(ContactDeliveryFailed, event))
    return { type: 'ContactDeliveryFailed', detail: own(ContactDeliveryFailed, event) };
  if (isEventOf(ContactDelivered, event))
    return { type: 'ContactDelivered', detail: own(ContactDelivered, event) };
  if (isEventOf(ProductHoldingChanged, event)) {
    const detail = parsedOrRejected(() => parseExternalEvent(ProductHoldingChanged, event));
    return { type: 'ProductHoldingChanged', detail };
  }
  return undefined;
}

/**
 * The KPI counts of one change of the features (docs/domain-rules.md §20.9), on the bucket of
 * the branch and the CST day the event happened: `customersJoined` when the registration is
 * first applied, `customersChurned` when the relationship goes from active to closed (a reopened
 * and closed again relationship counts again). Undefined when it counts nothing.
 * @example kpisOfChange(undefined, registeredFeatures, '2026-03-02T02:00:00.000Z') // { …, increments: { customersJoined: 1 } }
 */
export function kpisOfChange(
  before: ChurnFeatures | undefined,
  after: ChurnFeatures,
  occurredAt: string,
): KpiIncrements | undefined {
  const increments: Partial<Record<KpiCounter, number>> = {};
  if (before?.registeredAt === undefined && after.registeredAt !== undefined) increments.customersJoined = 1;
  if ((before?.relationship ?? 'active') === 'active' && after.relationship === 'closed')
    increments.customersChurned = 1;
  if (Object.keys(increments).length === 0) return undefined;
  return { branch: after.branch, day: isoDateOfDay(cstDayOf(new Date(occurredAt))), increments };
}

/**
 * Applies one features event under the features revision. Undefined when it changed nothing
 * (a repeated or older event, anything after the erasure); the features before and after
 * otherwise.
 */
export async function applyFeatures(
  deps: FeaturesDeps,
  event: FeatureEvent,
): Promise<{ readonly before: StoredFeatures | undefined; readonly after: StoredFeatures } | undefined> {
  const { customerId, occurredAt } = event.detail;
  const erasure = event.type === 'CustomerErased';
  const applied = await applyUnderRevision<StoredFeatures>({
    read: () => deps.scoring.features(customerId),
    apply: (before) => {
      if (before?.erased === true) return undefined;
      const features = applyFeatureEvent(before?.features, event);
      if (features === undefined) return undefined;
      return { features, erased: erasure, revision: before?.revision ?? 0 };
    },
    write: async (after, expectedRevision, before) =>
      deps.scoring.putFeatures({
        record: after,
        expectedRevision,
        kpis: erasure ? undefined : kpisOfChange(before?.features, after.features, occurredAt),
        // Read within the attempt: a rescore that lands first changes the risk's revision, the
        // erasure's transaction fails and the next attempt reads it again.
        erasure: erasure ? { risk: await deps.scoring.risk(customerId) } : undefined,
      }),
  });
  // After the tombstone no rescore can add an entry; on a redelivery whatever is left goes.
  if (erasure) await deps.scoring.purgeHistory(customerId);
  return applied;
}

/**
 * What the consumer needs: the features store, the case service's event consumer, and where it
 * asks for a customer's rescore (the ChurnRescoring coalesced work; the RetentionRescorer does it).
 */
export type ConsumerDeps = FeaturesDeps & {
  readonly caseEvents: CaseEventConsumer;
  readonly rescoreRequests: WorkRequests;
};

/**
 * One delivered event (docs/domain-rules.md §20.1, §20.4): a features event is applied (exact,
 * idempotent, each fact ordered at its source) and the customer's rescore requested, keyed by
 * the customer and caused by the event id. The consumer never scores: the RetentionRescorer does
 * each requested customer once per batch from the latest features (`rescoreIfOwed`), so a burst
 * of one customer's events costs a few rescores, not one per event. An event that changed
 * nothing (a repeat, an older event, a segment change of another dimension) requests again all
 * the same: its first delivery may have failed before its request, and a rescore that is not
 * owed writes nothing. Nothing is requested for an erasure, nor for a customer not registered
 * yet (no branch: not scored; the registration's own request scores what came before it). The
 * case events (offers, calendar years) go to the case service; anything else is unsupported
 * (`EVENT_UNSUPPORTED`, dead-lettered).
 */
export async function consumeRetentionEvent(deps: ConsumerDeps, event: ConsumedEvent): Promise<void> {
  const features = featureEventOf(event);
  if (features === undefined) {
    if (await deps.caseEvents(event)) return;
    throw new UnprocessableEventError(
      'EVENT_UNSUPPORTED',
      'expected a customers, activity, complaints, survey, contact delivery, product holding, recommendation or calendar event',
    );
  }
  const changed = await applyFeatures(deps, features);
  if (features.type === 'CustomerErased') return;
  if (changed !== undefined && changed.after.features.branch === '') return;
  await deps.rescoreRequests.request(features.detail.customerId, event.id);
}
