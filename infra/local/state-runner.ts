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
  const token = run.takeToken() ?? run.tokens.mint();
  const callback = run.tokens.wait(token, {
    executionArn: run.executionArn,
    stateName,
    since: run.clock.now(),
  });
  // Registered before the handler runs: a handler may answer its own token at once.
  callback.catch(() => undefined);
  const timer = deadline === undefined ? undefined : run.timers.at(deadline, () => run.tokens.timeOut(token));
  try {
    await run.invoke(functionId, payload);
  } catch (error) {
    run.tokens.discard(token);
    timer?.cancel();
    throw asTaskError(error);
  }
  try {
    return await callback;
  } finally {
    timer?.cancel();
  }
}

async function runWait(
  plan: Extract<StatePlan, { kind: 'wait' }>,
  stateInput: unknown,
  run: StateRunContext,
) {
  const wrapper = isRecord(stateInput) ? stateInput : {};
  let until: number;
  const seconds = wrapper[WRAPPED_WAIT_SECONDS] ?? plan.seconds;
  const timestamp = wrapper[WRAPPED_WAIT_TIMESTAMP] ?? plan.timestamp;
  if (seconds !== undefined) {
    until = run.clock.now().getTime() + nonNegativeNumber(seconds) * 1000;
  } else if (typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp))) {
    until = Date.parse(timestamp);
  } else {
    throw new TaskFailedError('States.Runtime', `Wait state ${plan.stateName} has no valid duration`);
  }
  if (until > run.clock.now().getTime()) {
    await new Promise<void>((resolve) => run.timers.at(new Date(until), resolve));
  }
  return wrapper[WRAPPED_INPUT];
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
