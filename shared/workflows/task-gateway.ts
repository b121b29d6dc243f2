import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

/**
 * The Step Functions operations a capability's workflows need, behind a port for tests: start an
 * execution named by the record it is about, answer a waiting step, or fail it with an error the
 * state machine catches (for example "the deadlines moved: compute the timeout again").
 */
export interface TaskTokenGateway {
  /** Starts an execution named `name`; starting the same name again is a no-op. Ids only in `input`. */
  start(name: string, input: Readonly<Record<string, string>>): Promise<void>;
  /** Completes the step waiting on `taskToken`. False when the token is no longer valid. */
  completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** Fails the step waiting on `taskToken` with `error` (caught by the state machine). False when gone. */
  failTask(taskToken: string, error: string, cause: string): Promise<boolean>;
}

const GONE_TOKEN_ERRORS = new Set([
  'TaskTimedOut',
  'TaskDoesNotExist',
  'InvalidToken',
  'ExecutionDoesNotExist',
]);

/** Step Functions through the AWS SDK (the local cloud answers the same API). */
export class StepFunctionsTaskGateway implements TaskTokenGateway {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string | undefined,
    /** The environment variable that should have held the ARN, for the error when it is missing. */
    private readonly arnVariable: string,
  ) {}

  async start(name: string, input: Readonly<Record<string, string>>): Promise<void> {
    if (this.stateMachineArn === undefined) {
      throw new Error(`${this.arnVariable} is not set for this function`);
    }
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
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

  async failTask(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.answer(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
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
