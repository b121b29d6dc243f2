import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineSpec } from '../../shared/capability/types.js';
import { type PreparedStateMachine, prepareStateMachine } from './asl.js';
import type { AdvanceableClock } from './clock.js';
import { LOCAL_ACCOUNT } from './environment.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import { runStatePlan } from './state-runner.js';
import { type PendingTask, StatesApiError, TaskTokens } from './task-tokens.js';
import type { ClockTimers } from './timers.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, kept in memory for DescribeExecution and `GET /local/executions`. */
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

export interface LocalStepFunctionsOptions {
  readonly stateMachines: readonly StateMachineSpec[];
  readonly invoke: FunctionInvoker;
  readonly clock: AdvanceableClock;
  readonly timers: ClockTimers;
}

type EventLogs = ReturnType<StateMachine['run']>['eventLogs'];

interface Running {
  readonly record: ExecutionRecord;
  readonly abort: () => void;
}

/**
 * Step Functions in process: the manifests' definitions run by `aws-local-stepfunctions`,
 * Task states bound to the in-process handlers, `.waitForTaskToken` emulated, and every
 * timeout (TimeoutSeconds, TimeoutSecondsPath, Wait states) on the local cloud's clock.
 */
export class LocalStepFunctions {
  readonly tokens = new TaskTokens();
  readonly #machines = new Map<string, { prepared: PreparedStateMachine; interpreter: StateMachine }>();
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #running = new Map<string, Running>();
  readonly #listeners = new Set<() => void>();
  readonly #options: LocalStepFunctionsOptions;

  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    for (const spec of options.stateMachines) {
      if (this.#machines.has(spec.id)) throw new Error(`Two state machines declare the id ${spec.id}`);
      const prepared = prepareStateMachine(spec);
      let interpreter: StateMachine;
      try {
        interpreter = new StateMachine(prepared.runnable);
      } catch (error) {
        throw new Error(`State machine ${spec.id}: ${String(error)}`, { cause: error });
      }
      this.#machines.set(spec.id, { prepared, interpreter });
    }
  }

