import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '../../../shared/observability/logger.js';
import { metrics } from '../../../shared/observability/metrics.js';
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

/** One SLA breach, as an EMF business metric (the manifest alarms on ReviewsOverdue). */
function countBreach(metricName: 'ReviewsEscalated' | 'ReviewsOverdue'): void {
  metrics.addMetric(metricName, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

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
    case 'openTask': {
      const result = await awaitReviewStage(deps, task.reviewId, task.stage, task.taskToken);
      // Reaching the supervisor means the RM's deadline passed: counted for the KPIs.
      if (task.stage === 'supervisor' && result.waiting) countBreach('ReviewsEscalated');
      return result;
    }
    case 'markOverdue': {
      const result = await markReviewOverdue(deps, task.reviewId);
      if (result.overdue) countBreach('ReviewsOverdue');
      return result;
    }
  }
}
