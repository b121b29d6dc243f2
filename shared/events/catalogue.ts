import { activityEvents } from './activity.js';
import { customersEvents } from './customers.js';
import type { EventDefinition } from './define.js';
import { externalEvents } from './external.js';

export * from './activity.js';
export * from './customers.js';
export {
  buildEvent,
  type CrmEvent,
  defineEvent,
  type EventDefinition,
  type EventDetail,
  type EventDetailInput,
  InvalidEventError,
  parseEventDetail,
  type StrictObjectSchema,
} from './define.js';
export * from './external.js';
export { type EventEnvelope, envelopeShape, fieldNameField, idField, instantField } from './fields.js';

/**
 * Every event declared in the product: the integration contract. Rules, consumers, the
 * local bus and the tests all read this list; an event not here does not exist.
 */
export const eventCatalogue: readonly EventDefinition[] = [
  ...customersEvents,
  ...activityEvents,
  ...externalEvents,
];

const byKey = new Map(
  eventCatalogue.map((definition) => [`${definition.source}\n${definition.detailType}`, definition]),
);

/**
 * The definition of the event with this `source` and `detail-type`, if it is declared.
 *
 * @example
 *   findEvent('crm.customers', 'CustomerErased')?.schema.parse(detail);
 */
export function findEvent(source: string, detailType: string): EventDefinition | undefined {
  return byKey.get(`${source}\n${detailType}`);
}
