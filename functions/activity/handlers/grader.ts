import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { GRADING_WORK, gradingMaxDelaySeconds } from '../domain/settings.js';
import { gradingWork } from '../service/grade.js';
import { setup } from '../setup.js';

/**
 * The grader: the Grading queue's batches, each distinct customer graded once from the latest
 * aggregates, which covers every request queued before it (docs/architecture.md, "Coalesced
 * work"). A grading that changes nothing writes nothing; one that fails makes SQS give that
 * customer's requests out again (the others of the batch stand), and after 5 receives they go
 * to the queue's DLQ: the daily regrade grades every due customer anyway.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return coalescedWorkHandler({
    workId: GRADING_WORK,
    work: gradingWork(deps),
    maxDelaySeconds: gradingMaxDelaySeconds(runtime.env),
    clock: runtime.clock,
    env: runtime.env,
  });
}

export const handler = createHandler(lambdaRuntime());
