import { buildEvent, type EventDefinition, type EventDetailInput } from '../../shared/events/index.js';
import type { ConsumedEvent, EventBridgeDelivery } from '../../shared/lambda/event-bridge.js';

/**
 * An event of ours as EventBridge hands it to a consumer: built (envelope filled at `now`) and
 * wrapped with the bus's id and time. `delivery` is the same as the Lambda receives it.
 * @example await consumeMirrorEvent(deps, consumedEvent(CustomerErased, { customerId, at }, NOW));
 */
export function consumedEvent<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  now: Date,
  id = 'eb-1',
): ConsumedEvent {
  const event = buildEvent(definition, detail, now);
  return {
    source: event.source,
    detailType: event.detailType,
    id,
    time: now.toISOString(),
    detail: event.detail,
  };
}

/** The Lambda's view of a consumed event (`detail-type`). */
export function deliveryOf(event: ConsumedEvent): EventBridgeDelivery {
  return {
    id: event.id,
    source: event.source,
    'detail-type': event.detailType,
    time: event.time,
    detail: event.detail,
  };
}
