import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
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

const GONE_TOKEN_ERRORS = new Set([
  'TaskTimedOut',
  'TaskDoesNotExist',
  'InvalidToken',
  'ExecutionDoesNotExist',
]);

/** Step Functions through the AWS SDK (the local cloud answers the same API). */
export class StepFunctionsGateway implements WorkflowGateway {
  constructor(
    private readonly client: SFNClient,
    private readonly reviewStateMachineArn: string | undefined,
  ) {}

  async startReview(reviewId: string): Promise<void> {
    if (this.reviewStateMachineArn === undefined) {
      throw new Error('STATE_MACHINE_PERIODIC_REVIEW_ARN is not set for this function');
    }
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.reviewStateMachineArn,
          name: reviewId,
          // Ids only: execution histories are not a place for personal information.
          input: JSON.stringify({ reviewId }),
        }),
      );
    } catch (error) {
      // Same name and input again: Step Functions treats it as the same execution.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }

  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean> {
    return this.answer(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  async retimeTask(taskToken: string): Promise<boolean> {
    return this.answer(() =>
      this.client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: DEADLINES_CHANGED,
          // Ids only in histories: the cause says what happened, not to whom.
          cause: 'The review deadlines were counted again with a newly loaded calendar year',
        }),
      ),
    );
  }

  /** Sends a task's answer; false when the token is gone (answered, timed out, execution ended). */
  private async answer(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof Error && GONE_TOKEN_ERRORS.has(error.name)) return false;
      throw error;
    }
  }
}
