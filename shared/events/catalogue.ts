import type { EventDefinition } from './define.js';

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

/** A catalogue of event definitions, looked up by source and detail-type. */
export interface EventCatalogue {
  readonly definitions: readonly EventDefinition[];
  /** The definition of the event with this `source` and `detail-type`, if it is declared. */
  find(source: string, detailType: string): EventDefinition | undefined;
}

/**
 * Indexes event definitions by source and detail-type, refusing a pair declared twice. The
 * product's catalogue is built from every capability's published events and the external
 * systems' events (`functions/capabilities.ts`).
 * @example catalogueOf([...customersEvents, ...externalEvents]).find('crm.customers', 'CustomerErased')
 */
export function catalogueOf(definitions: readonly EventDefinition[]): EventCatalogue {
  const byKey = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    const key = `${definition.source}\n${definition.detailType}`;
    if (byKey.has(key))
      throw new Error(`Event ${definition.source}/${definition.detailType} is declared twice`);
    byKey.set(key, definition);
  }
  return { definitions, find: (source, detailType) => byKey.get(`${source}\n${detailType}`) };
}
