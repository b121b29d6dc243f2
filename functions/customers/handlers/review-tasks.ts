import { z } from 'zod';
import { logger } from '../../../shared/observability/index.js';
import { customerDepsFromEnv } from '../runtime.js';
import { awaitReviewStage, markReviewOverdue, reviewDeadlines } from '../service/reviews.js';

const deps = customerDepsFromEnv();

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const taskSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('computeDeadlines'), reviewId: idSchema }).strict(),
  z
    .object({
      action: z.literal('openTask'),
      stage: z.enum(['rm', 'supervisor']),
      reviewId: idSchema,
      taskToken: z.string().min(1).max(2048),
    })
    .strict(),
  z.object({ action: z.literal('markOverdue'), reviewId: idSchema }).strict(),
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
