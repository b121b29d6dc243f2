import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { StateMachineSpec } from '../../shared/capability/types.js';
import { stateMachineArn } from './environment.js';
import { functionArn } from './lambda-runtime.js';

/**
 * The interpreter's own Task timeout is real time (and 60 s by default); every Task gets the
 * longest one Node can wait instead, and the local cloud enforces the definition's timeouts
 * on its clock.
 */
const INTERPRETER_NO_TIMEOUT_SECONDS = 2_147_483;
/** Keys of the wrapper the local cloud puts around a state's Parameters to read values from its input. */
export const WRAPPED_INPUT = 'localEffectiveInput';
export const WRAPPED_TIMEOUT = 'localTimeoutSeconds';
export const WRAPPED_WAIT_SECONDS = 'localWaitSeconds';
export const WRAPPED_WAIT_TIMESTAMP = 'localWaitTimestamp';
const WAIT_RESOURCE = functionArn('LocalWaitState');

/**
 * The interpreter sets `$$.Execution.StartTime` to real time; locally an execution starts at
 * the local cloud's clock (which tests and demos move), so the runnable definition reads it
 * from here instead (execution-context.ts).
 */
const START_TIME_PATH = '$$.Execution.StartTime';
export const LOCAL_START_TIME_PATH = '$$.Execution.LocalStartTime';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** How the local cloud runs one Task (or rewritten Wait) state. */
export type StatePlan =
  | {
      readonly kind: 'task';
      readonly stateName: string;
      /** `lambda:invoke` integration (result wrapped as `{ Payload, StatusCode }`) or a bare function ARN. */
      readonly integration: 'invoke' | 'arn';
      readonly waitForTaskToken: boolean;
      /** Null when `FunctionName.$` picks the function at run time. */
      readonly functionId: string | null;
      readonly timeoutSeconds?: number;
      /** The timeout comes with the input (TimeoutSecondsPath): Parameters are wrapped. */
      readonly wrapped: boolean;
    }
  | {
      readonly kind: 'wait';
      readonly stateName: string;
      readonly seconds?: number;
      readonly timestamp?: string;
    };

export interface PreparedStateMachine {
  readonly id: string;
  readonly arn: string;
  /** The definition as CDK deploys it: `${Partition}` and `${Fn_<id>}` substituted. */
  readonly definition: Record<string, unknown>;
  /** What the interpreter runs: timeouts moved onto the clock, Wait states made clock-driven. */
  readonly runnable: StateMachineDefinition;
  readonly plans: ReadonlyMap<string, StatePlan>;
  /** The definition's own TimeoutSeconds (whole execution). */
  readonly executionTimeoutSeconds?: number;
}

/** Substitutes placeholders as CDK's DefinitionSubstitutions would, for local function ARNs. */
export function substituteDefinition(spec: StateMachineSpec): Record<string, unknown> {
  const text = JSON.stringify(spec.definition).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (name === 'Partition') return 'aws';
    const functionId = name.startsWith('Fn_') ? name.slice(3) : undefined;
    if (functionId === undefined || !spec.invokes.includes(functionId)) {
      throw new Error(`State machine ${spec.id}: no substitution for \${${name}} (is it listed in invokes?)`);
    }
    return functionArn(functionId);
  });
  return JSON.parse(text) as Record<string, unknown>;
}

/** Prepares a StateMachineSpec for the interpreter; refuses resources the local cloud cannot run. */
export function prepareStateMachine(spec: StateMachineSpec): PreparedStateMachine {
  const definition = substituteDefinition(spec);
  const runnable = onLocalClock(definition);
  const plans = new Map<string, StatePlan>();
  rewriteStates(spec.id, runnable, plans);
  const timeout = runnable.TimeoutSeconds;
  delete runnable.TimeoutSeconds;
  return {
    id: spec.id,
    arn: stateMachineArn(spec.id),
    definition,
    runnable: runnable as unknown as StateMachineDefinition,
    plans,
    ...(typeof timeout === 'number' ? { executionTimeoutSeconds: timeout } : {}),
  };
}

/** A copy of `definition` reading the execution's start from the local clock (see START_TIME_PATH). */
function onLocalClock(definition: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(definition).replaceAll(START_TIME_PATH, () => LOCAL_START_TIME_PATH);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The Lambda function id named by an ARN (or a bare name), without qualifier. */
export function functionIdFromArn(arn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn);
  return match?.[1] ?? arn;
}

