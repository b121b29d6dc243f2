import { randomUUID } from 'node:crypto';
import type { StateMachineSpec } from '../../shared/capability/types.js';
import type { AdvanceableClock } from './clock.js';
import { LOCAL_ACCOUNT } from './environment.js';
import { executionContext } from './execution-context.js';
import { type JournalEntry, journalContent, loadJournal } from './execution-journal.js';
import {
  enterState,
  initialProgress,
  journalEntry,
  type Progress,
  type Resumption,
} from './execution-progress.js';
import type { ExecutionOutcome, ExecutionRecord } from './execution-record.js';
import { JsonFileWriter } from './json-file.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import { decideResume, RESUME_UNSUPPORTED } from './resume.js';
import { compileMachines, type EventLogs, interpreterAt, type Machine, outcomeOf } from './state-machines.js';
import { runStatePlan, type StateRunContext } from './state-runner.js';
import { type PendingTask, StatesApiError, TaskTokens } from './task-tokens.js';
import type { ClockTimers } from './timers.js';

export type { ExecutionRecord, ExecutionStatus } from './execution-record.js';

export interface LocalStepFunctionsOptions {
  readonly stateMachines: readonly StateMachineSpec[];
  readonly invoke: FunctionInvoker;
  readonly clock: AdvanceableClock;
  readonly timers: ClockTimers;
}

interface Running {
  readonly record: ExecutionRecord;
  /** Stops the interpreter and the execution's own timeout. */
  readonly halt: () => void;
}

/**
 * Step Functions in process: the capabilities' state machines run by `aws-local-stepfunctions`,
 * Task states bound to the in-process handlers, `.waitForTaskToken` emulated, and every
 * timeout (TimeoutSeconds, TimeoutSecondsPath, Wait states) on the local cloud's clock.
 *
 * With `persistTo`, executions are durable as in AWS: each change is journalled, and after a
 * restart a running execution resumes at the top-level state it was in, with that state's
 * input. A task waiting for its token waits again for the same token until the same
 * deadline, its Lambda not invoked twice; a Wait waits until the same time; any other Task
 * that was in flight runs again (at least once, as a retried Task would in AWS). Executions
 * stopped inside a Parallel or Map state are not resumed: they fail with
 * `Local.ResumeUnsupported` (see resume.ts). After a resume `$$.Execution.Input` describes
 * the resumed run; `$$.Execution.StartTime` is the original start on the local clock (asl.ts).
 */
