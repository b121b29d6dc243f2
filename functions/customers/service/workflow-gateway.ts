import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';
import { DEADLINES_CHANGED } from '../workflows/periodic-review.js';

/** The Step Functions operations the customers capability uses, behind a port for tests. */
export interface WorkflowGateway {
  /** Starts an execution; the name makes it idempotent (a repeat is a no-op). */
  startReview(reviewId: string): Promise<void>;
  /** Completes the human step waiting on `taskToken`. False when the token is no longer valid. */
  completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean>;
  /**
   * Tells the step waiting on `taskToken` that its review's deadlines moved: the workflow
   * computes its timeouts again and waits anew. False when the token is no longer valid.
   */
  retimeTask(taskToken: string): Promise<boolean>;
}

/** The periodic review's operations on the shared Step Functions gateway of its state machine. */
export class StepFunctionsGateway implements WorkflowGateway {
  readonly #tasks: TaskTokenGateway;

  constructor(reviewStateMachine: TaskTokenGateway) {
    this.#tasks = reviewStateMachine;
  }

  startReview(reviewId: string): Promise<void> {
    // Ids only: execution histories are not a place for personal information.
    return this.#tasks.start(reviewId, { reviewId });
  }

  completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean> {
    return this.#tasks.completeTask(taskToken, output);
  }

  retimeTask(taskToken: string): Promise<boolean> {
    // Ids only in histories: the cause says what happened, not to whom.
    return this.#tasks.failTask(
      taskToken,
      DEADLINES_CHANGED,
      'The review deadlines were counted again with a newly loaded calendar year',
    );
  }
}
