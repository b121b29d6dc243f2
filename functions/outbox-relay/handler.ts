import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../shared/outbox/event-publisher.js';
import { createOutboxRelayHandler } from './relay-handler.js';

/**
 * The outbox relay Lambda: triggered by a capability table's stream (NEW_IMAGE,
 * `ReportBatchItemFailures`), it publishes outbox items to the bus named by `EVENT_BUS_NAME`.
 */
const eventBusName = process.env.EVENT_BUS_NAME;
if (eventBusName === undefined || eventBusName === '') {
  // Fail at init, visibly, rather than on every batch.
  throw new Error('EVENT_BUS_NAME is not set');
}

// Created once per execution environment and reused by every invocation.
const client = new EventBridgeClient({});

export const handler = createOutboxRelayHandler(new EventBridgePublisher(client, eventBusName));
