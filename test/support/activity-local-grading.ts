import { GRADING_WORK, gradingMaxDelaySeconds } from '../../functions/activity/domain/settings.js';
import type { ActivityDeps } from '../../functions/activity/service/deps.js';
import { gradingWork } from '../../functions/activity/service/grade.js';
import { LocalFifoQueue } from '../../infra/local/fifo-queue.js';
import type { WorkRequestBody, WorkRequests } from '../../shared/coalescing/requests.js';
import { deduplicationId } from '../../shared/coalescing/sqs-work-requests.js';
import { coalescedWorkHandler } from '../../shared/lambda/coalesced-work.js';
import type { DeadLetter } from '../../shared/messaging/dead-letters.js';
import type { Clock } from '../../shared/time/clock.js';
import { lambdaContext } from './lambda-context.js';

export interface LocalGradingOptions {
  readonly clock: Clock;
  /** Batches graded at once (the mapping's MaximumConcurrency). */
  readonly maxConcurrency: number;
  /** Held before each batch is graded: a test opens it to let a backlog build first. */
  readonly beforeBatch?: () => Promise<void>;
}

/**
 * The Grading coalesced work in process, as deployed but without AWS: the requests a sender
 * makes go, as SQS messages (`{key, requestedAt}`, the customer as message group, the
 * deduplication id of sqsWorkRequests), to the local FIFO queue, which feeds the grader's
 * handler (coalescedWorkHandler over gradingWork, as handlers/grader.ts builds it) batches of up
 * to 10 with SQS's group locking. `gradings` counts the customers graded (one per customer per
 * batch), `settled()` waits until the queue is drained.
 */
export function localGrading(deps: ActivityDeps, options: LocalGradingOptions) {
  const { clock } = options;
  let gradings = 0;
  const deadLetters: DeadLetter[] = [];
  const grade = gradingWork(deps);
  const handler = coalescedWorkHandler({
    workId: GRADING_WORK,
    work: async (customerId) => {
      gradings += 1;
      await grade(customerId);
    },
    maxDelaySeconds: gradingMaxDelaySeconds({}),
    clock,
    deadLetters: { send: async (letter) => void deadLetters.push(letter) },
  });
  const context = lambdaContext('ActivityGrader');
  const queue = new LocalFifoQueue({
    name: 'local-Grading.fifo',
    maxConcurrency: options.maxConcurrency,
    clock,
    deliver: async (event) => {
      await options.beforeBatch?.();
      return handler(event, context);
    },
  });
  const requests: WorkRequests = {
    async request(key, cause) {
      const body: WorkRequestBody = { key, requestedAt: clock.now().toISOString() };
      queue.send({ body: JSON.stringify(body), groupId: key, deduplicationId: deduplicationId(key, cause) });
    },
  };
  return {
    queue,
    requests,
    deadLetters,
    /** Customers graded so far (a customer graded by two batches counts twice). */
    gradings: () => gradings,
    /** Resolves once nothing is waiting, in flight or to be given out again. */
    settled: () => queue.whenIdle(),
  };
}
