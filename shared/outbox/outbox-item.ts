import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import {
  type CrmEvent,
  type EventDefinition,
  InvalidEventError,
  parseEventDetail,
} from '../events/define.js';
import { OUTBOX_ENTITY_TYPE, OUTBOX_RETENTION_DAYS, type OutboxItem } from './outbox-record.js';

export { OUTBOX_ENTITY_TYPE, OUTBOX_RETENTION_DAYS, type OutboxItem } from './outbox-record.js';

/** An event on its way to the bus: what `buildEvent` returns. */
export type OutboxEvent = CrmEvent;

/** A Put of an outbox item, usable as one element of a lib-dynamodb `TransactWriteCommand`. */
export interface OutboxPut extends TransactWriteItem {
  readonly Put: {
    readonly TableName: string;
    readonly Item: OutboxItem;
    readonly ConditionExpression: string;
  };
}

/**
 * The outbox Put for `event`, to add to the same transaction as the state change it
 * announces, so the change and its event are written together or not at all. The event must
 * be one the capability declares it publishes (`publishes`, its `events.ts` list) and its
 * detail is validated again here: nothing undeclared (no personal information) reaches the
 * table's stream.
 *
 * @example
 *   await doc.send(new TransactWriteCommand({
 *     TransactItems: [customerPut, outboxPut(tableName, buildEvent(CustomerErased, detail, now), now, customersEvents)],
 *   }));
 */
export function outboxPut(
  tableName: string,
  event: OutboxEvent,
  now: Date,
  publishes: readonly EventDefinition[],
): OutboxPut {
  const definition = publishes.find(
    (candidate) => candidate.source === event.source && candidate.detailType === event.detailType,
  );
  if (definition === undefined) {
    throw new InvalidEventError(event.detailType, [
      { path: '', message: `Event ${event.source}/${event.detailType} is not one this capability publishes` },
    ]);
  }
  if (!definition.source.startsWith('crm.')) {
    // Core banking, credit risk and AML publish their own events; ours must never pose as them.
    throw new InvalidEventError(event.detailType, [
      { path: '', message: `Source ${event.source} is an external system's, not one of ours` },
    ]);
  }
  const detail = parseEventDetail(definition, event.detail);
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: `OUTBOX#${detail.eventId}`,
        sk: 'EVENT',
        entityType: OUTBOX_ENTITY_TYPE,
        eventId: detail.eventId,
        source: event.source,
        detailType: event.detailType,
        detail: JSON.stringify(event.detail),
        createdAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + OUTBOX_RETENTION_DAYS * 86_400,
      },
      // An event id is written once: a retried transaction cannot emit the event twice.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
