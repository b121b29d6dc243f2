import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddyfiedHandler } from '@middy/core';
import { type DeadLetterSink, deadLetteredEvent, deadLetterSinkFromEnv } from '../messaging/dead-letters.js';
import { UnprocessableEventError } from '../messaging/rejection.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import type { Env } from '../runtime/runtime.js';
import { errorSummary } from './error-summary.js';
import { withPowertools } from './middleware.js';

/** An EventBridge event as a consumer sees it (`detail-type` renamed). */
export interface ConsumedEvent {
  readonly source: string;
  readonly detailType: string;
  /** EventBridge's event id. */
  readonly id: string;
  /** EventBridge's `time`. */
  readonly time: string;
  readonly detail: unknown;
}

export type EventProcessor = (event: ConsumedEvent) => Promise<void>;

/** An EventBridge event as Lambda receives it (only the fields consumers read). */
export interface EventBridgeDelivery {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: unknown;
}

export interface EventBridgeHandlerOptions {
  /** Where unprocessable events go. Default: the SQS queue in the environment's `DEAD_LETTER_QUEUE_URL`. */
  readonly deadLetters?: DeadLetterSink;
  /** The function's environment (for the default dead-letter sink). */
  readonly env?: Env;
}

/**
 * The handler of an EventBridge rule's target, around `process`, in the common middleware
 * (`withPowertools`; the correlation id is the event's id).
 * - An UnprocessableEventError is final: the delivery's envelope (id, source, detail-type, time;
 *   never the detail) goes to the dead-letter sink with the error's code, reason and fields, a
 *   warning is logged, `EventsRejected` (dimension `code`) is counted, and the handler resolves
 *   so the platform does not retry it.
 * - Any other error is logged (name and message) and rethrown: the platform retries, then
 *   dead-letters the delivery itself.
 * - If the sink fails, that error is rethrown too: a retried event is never a lost one.
 * @example export const handler = eventBridgeHandler(async (event) => applyTransaction(deps, event));
 */
export function eventBridgeHandler(
  process: EventProcessor,
  options: EventBridgeHandlerOptions = {},
): MiddyfiedHandler<EventBridgeDelivery, void> {
  const deadLetters = options.deadLetters ?? deadLetterSinkFromEnv(options.env);
  return withPowertools<EventBridgeDelivery, void>(
    async (delivery) => {
      // Ids and routing only, never the detail; the middleware resets them after the invocation.
      logger.appendKeys({
        eventId: delivery.id,
        source: delivery.source,
        detailType: delivery['detail-type'],
      });
      try {
        await process(consumedEvent(delivery));
      } catch (error) {
        if (!(error instanceof UnprocessableEventError)) {
          logger.error('Event processing failed; the delivery will be retried', errorSummary(error));
          throw error;
        }
        await reject(deadLetters, delivery, error);
      }
    },
    (delivery) => delivery.id,
  );
}

async function reject(
  deadLetters: DeadLetterSink,
  delivery: EventBridgeDelivery,
  error: UnprocessableEventError,
): Promise<void> {
  const { code, reason, fields } = error;
  const event = deadLetteredEvent({
    id: delivery.id,
    source: delivery.source,
    detailType: delivery['detail-type'],
    time: delivery.time,
  });
  try {
    await deadLetters.send({ code, reason, fields, event });
  } catch (sinkError) {
    logger.error('Rejected event could not be dead-lettered; the delivery will be retried', {
      code,
      ...errorSummary(sinkError),
    });
    throw sinkError;
  }
  logger.warn('Event rejected and dead-lettered', { code, reason });
  // A single metric is published at once with its own dimension, so `code` never leaks onto
  // the metrics the processor stored for the middleware to flush.
  const rejected = metrics.singleMetric();
  rejected.addDimension('code', code);
  rejected.addMetric('EventsRejected', MetricUnit.Count, 1);
}

function consumedEvent(delivery: EventBridgeDelivery): ConsumedEvent {
  return {
    source: delivery.source,
    detailType: delivery['detail-type'],
    id: delivery.id,
    time: delivery.time,
    detail: delivery.detail,
  };
}
