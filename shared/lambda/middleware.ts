import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';

/** Reads the correlation id of one invocation from its event or context (ids only, never data). */
export type CorrelationIdOf<E> = (event: E, context: Context) => string | undefined;

/**
 * The correlation id (API Gateway's request id, EventBridge's event id, the execution's name)
 * on every log line of the invocation, and only of that one.
 */
function correlationId<E, R>(of: CorrelationIdOf<E>): MiddlewareObj<E, R> {
  return {
    before: ({ event, context }) => {
      logger.setCorrelationId(of(event, context));
    },
  };
}

/**
 * The middleware every Lambda handler of the product runs in, whatever its trigger: the
 * Powertools logger with the Lambda context and the correlation id (keys reset after each
 * invocation), and EMF metrics with the cold-start metric, flushed after the handler returns
 * and also when it throws (never by hand). Each trigger kind's wrapper (`http.ts`,
 * `event-bridge.ts`, `schedule.ts`, `task.ts`, `sqs.ts`, `stream.ts`) builds on this one.
 * @example export const handler = withPowertools(async (event) => work(event), (event) => event.id);
 */
export function withPowertools<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  correlationIdOf: CorrelationIdOf<E>,
): MiddyfiedHandler<E, R> {
  return middy<E, R>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlationId(correlationIdOf))
    .use(logMetrics(metrics, { captureColdStartMetric: true, throwOnEmptyMetrics: false }));
}
