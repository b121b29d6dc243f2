import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { requiredEnv } from '../../shared/config/env.js';
import { streamHandler } from '../../shared/lambda/stream.js';
import { EventBridgePublisher } from '../../shared/outbox/event-publisher.js';
import { lambdaRuntime, type Runtime } from '../../shared/runtime/runtime.js';
import { relayBatch } from './relay-batch.js';

/**
 * The outbox relay Lambda: triggered by a capability table's stream (NEW_IMAGE,
 * `ReportBatchItemFailures`), it publishes outbox items to the bus named by `EVENT_BUS_NAME`
 * (required: a missing one fails at cold start, visibly, rather than on every batch).
 */
export function createHandler(runtime: Runtime) {
  const publisher = new EventBridgePublisher(
    new EventBridgeClient({}),
    requiredEnv(runtime.env, 'EVENT_BUS_NAME'),
  );
  return streamHandler((event) => relayBatch(event.Records, publisher));
}

export const handler = createHandler(lambdaRuntime());
