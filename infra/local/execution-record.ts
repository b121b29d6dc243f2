/**
 * An execution as the local Step Functions keep it: what DescribeExecution returns, what
 * `GET /local/executions` lists and what the execution journal stores.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, for DescribeExecution and `GET /local/executions`. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineId: string;
  readonly name: string;
  status: ExecutionStatus;
  readonly input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  readonly startDate: Date;
  stopDate?: Date;
  /** Names of the states entered, in order. */
  readonly history: string[];
}

/** How an execution ended: the fields set on its record when it stops. */
export type ExecutionOutcome = Partial<ExecutionRecord> & { status: ExecutionStatus };