  /** The state machines served, with their definitions as CDK deploys them. */
  listStateMachines(): { id: string; arn: string; definition: Record<string, unknown> }[] {
    return [...this.#machines.values()].map(({ prepared }) => ({
      id: prepared.id,
      arn: prepared.arn,
      definition: prepared.definition,
    }));
  }

  /** StartExecution; a repeated name with the same input returns the existing execution (AWS idempotency). */
  startExecution(stateMachine: string, input: unknown, name: string = randomUUID()): ExecutionRecord {
    const machine = this.#machines.get(stateMachine) ?? this.#byArn(stateMachine);
    if (machine === undefined) {
      throw new StatesApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachine}'`);
    }
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name))
      throw new StatesApiError('InvalidName', `Invalid Name: '${name}'`);
    const { prepared, interpreter } = machine;
    const executionArn = `arn:aws:states:local:${LOCAL_ACCOUNT}:execution:${prepared.id}:${name}`;
    const existing = this.#executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input))
        return existing;
      throw new StatesApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const { clock, timers } = this.#options;
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: prepared.arn,
      stateMachineId: prepared.id,
      name,
      status: 'RUNNING',
      input,
      startDate: clock.now(),
      history: [],
    };
    this.#executions.set(executionArn, record);
    const minted: { token?: string | undefined } = {};
    const tokens = this.tokens;
    const context = {
      Execution: { Id: executionArn, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local` },
      StateMachine: { Id: prepared.arn, Name: prepared.id },
      // `$$.Task.Token` mints a token each time a state's Parameters read it; the state's
      // local handler (called synchronously right after) takes it.
      Task: {
        get Token(): string {
          minted.token = tokens.mint();
          return minted.token;
        },
      },
    };
    const takeToken = (): string | undefined => {
      const token = minted.token;
      minted.token = undefined;
      return token;
    };
    const handlers = Object.fromEntries(
      [...prepared.plans].map(([stateName, plan]) => [
        stateName,
        (stateInput: unknown) =>
          runStatePlan(plan, stateInput, {
            executionArn,
            invoke: this.#options.invoke,
            clock,
            timers,
            tokens,
            takeToken,
          }),
      ]),
    );
    const run = interpreter.run(input as never, {
      context,
      overrides: { taskResourceLocalHandlers: handlers as never },
    });
    run.result.catch(() => undefined);
    const timeout =
      prepared.executionTimeoutSeconds === undefined
        ? undefined
        : timers.at(new Date(record.startDate.getTime() + prepared.executionTimeoutSeconds * 1000), () => {
            this.#finish(record, {
              status: 'TIMED_OUT',
              error: 'States.Timeout',
              cause: 'Execution timed out.',
            });
            run.abort();
          });
    this.#running.set(executionArn, { record, abort: run.abort });
    void this.#follow(record, run.eventLogs).finally(() => {
      timeout?.cancel();
      this.#running.delete(executionArn);
      this.tokens.cancelExecution(executionArn, 'Execution ended');
      this.#notify();
    });
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.#executions.get(executionArn);
    if (record === undefined) {
      throw new StatesApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return record;
  }

  /** Executions, newest first, optionally of one state machine. */
  listExecutions(stateMachineId?: string): ExecutionRecord[] {
    return [...this.#executions.values()]
      .filter((record) => stateMachineId === undefined || record.stateMachineId === stateMachineId)
      .reverse();
  }

  /** Tasks waiting for SendTaskSuccess/Failure, optionally of one execution. */
  pendingTasks(executionArn?: string): PendingTask[] {
    return this.tokens
      .pending()
      .filter((task) => executionArn === undefined || task.executionArn === executionArn);
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.tokens.succeed(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.tokens.fail(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.tokens.heartbeat(taskToken);
  }

  /**
   * Resolves with the execution once `predicate` holds (default: it has ended). Time here is
   * real time: it bounds how long a test waits for in-process work, not workflow time.
   */
  async waitForExecution(
    executionArn: string,
    predicate: (record: ExecutionRecord) => boolean = (record) => record.status !== 'RUNNING',
    timeoutMs = 15_000,
  ): Promise<ExecutionRecord> {
    const record = this.describeExecution(executionArn);
    if (predicate(record)) return record;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(
          new Error(`Execution ${executionArn} did not reach the expected state (now ${record.status})`),
        );
      }, timeoutMs);
      const check = (): void => {
        if (!predicate(record)) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(record);
      };
      this.#listeners.add(check);
    });
  }

  /** Aborts every running execution (shutdown). */
  stop(): void {
    for (const { record, abort } of [...this.#running.values()]) {
      this.#finish(record, { status: 'ABORTED' });
      this.tokens.cancelExecution(record.executionArn, 'Local cloud stopped');
      abort();
    }
  }

  #byArn(arn: string): { prepared: PreparedStateMachine; interpreter: StateMachine } | undefined {
    return [...this.#machines.values()].find(({ prepared }) => prepared.arn === arn);
  }

  async #follow(record: ExecutionRecord, events: EventLogs): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered') record.history.push(event.state.name);
      else if (event.type === 'ExecutionSucceeded')
        this.#finish(record, { status: 'SUCCEEDED', output: event.output });
      else if (event.type === 'ExecutionFailed') {
        this.#finish(record, { status: 'FAILED', error: event.Error, cause: causeText(event.Cause) });
      } else if (event.type === 'ExecutionAborted') this.#finish(record, { status: 'ABORTED' });
      this.#notify();
    }
  }

  #finish(record: ExecutionRecord, outcome: Partial<ExecutionRecord> & { status: ExecutionStatus }): void {
    if (record.status !== 'RUNNING') return;
    Object.assign(record, outcome, { stopDate: this.#options.clock.now() });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}