function rewriteStates(
  machineId: string,
  machine: Record<string, unknown>,
  plans: Map<string, StatePlan>,
): void {
  const states = machine.States;
  if (!isRecord(states)) throw new Error(`State machine ${machineId} has no States`);
  for (const [stateName, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    if (plans.has(stateName))
      throw new Error(`State machine ${machineId}: state name ${stateName} is not unique`);
    const where = `State machine ${machineId}, state ${stateName}`;
    if (state.Type === 'Task') plans.set(stateName, rewriteTask(where, stateName, state));
    if (state.Type === 'Wait') plans.set(stateName, rewriteWait(stateName, state));
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (isRecord(branch)) rewriteStates(machineId, branch, plans);
    }
    for (const key of ['Iterator', 'ItemProcessor']) {
      const nested = state[key];
      if (isRecord(nested)) rewriteStates(machineId, nested, plans);
    }
  }
}

function rewriteTask(where: string, stateName: string, state: Record<string, unknown>): StatePlan {
  const resource = String(state.Resource);
  const waitForTaskToken = resource === LAMBDA_INVOKE_WAIT;
  let integration: 'invoke' | 'arn';
  let functionId: string | null;
  if (resource === LAMBDA_INVOKE || waitForTaskToken) {
    integration = 'invoke';
    const parameters = isRecord(state.Parameters) ? state.Parameters : {};
    const name = parameters.FunctionName;
    if (typeof name === 'string') functionId = functionIdFromArn(name);
    else if (typeof parameters['FunctionName.$'] === 'string') functionId = null;
    else throw new Error(`${where}: lambda:invoke needs Parameters.FunctionName`);
  } else if (resource.includes(':lambda:') && resource.includes(':function:')) {
    integration = 'arn';
    functionId = functionIdFromArn(resource);
  } else {
    throw new Error(`${where}: resource ${resource} is not supported by the local cloud (Lambda only)`);
  }
  const fixedTimeout = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
  const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
  // Heartbeats are accepted (SendTaskHeartbeat) but not enforced locally.
  for (const key of ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath']) {
    delete state[key];
  }
  state.TimeoutSeconds = INTERPRETER_NO_TIMEOUT_SECONDS;
  if (timeoutPath !== undefined) {
    // ASL resolves TimeoutSecondsPath against the state's input; wrapping Parameters lets the
    // interpreter resolve it with its own JSONPath next to the effective input.
    state.Parameters = {
      ...(state.Parameters === undefined
        ? { [`${WRAPPED_INPUT}.$`]: '$' }
        : { [WRAPPED_INPUT]: state.Parameters }),
      [`${WRAPPED_TIMEOUT}.$`]: timeoutPath,
    };
  }
  return {
    kind: 'task',
    stateName,
    integration,
    waitForTaskToken,
    functionId,
    ...(fixedTimeout === undefined ? {} : { timeoutSeconds: fixedTimeout }),
    wrapped: timeoutPath !== undefined,
  };
}

/** A Wait state becomes a Task whose local handler waits on the clock and returns its input. */
function rewriteWait(stateName: string, state: Record<string, unknown>): StatePlan {
  const parameters: Record<string, unknown> = { [`${WRAPPED_INPUT}.$`]: '$' };
  if (typeof state.SecondsPath === 'string') parameters[`${WRAPPED_WAIT_SECONDS}.$`] = state.SecondsPath;
  if (typeof state.TimestampPath === 'string')
    parameters[`${WRAPPED_WAIT_TIMESTAMP}.$`] = state.TimestampPath;
  const plan: StatePlan = {
    kind: 'wait',
    stateName,
    ...(typeof state.Seconds === 'number' ? { seconds: state.Seconds } : {}),
    ...(typeof state.Timestamp === 'string' ? { timestamp: state.Timestamp } : {}),
  };
  for (const key of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[key];
  Object.assign(state, {
    Type: 'Task',
    Resource: WAIT_RESOURCE,
    Parameters: parameters,
    TimeoutSeconds: INTERPRETER_NO_TIMEOUT_SECONDS,
  });
  return plan;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
