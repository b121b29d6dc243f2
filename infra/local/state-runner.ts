import type { Clock } from '../../shared/time/clock.js';
import {
  functionIdFromArn,
  isRecord,
  type StatePlan,
  WRAPPED_INPUT,
  WRAPPED_TIMEOUT,
  WRAPPED_WAIT_SECONDS,
  WRAPPED_WAIT_TIMESTAMP,
} from './asl.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import { TaskFailedError, type TaskTokens } from './task-tokens.js';
import type { ClockTimers } from './timers.js';

export interface StateRunContext {
  readonly executionArn: string;
  readonly invoke: FunctionInvoker;
  readonly clock: Clock;
  readonly timers: ClockTimers;
  readonly tokens: TaskTokens;
  /** The token `$$.Task.Token` minted while this state's Parameters were resolved, if any. */
  readonly takeToken: () => string | undefined;
  /**
   * What this state was waiting on when the local cloud stopped, when the execution resumes
   * at it after a restart (given once): the state waits for that again instead of redoing
   * the work that led to it.
   */
  readonly resumed: (stateName: string) => WaitingWork | undefined;
  /** The state now waits on `work`: recorded, so that a restart can take it up. */
  readonly onWaiting: (work: WaitingWork) => void;
  /** The state stopped waiting (answered, timed out, elapsed). */
  readonly onWaitOver: (stateName: string) => void;
}

/** What a state waits on once its work is handed off. */
export type WaitingWork =
  /** A `.waitForTaskToken` task whose Lambda has taken the token. */
  | {
      readonly kind: 'callback';
      readonly stateName: string;
      readonly token: string;
      readonly since: string;
      readonly deadline?: string;
    }
  /** A Wait state. */
  | { readonly kind: 'wait'; readonly stateName: string; readonly until: string };

interface Callback {
  readonly token: string;
  readonly stateName: string;
  readonly since: Date;
  readonly deadline: Date | undefined;
}

/**
 * Runs one Task (or rewritten Wait) state with the input the interpreter resolved for it,
 * and returns what the service would: the handler's result, wrapped as `{ Payload, StatusCode }`
 * for the `lambda:invoke` integration, or the callback's output for `.waitForTaskToken`.
 */
export async function runStatePlan(
  plan: StatePlan,
  stateInput: unknown,
  run: StateRunContext,
): Promise<unknown> {
  if (plan.kind === 'wait') return runWait(plan, stateInput, run);
  let input = stateInput;
  let timeoutSeconds = plan.timeoutSeconds;
  if (plan.wrapped) {
    const wrapper = isRecord(stateInput) ? stateInput : {};
    input = wrapper[WRAPPED_INPUT];
    timeoutSeconds = positiveInteger(wrapper[WRAPPED_TIMEOUT], 'TimeoutSecondsPath');
  }
  const parameters = isRecord(input) ? input : {};
  const functionId = plan.functionId ?? functionIdFromArn(String(parameters.FunctionName));
  const payload = plan.integration === 'invoke' ? (parameters.Payload ?? {}) : input;
  const deadline =
    timeoutSeconds === undefined ? undefined : new Date(run.clock.now().getTime() + timeoutSeconds * 1000);
  if (plan.waitForTaskToken) {
    return waitForCallback(run, plan.stateName, functionId, payload, deadline);
  }
  const result = jsonRoundTrip(await withDeadline(run, deadline, run.invoke(functionId, payload)));
  return plan.integration === 'invoke'
    ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 }
    : result;
}

async function waitForCallback(
  run: StateRunContext,
  stateName: string,
  functionId: string,
  payload: unknown,
  deadline: Date | undefined,
): Promise<unknown> {
  const minted = run.takeToken();
  const resumed = run.resumed(stateName);
  if (resumed?.kind === 'callback') {
    // Before the restart the Lambda stored this token (with the review, say): invoking it
    // again would hand out a second token. The deadline is the one the task had then.
    return awaitCallback(run, {
      token: resumed.token,
      stateName,
      since: new Date(resumed.since),
      deadline: resumed.deadline === undefined ? undefined : new Date(resumed.deadline),
    });
  }
  const task = { token: minted ?? run.tokens.mint(), stateName, since: run.clock.now(), deadline };
  return awaitCallback(run, task, () => run.invoke(functionId, payload));
}

