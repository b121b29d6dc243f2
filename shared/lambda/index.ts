/**
 * One handler wrapper per trigger kind, all in the same Powertools middleware
 * (`withPowertools`): logger with the Lambda context and a correlation id, EMF metrics with the
 * cold-start metric, flushed even when the handler throws. The HTTP API's is `createHttpApi`
 * (`shared/http`), built on the same middleware.
 */
export { type CoalescedWorkOptions, coalescedWorkHandler } from './coalesced-work.js';
export {
  type ConsumedEvent,
  type EventBridgeDelivery,
  type EventBridgeHandlerOptions,
  type EventProcessor,
  eventBridgeHandler,
} from './event-bridge.js';
export { withPowertools } from './middleware.js';
export { scheduledHandler } from './schedule.js';
export { sqsHandler } from './sqs.js';
export { streamHandler } from './stream.js';
export { taskHandler } from './task.js';
