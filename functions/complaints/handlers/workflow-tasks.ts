import { taskHandler } from '../../../shared/lambda/task.js';
import { MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import {
  assignToQueue,
  endReviewWindow,
  openStep,
  prepare,
  recordBreach,
  stepTimeout,
  workflowTaskSchema,
} from '../service/workflow-steps.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/**
 * The ComplaintHandling state machine's tasks (workflows/complaint-handling.ts). Inputs are the
 * complaint id and the stage only; a malformed one fails the task (the execution fails, its
 * alarms see it) instead of being guessed at. Each breach recorded is counted as the EMF
 * business metric ComplaintSlaBreaches, which the capability alarms on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  return taskHandler(
    workflowTaskSchema,
    async (task): Promise<Record<string, unknown>> => {
      switch (task.action) {
        case 'prepare':
          return prepare(deps, task.complaintId);
        case 'assignToQueue':
          return assignToQueue(deps, task.complaintId);
        case 'timeouts':
          return stepTimeout(deps, task.complaintId, task.stage);
        case 'openStep':
          return openStep(deps, task.complaintId, task.stage, task.taskToken);
        case 'recordBreach': {
          const { breach } = await recordBreach(deps, task.complaintId, task.stage);
          if (breach === undefined) return { recorded: false };
          metrics.addMetric('ComplaintSlaBreaches', MetricUnit.Count, 1);
          // The deadline's kind and level are codes: the execution history may hold them.
          return { recorded: true, deadline: breach.kind, escalatedTo: breach.escalatedTo };
        }
        case 'endReviewWindow':
          return endReviewWindow(deps, task.complaintId);
      }
    },
    (task) => task.complaintId,
  );
}

export const handler = createHandler(lambdaRuntime());