/** Waits for a task token's answer or deadline, after `handOff` (the Lambda given the token) succeeds. */
async function awaitCallback(
  run: StateRunContext,
  task: Callback,
  handOff?: () => Promise<unknown>,
): Promise<unknown> {
  const { token, stateName, since, deadline } = task;
  const callback = run.tokens.wait(token, { executionArn: run.executionArn, stateName, since });
  // Registered before the handler runs: a handler may answer its own token at once.
  callback.catch(() => undefined);
  const timer = deadline === undefined ? undefined : run.timers.at(deadline, () => run.tokens.timeOut(token));
  if (handOff !== undefined) {
    try {
      await handOff();
    } catch (error) {
      run.tokens.discard(token);
      timer?.cancel();
      throw asTaskError(error);
    }
  }
  // Only now is the token worth keeping across a restart: before, the Lambda may not have it.
  if (run.tokens.isWaiting(token)) {
    run.onWaiting({
      kind: 'callback',
      stateName,
      token,
      since: since.toISOString(),
      ...(deadline === undefined ? {} : { deadline: deadline.toISOString() }),
    });
  }
  try {
    return await callback;
  } finally {
    timer?.cancel();
    run.onWaitOver(stateName);
  }
}

async function runWait(
  plan: Extract<StatePlan, { kind: 'wait' }>,
  stateInput: unknown,
  run: StateRunContext,
) {
  const wrapper = isRecord(stateInput) ? stateInput : {};
  const resumed = run.resumed(plan.stateName);
  const until = resumed?.kind === 'wait' ? Date.parse(resumed.until) : waitUntil(plan, wrapper, run.clock);
  if (until > run.clock.now().getTime()) {
    run.onWaiting({ kind: 'wait', stateName: plan.stateName, until: new Date(until).toISOString() });
    await new Promise<void>((resolve) => run.timers.at(new Date(until), resolve));
    run.onWaitOver(plan.stateName);
  }
  return wrapper[WRAPPED_INPUT];
}

/** When a Wait state ends, from its Seconds/Timestamp or their paths (resolved into `wrapper`). */
function waitUntil(
  plan: Extract<StatePlan, { kind: 'wait' }>,
  wrapper: Record<string, unknown>,
  clock: Clock,
): number {
  const seconds = wrapper[WRAPPED_WAIT_SECONDS] ?? plan.seconds;
  const timestamp = wrapper[WRAPPED_WAIT_TIMESTAMP] ?? plan.timestamp;
  if (seconds !== undefined) return clock.now().getTime() + nonNegativeNumber(seconds) * 1000;
  if (typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp))) return Date.parse(timestamp);
  throw new TaskFailedError('States.Runtime', `Wait state ${plan.stateName} has no valid duration`);
}

async function withDeadline<T>(
  run: StateRunContext,
  deadline: Date | undefined,
  work: Promise<T>,
): Promise<T> {
  if (deadline === undefined) return work.catch((error: unknown) => Promise.reject(asTaskError(error)));
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = run.timers.at(deadline, () => reject(new TaskFailedError('States.Timeout', 'Task timed out.')));
  });
  try {
    return await Promise.race([work.catch((error: unknown) => Promise.reject(asTaskError(error))), timeout]);
  } finally {
    timer?.cancel();
  }
}

/** A handler's error as Step Functions reports it: its name is the error matched by Retry/Catch. */
function asTaskError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new TaskFailedError('Error', String(error));
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TaskFailedError(
      'States.Runtime',
      `${what} must select a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

function nonNegativeNumber(value: unknown): number {
  if (typeof value !== 'number' || value < 0)
    throw new TaskFailedError('States.Runtime', 'Wait seconds invalid');
  return value;
}

/** What crossed the Lambda boundary is JSON: undefined becomes null, dates strings. */
function jsonRoundTrip(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
