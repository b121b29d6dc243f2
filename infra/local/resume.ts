import { isRecord } from './asl.js';
import type { ResumePoint } from './execution-journal.js';
import type { WaitingWork } from './state-runner.js';

/** The error a running execution fails with when the local cloud cannot take it up again. */
export const RESUME_UNSUPPORTED = 'Local.ResumeUnsupported';

/** How an execution that was running when the local cloud stopped goes on. */
export type ResumeDecision =
  /** Nothing was recorded past its start: run it from the beginning with its input. */
  | { readonly kind: 'restart' }
  /**
   * Run the definition from `state` with the state's recorded raw input; `waiting`, when
   * the state had handed its work off, is taken up instead of doing that work again.
   */
  | {
      readonly kind: 'resume';
      readonly state: string;
      readonly input: unknown;
      readonly waiting?: WaitingWork;
    }
  /** It cannot go on: it fails with RESUME_UNSUPPORTED and this cause. */
  | { readonly kind: 'fail'; readonly cause: string };

/**
 * Decides how an execution of `definition` (as its capability declares it) resumes from
 * `point`. Only top-level states resume: a Parallel or Map state would have to resume each
 * branch or iteration where it was, which the interpreter cannot start from, so such an
 * execution fails loudly rather than running its branches' work again unannounced.
 */
export function decideResume(
  definition: Readonly<Record<string, unknown>>,
  point: ResumePoint | undefined,
): ResumeDecision {
  if (point === undefined) return { kind: 'restart' };
  const states = isRecord(definition.States) ? definition.States : {};
  const state = states[point.state];
  if (!isRecord(state)) {
    return {
      kind: 'fail',
      cause: `The local cloud stopped while the execution was in state ${point.state}, which the definition no longer has.`,
    };
  }
  if (state.Type === 'Parallel' || state.Type === 'Map') {
    return {
      kind: 'fail',
      cause:
        `The local cloud stopped while the execution was inside the ${state.Type} state ${point.state}; ` +
        'it resumes executions at top-level states only, not inside Parallel or Map states.',
    };
  }
  const waiting = point.waiting?.stateName === point.state ? point.waiting : undefined;
  return {
    kind: 'resume',
    state: point.state,
    input: point.input,
    ...(waiting === undefined ? {} : { waiting }),
  };
}
