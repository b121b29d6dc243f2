/**
 * The Lambda handler shape of every EventBridge consumer. It hands the processor the event with
 * `detail-type` renamed; an UnprocessableEventError goes to the dead-letter sink with its code
 * and reason (and the handler returns normally, so nothing retries it); any other error is
 * rethrown so the platform retries.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { type DeadLetterSink, deadLetterSinkFromEnv } from './dead-letters.js';
import { UnprocessableEventError } from './rejection.js';

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

export interface EventConsumerOptions {
  /** Default: the SQS queue in `DEAD_LETTER_QUEUE_URL`, created on first use. */
  readonly deadLetters?: DeadLetterSink;
}

/** An EventBridge event as Lambda receives it (only the fields consumers read). */
export interface EventBridgeDelivery {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: unknown;
}

/** The keys every log line of one delivery carries: ids and routing, never the detail. */
const LOG_KEYS = ['eventId', 'source', 'detailType'];

/**
 * Builds an EventBridge consumer's Lambda handler around `process`.
 * - An UnprocessableEventError is final: the delivery, as received, goes to the dead-letter sink
 *   with the error's code and reason, a warning is logged, `EventsRejected` (dimension `code`)
 *   is counted, and the handler resolves so the platform does not retry it.
 * - Any other error is logged (name and message) and rethrown: the platform retries, then
 *   dead-letters the delivery itself.
 * - If the sink fails, that error is rethrown too: a retried event is never a lost one.
 * @example export const handler = createEventConsumer(async (event) => applyTransaction(deps, event));
 */
export function createEventConsumer(
  process: EventProcessor,
  options: EventConsumerOptions = {},
): (event: EventBridgeDelivery) => Promise<void> {
  const deadLetters = options.deadLetters ?? deadLetterSinkFromEnv();
  return async (delivery) => {
    logger.appendKeys({
      eventId: delivery.id,
      source: delivery.source,
      detailType: delivery['detail-type'],
    });
    try {
      await process(consumedEvent(delivery));
    } catch (error) {
      if (!(error instanceof UnprocessableEventError)) {
        logger.error('Event processing failed; the delivery will be retried', summary(error));
        throw error;
      }
      await reject(deadLetters, delivery, error);
    } finally {
      // Lambda reuses the logger across invocations: keys of this event must not label the next.
      logger.removeKeys(LOG_KEYS);
    }
  };
}

async function reject(
  deadLetters: DeadLetterSink,
  delivery: EventBridgeDelivery,
  error: UnprocessableEventError,
): Promise<void> {
  const { code, reason } = error;
  try {
    await deadLetters.send({ code, reason, event: delivery });
  } catch (sinkError) {
    logger.error('Rejected event could not be dead-lettered; the delivery will be retried', {
      code,
      ...summary(sinkError),
    });
    throw sinkError;
  }
  logger.warn('Event rejected and dead-lettered', { code, reason });
  // A single metric is published at once with its own dimension, so `code` never leaks onto
  // metrics the processor may have stored and not yet published.
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

/**
 * Name and message only: a stack or cause may quote input values. Flat keys, because the
 * redacting formatter treats a plain `name` key as a person's name.
 */
function summary(error: unknown): { errorName: string; errorMessage: string } {
  return error instanceof Error
    ? { errorName: error.name, errorMessage: error.message }
    : { errorName: 'Error', errorMessage: String(error) };
}
