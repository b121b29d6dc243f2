export {
  EventBridgePublisher,
  type EventPublisher,
  MAX_ENTRIES_PER_PUT,
  type PublishEntry,
  type PublishResult,
} from './event-publisher.js';
export { type OutboxEvent, type OutboxPut, outboxPut } from './outbox-item.js';
export {
  OUTBOX_ENTITY_TYPE,
  OUTBOX_RETENTION_DAYS,
  type OutboxItem,
  readOutboxItem,
} from './outbox-record.js';
export { type RelayFailure, type RelayResult, relayStreamRecords } from './relay.js';
