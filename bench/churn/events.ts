import { ActivitySummaryChanged, CustomerSegmentChanged } from '../../functions/activity/events.js';
import {
  ComplaintClosed,
  ComplaintReceived,
  ComplaintSlaBreached,
} from '../../functions/complaints/events.js';
import {
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerRegistered,
} from '../../functions/customers/events.js';
import { SurveyAnswered } from '../../functions/engagement/events.js';
import {
  buildEvent,
  type EventDefinition,
  type EventDetail,
  type EventDetailInput,
} from '../../shared/events/define.js';
import { ProductHoldingChanged } from '../../shared/events/external.js';

/**
 * The events the synthetic portfolios are made of: exactly the catalogue's definitions the
 * retention capability subscribes to, each built (and so validated) by the catalogue's own
 * `buildEvent`, so the generator cannot emit a detail the product would refuse.
 */
export const GENERATED_EVENTS = {
  CustomerRegistered,
  ActivitySummaryChanged,
  CustomerSegmentChanged,
  ComplaintReceived,
  ComplaintClosed,
  ComplaintSlaBreached,
  SurveyAnswered,
  ProductHoldingChanged,
  ContactDeliveryFailed,
  ContactDelivered,
} as const;

/**
 * One validated event of definition D: `type` is its literal `detail-type`, the shape the
 * retention reducer takes (functions/retention/domain/features.ts `FeatureEvent`).
 */
export interface Emitted<D extends EventDefinition> {
  readonly source: D['source'];
  readonly type: D['detailType'];
  readonly detail: EventDetail<D>;
}

type Generated = typeof GENERATED_EVENTS;

/** Any event a synthetic customer's history holds. */
export type SyntheticEvent = { [K in keyof Generated]: Emitted<Generated[K]> }[keyof Generated];

/**
 * Builds one event at the instant `atMs` (its `occurredAt`) with a deterministic id: ULIDs
 * would make two runs of the same seed differ.
 */
export function emit<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  eventId: string,
  atMs: number,
): Emitted<D> {
  const at = new Date(atMs);
  const built = buildEvent(definition, { ...detail, eventId, occurredAt: at.toISOString() }, at);
  return { source: definition.source, type: definition.detailType, detail: built.detail };
}
