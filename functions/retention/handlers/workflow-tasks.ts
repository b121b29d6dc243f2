import { taskHandler } from '../../../shared/lambda/task.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { caseOpener } from '../service/cases/opening.js';
import { caseTaskSchema, runCaseTask } from '../service/cases/workflow-steps.js';
import { rescorer } from '../service/rescore.js';
import { scoringDeps } from '../setup.js';
import { caseDeps } from '../setup-workflows.js';

/**
 * The RetentionCase state machine's tasks (workflows/retention-case.ts, docs/domain-rules.md
 * §20.5–20.6). Inputs are the case id and the step only; a malformed one fails the task (the
 * execution fails, its alarms see it) instead of being guessed at. The close task scores the
 * customer again with the scoring side's Rescorer (the customer's case is still open then, so
 * that score opens no other case).
 */
export function createHandler(runtime: Runtime) {
  // The two sides need each other: the rescore may call the opener, the close calls the rescore.
  const deps = caseDeps(runtime, { rescore: (customerId) => scorer.rescore(customerId) });
  const scorer = rescorer(scoringDeps(runtime, caseOpener(deps)));
  return taskHandler(
    caseTaskSchema,
    (task): Promise<Record<string, unknown>> => runCaseTask(deps, task),
    (task) => task.caseId,
  );
}

export const handler = createHandler(lambdaRuntime());
