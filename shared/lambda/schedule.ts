import type { MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseWith } from '../http/validation.js';
import type * as z from '../zod.js';
import { withPowertools } from './middleware.js';

/**
 * The handler of an EventBridge Scheduler target: the schedule's input (the `input` of its
 * ScheduleSpec, `{}` when it has none) validated with `schema` (a malformed input fails the
 * invocation, which the schedule's retry policy and dead-letter queue then see), then `job`,
 * in the common middleware (the correlation id is the invocation's request id). The job's
 * result is returned, for the logs and the local cloud.
 * @example export const handler = scheduledHandler(z.strictObject({ job: z.enum(['regrade']) }), (input) => run(input));
 */
export function scheduledHandler<I, R>(
  schema: z.core.$ZodType<I>,
  job: (input: I, context: Context) => Promise<R>,
): MiddyfiedHandler<unknown, R> {
  return withPowertools<unknown, R>(
    async (event, context) => job(parseWith(schema, event ?? {}, 'body'), context),
    (_event, context) => context.awsRequestId,
  );
}
