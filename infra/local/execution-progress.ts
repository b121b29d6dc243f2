import type { JournalEntry, ResumePoint } from './execution-journal.js';
import type { ExecutionRecord } from './execution-record.js';
import type { WaitingWork } from './state-runner.js';

/**
 * Where a running execution is, as the local Step Functions follow it: the top-level state it
 * entered last, with that state's input, and what that state waits on. This is what the
 * journal keeps for a restart to resume (see ResumePoint).
 */
export interface Progress {
  point?: { readonly state: string; readonly input: unknown };
  waiting?: WaitingWork;
}

/** An execution taken up again after a restart, at `state`. */
export interface Resumption {
  readonly state: string;
  readonly waiting?: WaitingWork;
}

/** The progress of an execution started now, or resumed at `resume` with `input`. */
export function initialProgress(input: unknown, resume: Resumption | undefined): Progress {
  return resume === undefined
    ? {}
    : {
        point: { state: resume.state, input },
        ...(resume.waiting === undefined ? {} : { waiting: resume.waiting }),
      };
}

/** The execution entered the top-level `state` with `input`: that is where it resumes from now on. */
export function enterState(progress: Progress, state: string, input: unknown): void {
  // A copy: the journal is written later, and the interpreter goes on with the same objects.
  progress.point = { state, input: structuredClone(input) };
  if (progress.waiting?.stateName !== state) delete progress.waiting;
}

/** The journal's entry for `execution`: with where it resumes while it runs and has entered a state. */
export function journalEntry(execution: ExecutionRecord, progress: Progress | undefined): JournalEntry {
  const point = progress?.point;
  if (execution.status !== 'RUNNING' || point === undefined) return { execution };
  const resume: ResumePoint = {
    ...point,
    ...(progress?.waiting === undefined ? {} : { waiting: progress.waiting }),
  };
  return { execution, resume };
}
