import { logger } from '../../../shared/observability/logger.js';
import * as z from '../../../shared/zod.js';
import { customerDepsFromEnv } from '../runtime.js';
import { stepFunctionsFromEnv } from '../runtime-workflows.js';
import { awaitReviewStage, markReviewOverdue, reviewDeadlines } from '../service/reviews.js';

const deps = customerDepsFromEnv(process.env, { workflows: stepFunctionsFromEnv });

const idSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const taskSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('computeDeadlines'), reviewId: idSchema }),
  z.strictObject({
    action: z.literal('openTask'),
    stage: z.enum(['rm', 'supervisor']),
    reviewId: idSchema,
    taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  }),
  z.strictObject({ action: z.literal('markOverdue'), reviewId: idSchema }),
]);

/**
 * The PeriodicReview state machine's tasks. Inputs are ids only; a malformed one fails the
 * task (the workflow's error handling and alarms see it) instead of being guessed at.
 */
export async function handler(event: unknown): Promise<Record<string, unknown>> {
  const task = taskSchema.parse(event);
  logger.appendKeys({ reviewId: task.reviewId, action: task.action });
  switch (task.action) {
    case 'computeDeadlines':
      return reviewDeadlines(deps, task.reviewId);
    case 'openTask':
      return awaitReviewStage(deps, task.reviewId, task.stage, task.taskToken);
    case 'markOverdue':
      return markReviewOverdue(deps, task.reviewId);
  }
}