export class LocalStepFunctions {
  readonly tokens = new TaskTokens();
  readonly #machines: ReadonlyMap<string, Machine>;
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #running = new Map<string, Running>();
  readonly #progress = new Map<string, Progress>();
  readonly #listeners = new Set<() => void>();
  readonly #options: LocalStepFunctionsOptions;
  #journal: JsonFileWriter | undefined;
  #stopped = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    this.#machines = compileMachines(options.stateMachines);
  }

  /** The state machines served, with their definitions as CDK deploys them. */
  listStateMachines(): { id: string; arn: string; definition: Record<string, unknown> }[] {
    return [...this.#machines.values()].map(({ prepared }) => ({
      id: prepared.id,
      arn: prepared.arn,
      definition: prepared.definition,
    }));
  }

  /**
   * Makes executions durable in `file` (JSON, in the local cloud's data directory): the
   * executions it holds come back (finished ones as history, running ones resumed where
   * they were) and every change from now on is written to it. Called once at start-up,
   * when the functions the workflows invoke can run.
   */
  async persistTo(file: string): Promise<{ resumed: number; failed: number }> {
    if (this.#journal !== undefined) throw new Error('Executions are already persisted');
    const entries = await loadJournal(file);
    this.#journal = new JsonFileWriter(file, () => journalContent(this.#journalEntries()));
    let resumed = 0;
    let failed = 0;
    for (const entry of entries) {
      if (this.#executions.has(entry.execution.executionArn)) continue;
      this.#executions.set(entry.execution.executionArn, entry.execution);
      if (entry.execution.status !== 'RUNNING') continue;
      if (this.#resume(entry)) resumed += 1;
      else failed += 1;
    }
    this.#changed();
    return { resumed, failed };
  }

  /** StartExecution; a repeated name with the same input returns the existing execution (AWS idempotency). */
  startExecution(stateMachine: string, input: unknown, name: string = randomUUID()): ExecutionRecord {
    const machine = this.#machines.get(stateMachine) ?? this.#byArn(stateMachine);
    if (machine === undefined) {
      throw new StatesApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachine}'`);
    }
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name))
      throw new StatesApiError('InvalidName', `Invalid Name: '${name}'`);
    const { prepared } = machine;
    const executionArn = `arn:aws:states:local:${LOCAL_ACCOUNT}:execution:${prepared.id}:${name}`;
    const existing = this.#executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input))
        return existing;
      throw new StatesApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: prepared.arn,
      stateMachineId: prepared.id,
      name,
      status: 'RUNNING',
      input,
      startDate: this.#options.clock.now(),
      history: [],
    };
    this.#executions.set(executionArn, record);
    this.#launch(machine, record, input);
    this.#changed();
    return record;
  }

  /** StopExecution: the execution ends ABORTED, and stays so across restarts. */
  stopExecution(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.describeExecution(executionArn);
    if (record.status !== 'RUNNING') return record;
    this.#finish(record, {
      status: 'ABORTED',
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.#running.get(executionArn)?.halt();
    this.tokens.cancelExecution(executionArn, 'Execution aborted');
    this.#notify();
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

  /**
   * Resolves with the execution once it has ended, however long that takes (a pass started by
   * the local scheduler): no real-time bound, unlike `waitForExecution`.
   */
  async whenEnded(executionArn: string): Promise<ExecutionRecord> {
    const record = this.describeExecution(executionArn);
    if (record.status !== 'RUNNING') return record;
    return new Promise((resolve) => {
      const check = (): void => {
        if (record.status === 'RUNNING') return;
        this.#listeners.delete(check);
        resolve(record);
      };
      this.#listeners.add(check);
    });
  }

  /**
   * Shutdown: every running execution stops where it is and no state starts work any more.
   * Durable executions stay RUNNING in the journal, for the next start to resume (a
   * workflow in AWS outlives whoever started it); without a journal nothing will take them
   * up, so they end ABORTED.
   */
  async stop(): Promise<void> {
    // What already happened (a state entered, a Lambda that took its token) is still queued
    // for #follow and the journal: one turn of the event loop lets it through.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#journal === undefined) {
      for (const { record } of this.#running.values()) this.#finish(record, { status: 'ABORTED' });
    }
    this.#stopped = true;
    for (const { halt } of [...this.#running.values()]) halt();
    this.tokens.abandonAll();
    await this.#journal?.flush();
  }

  #byArn(arn: string): Machine | undefined {
    return [...this.#machines.values()].find(({ prepared }) => prepared.arn === arn);
  }

  /** Takes up a journalled RUNNING execution; false when it cannot be and has failed instead. */
  #resume({ execution: record, resume: point }: JournalEntry): boolean {
    const machine = this.#machines.get(record.stateMachineId);
    if (machine === undefined) {
      this.#finish(record, {
        status: 'FAILED',
        error: RESUME_UNSUPPORTED,
        cause: `The state machine ${record.stateMachineId} is no longer served by the local cloud.`,
      });
      console.warn(`Execution ${record.name} failed on resume: ${record.cause}`);
      return false;
    }
    const decision = decideResume(machine.prepared.definition, point);
    switch (decision.kind) {
      case 'fail':
        this.#finish(record, { status: 'FAILED', error: RESUME_UNSUPPORTED, cause: decision.cause });
        console.warn(
          `Execution ${record.name} of ${record.stateMachineId} failed on resume: ${decision.cause}`,
        );
        return false;
      case 'restart':
        this.#launch(machine, record, record.input);
        return true;
      case 'resume':
        this.#launch(machine, record, decision.input, {
          state: decision.state,
          ...(decision.waiting === undefined ? {} : { waiting: decision.waiting }),
        });
        return true;
    }
  }

  /** Runs `record`'s execution from the definition's start, or from where it is resumed. */
  #launch(machine: Machine, record: ExecutionRecord, input: unknown, resume?: Resumption): void {
    const { prepared } = machine;
    const { executionArn } = record;
    const { clock, timers } = this.#options;
    const progress = initialProgress(input, resume);
    this.#progress.set(executionArn, progress);
    const tokens = this.tokens;
    const { context, takeToken } = executionContext(prepared, record, tokens);
    let carriedOver = resume?.waiting;
    const stateRun: StateRunContext = {
      executionArn,
      invoke: this.#options.invoke,
      clock,
      timers,
      tokens,
      takeToken,
      // The first state to run after a resume is the one resumed at: only it takes this up.
      resumed: (stateName) => {
        const work = carriedOver;
        carriedOver = undefined;
        return work?.stateName === stateName ? work : undefined;
      },
      onWaiting: (work) => {
        progress.waiting = work;
        this.#changed();
      },
      onWaitOver: (stateName) => {
        if (progress.waiting?.stateName !== stateName) return;
        delete progress.waiting;
        this.#changed();
      },
    };
    const handlers = Object.fromEntries(
      [...prepared.plans].map(([stateName, plan]) => [
        stateName,
        // Once the local cloud stops, no state starts work: its execution resumes at the next start.
        (stateInput: unknown) =>
          this.#stopped ? new Promise<never>(() => undefined) : runStatePlan(plan, stateInput, stateRun),
      ]),
    );
    const interpreter = resume === undefined ? machine.interpreter : interpreterAt(machine, resume.state);
    const run = interpreter.run(input as never, {
      context,
      overrides: { taskResourceLocalHandlers: handlers as never },
    });
    run.result.catch(() => undefined);
    // The execution's deadline counts from its start, not from a resume.
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
    this.#running.set(executionArn, {
      record,
      halt: () => {
        timeout?.cancel();
        run.abort();
      },
    });
    void this.#follow(record, machine, run.eventLogs, resume?.state).finally(() => {
      timeout?.cancel();
      this.#running.delete(executionArn);
      if (this.#stopped) return;
      this.tokens.cancelExecution(executionArn, 'Execution ended');
      this.#notify();
    });
  }

  async #follow(
    record: ExecutionRecord,
    machine: Machine,
    events: EventLogs,
    resumedAt: string | undefined,
  ): Promise<void> {
    // A resumed run enters its first state again: that is not a new step in its history.
    let reentry = resumedAt;
    for await (const event of events) {
      if (this.#stopped) return;
      if (event.type === 'StateEntered') {
        const { name, input } = event.state;
        if (name !== reentry) record.history.push(name);
        reentry = undefined;
        if (machine.topLevel.has(name)) this.#entered(record.executionArn, name, input);
      } else {
        const outcome = outcomeOf(event);
        if (outcome !== undefined) this.#finish(record, outcome);
      }
      this.#notify();
    }
  }

  /** The execution entered a top-level state: that is where it resumes from now on. */
  #entered(executionArn: string, state: string, input: unknown): void {
    const progress = this.#progress.get(executionArn);
    if (progress === undefined) return;
    enterState(progress, state, input);
    this.#changed();
  }

  #finish(record: ExecutionRecord, outcome: ExecutionOutcome): void {
    if (this.#stopped || record.status !== 'RUNNING') return;
    Object.assign(record, outcome, { stopDate: this.#options.clock.now() });
    this.#progress.delete(record.executionArn);
    this.#changed();
  }

  #journalEntries(): JournalEntry[] {
    return [...this.#executions.values()].map((execution) =>
      journalEntry(execution, this.#progress.get(execution.executionArn)),
    );
  }

  #changed(): void {
    if (!this.#stopped) this.#journal?.changed();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
