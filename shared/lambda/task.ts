import type { MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseWith } from '../http/validation.js';
import { logger } from '../observability/logger.js';
import type * as z from '../zod.js';
import { withPowertools } from './middleware.js';

/**
 * The handler of a Step Functions Task state (`lambda:invoke`, with or without
 * `.waitForTaskToken`): the state's payload validated with `schema` (ids only: workflow
 * payloads never carry personal data; a malformed payload fails the task, which the state
 * machine's Catch and alarms see, rather than being guessed at), then `task`, in the common
 * middleware. `correlationIdOf` names the id that ties the task's log lines to its workflow.
 * @example export const handler = taskHandler(taskSchema, (task) => run(task), (task) => task.reviewId);
 */
export function taskHandler<I, R>(
  schema: z.core.$ZodType<I>,
  task: (input: I, context: Context) => Promise<R>,
  correlationIdOf: (input: I) => string,
): MiddyfiedHandler<unknown, R> {
  return withPowertools<unknown, R>(
    async (event, context) => {
      const input = parseWith(schema, event, 'body');
      logger.setCorrelationId(correlationIdOf(input));
      return task(input, context);
    },
    (_event, context) => context.awsRequestId,
  );
}
