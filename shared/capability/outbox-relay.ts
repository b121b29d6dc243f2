import { OUTBOX_ENTITY_TYPE } from '../outbox/outbox-item.js';
import type { FunctionSpec } from './types.js';

/**
 * The outbox relay the platform attaches to every table with an outbox stream: declared
 * here, free of CDK, so the CDK construct and the local cloud's stream poller share it.
 */
export function outboxRelaySpec(tableId: string): FunctionSpec {
  return {
    id: `${tableId}OutboxRelay`,
    entry: 'functions/outbox-relay/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    tables: [],
    putsEvents: true,
  };
}

/**
 * The event-source filter: newly inserted outbox items only. Outbox items are written once;
 * updates and TTL removals must not publish again.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entityType: { S: [OUTBOX_ENTITY_TYPE] } } },
};
