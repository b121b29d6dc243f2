import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineSpec } from '../../shared/capability/types.js';
import { isRecord, type PreparedStateMachine, prepareStateMachine } from './asl.js';
import type { ExecutionOutcome } from './execution-record.js';

/**
 * The capabilities' state machines as the local Step Functions run them: each definition
 * prepared (asl.ts) and given to an `aws-local-stepfunctions` interpreter, with the
 * interpreters that start at a later state made when an execution resumes there.
 */

/** The interpreter's events of one run: what the execution does, state by state. */
export type EventLogs = ReturnType<StateMachine['run']>['eventLogs'];
export type EventLog = EventLogs extends AsyncGenerator<infer E> ? E : never;

export interface Machine {
  readonly prepared: PreparedStateMachine;
  readonly interpreter: StateMachine;
  /** The definition's own states (not those nested in Parallel or Map): where executions resume. */
  readonly topLevel: ReadonlySet<string>;
  /** Interpreters of the same definition starting at another state, made when an execution resumes there. */
  readonly startingAt: Map<string, StateMachine>;
}

/** The machines of `specs` by id; a definition the interpreter refuses, or a repeated id, throws. */
export function compileMachines(specs: readonly StateMachineSpec[]): Map<string, Machine> {
  const machines = new Map<string, Machine>();
  for (const spec of specs) {
    if (machines.has(spec.id)) throw new Error(`Two state machines declare the id ${spec.id}`);
    const prepared = prepareStateMachine(spec);
    let interpreter: StateMachine;
    try {
      interpreter = new StateMachine(prepared.runnable);
    } catch (error) {
      throw new Error(`State machine ${spec.id}: ${String(error)}`, { cause: error });
    }
    const states = isRecord(prepared.definition.States) ? prepared.definition.States : {};
    machines.set(spec.id, {
      prepared,
      interpreter,
      topLevel: new Set(Object.keys(states)),
      startingAt: new Map(),
    });
  }
  return machines;
}

/** The interpreter for `machine` starting at `state` (made once per state). */
export function interpreterAt(machine: Machine, state: string): StateMachine {
  let interpreter = machine.startingAt.get(state);
  if (interpreter === undefined) {
    // The definition was validated with its own StartAt; from a later state the validator
    // would call the states before it unreachable.
    interpreter = new StateMachine(
      { ...machine.prepared.runnable, StartAt: state },
      { validationOptions: { noValidate: true } },
    );
    machine.startingAt.set(state, interpreter);
  }
  return interpreter;
}

/** How an execution ends when the interpreter reports `event`; undefined for any other event. */
export function outcomeOf(event: EventLog): ExecutionOutcome | undefined {
  switch (event.type) {
    case 'ExecutionSucceeded':
      return { status: 'SUCCEEDED', output: event.output };
    case 'ExecutionFailed':
      return { status: 'FAILED', error: event.Error, cause: causeText(event.Cause) };
    case 'ExecutionAborted':
      return { status: 'ABORTED' };
    default:
      return undefined;
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}
