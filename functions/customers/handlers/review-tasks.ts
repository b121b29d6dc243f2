import { idField } from '../../../shared/events/fields.js';
import { taskHandler } from '../../../shared/lambda/task.js';
import { MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { awaitReviewStage, markReviewOverdue, reviewDeadlines } from '../service/reviews.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

const taskSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('computeDeadlines'), reviewId: idField }),
  z.strictObject({
    action: z.literal('openTask'),
    stage: z.enum(['rm', 'supervisor']),
    reviewId: idField,
    taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  }),
  z.strictObject({ action: z.literal('markOverdue'), reviewId: idField }),
]);

/**
 * The PeriodicReview state machine's tasks. Inputs are ids only; a malformed one fails the
 * task (the workflow's error handling and alarms see it) instead of being guessed at. Each SLA
 * breach is counted as an EMF business metric (the definition alarms on ReviewsOverdue).
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  return taskHandler(
    taskSchema,
    async (task): Promise<Record<string, unknown>> => {
      switch (task.action) {
        case 'computeDeadlines':
          return reviewDeadlines(deps, task.reviewId);
        case 'openTask': {
          const result = await awaitReviewStage(deps, task.reviewId, task.stage, task.taskToken);
          // Reaching the supervisor means the RM's deadline passed: counted for the KPIs, once
          // (the supervisor's step waits again, uncounted, when its deadline moves).
          if (result.escalated) metrics.addMetric('ReviewsEscalated', MetricUnit.Count, 1);
          return result;
        }
        case 'markOverdue': {
          const result = await markReviewOverdue(deps, task.reviewId);
          if (result.overdue) metrics.addMetric('ReviewsOverdue', MetricUnit.Count, 1);
          return result;
        }
      }
    },
    (task) => task.reviewId,
  );
}

export const handler = createHandler(lambdaRuntime());
