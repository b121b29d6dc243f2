import type { CapabilityDefinition, PassSpec, StateMachineSpec } from '../capability/types.js';
import { type AslState, lambdaTask } from './asl.js';

/**
 * The pass machine of a capability (docs/architecture.md, "Passes"): one Standard state machine,
 * `<Capability>Passes`, that every PassSpec's schedule starts with `passMachineInput(spec)`. It
 * cuts the book into `totalSegments` segments and works them in a DISTRIBUTED Map, at most
 * `maxConcurrency` at once, each segment a child execution invoking the pass's worker with a
 * `PassSegmentInput` again and again with the cursor it hands back, until it hands back none.
 * A segment whose invocation still fails after the retries is caught and reported as failed,
 * so every other segment runs to its end; then the execution fails (`SegmentsFailed`), which
 * the capability's `ExecutionsFailedOrTimedOut` alarm sees.
 *
 * Child executions are STANDARD, not EXPRESS: a segment of a large book loops for longer than
 * an express execution's 5 minutes. Every segment works "as of" `startedAt`, the execution's
 * start, however long the pass takes.
 */

/** What the schedule of a pass hands its capability's pass machine. */
export interface PassMachineInput {
  readonly pass: string;
  readonly job: string;
  readonly totalSegments: number;
  readonly maxConcurrency: number;
}

/** The most segments a pass may have: what `States.ArrayRange` may produce, and the map's item limit here. */
export const MAX_SEGMENTS = 1000;

/** The state the execution fails in when a segment failed (after every other one ran). */
export const SEGMENTS_FAILED_STATE = 'SegmentsFailed';
/** The error of that failure, for the execution history and its alarm. */
export const SEGMENTS_FAILED_ERROR = 'Pass.SegmentsFailed';

/** `activity` → `ActivityPasses`. */
export function passMachineId(capabilityName: string): string {
  return `${capabilityName.charAt(0).toUpperCase()}${capabilityName.slice(1)}Passes`;
}

/** The input the schedule of `spec` starts the pass machine with. */
export function passMachineInput(spec: PassSpec): PassMachineInput {
  return {
    pass: spec.id,
    job: spec.job,
    totalSegments: spec.segments,
    maxConcurrency: spec.maxConcurrency,
  };
}

/** The capability's pass machine, or undefined when it declares no pass. */
export function passMachineOf(definition: CapabilityDefinition): StateMachineSpec | undefined {
  const passes = definition.passes ?? [];
  if (passes.length === 0) return undefined;
  const workers = [...new Set(passes.map((pass) => pass.functionId))];
  return {
    id: passMachineId(definition.name),
    definition: passMachineDefinition(passes),
    invokes: workers,
  };
}

/** What is wrong with a capability's passes (empty when nothing is); `capabilityProblems` reports them. */
export function passProblems(definition: CapabilityDefinition): string[] {
  const functions = new Set(definition.functions.map((fn) => fn.id));
  const problems: string[] = [];
  for (const pass of definition.passes ?? []) {
    if (!functions.has(pass.functionId)) {
      problems.push(`pass ${pass.id} names unknown function ${pass.functionId}`);
    }
    if (!Number.isInteger(pass.segments) || pass.segments < 1 || pass.segments > MAX_SEGMENTS) {
      problems.push(`pass ${pass.id} must have 1 to ${MAX_SEGMENTS} segments`);
    }
    if (!Number.isInteger(pass.maxConcurrency) || pass.maxConcurrency < 1) {
      problems.push(`pass ${pass.id} must work at least one segment at a time`);
    }
    if (!pass.expression.startsWith('cron(') && !pass.expression.startsWith('rate(')) {
      problems.push(`pass ${pass.id} needs a cron(...) or rate(...) expression`);
    }
  }
  // A pass's id is also its schedule's: unique among the passes and the schedules together.
  const scheduleIds = new Set((definition.schedules ?? []).map((schedule) => schedule.id));
  const seen = new Set<string>();
  for (const { id } of definition.passes ?? []) {
    if (seen.has(id) || scheduleIds.has(id)) problems.push(`pass ${id} is declared twice (or as a schedule)`);
    seen.add(id);
  }
  const machineId = passMachineId(definition.name);
  if (
    (definition.passes ?? []).length > 0 &&
    (definition.stateMachines ?? []).some((m) => m.id === machineId)
  ) {
    problems.push(`state machine ${machineId} is the pass machine's id`);
  }
  return problems;
}

/** The pass machine's ASL (JSONPath) for a capability's passes. */
export function passMachineDefinition(passes: readonly PassSpec[]): Record<string, unknown> {
  if (passes.length === 0) throw new Error('A pass machine needs at least one pass');
  return {
    Comment:
      'Per-customer passes fanned out over segments: each segment a child execution looping on the worker until it returns no cursor.',
    StartAt: 'PlanSegments',
    States: {
      PlanSegments: {
        Type: 'Pass',
        Comment: 'Segments 0 … totalSegments − 1, and the instant every segment works as of.',
        Parameters: {
          'pass.$': '$.pass',
          'job.$': '$.job',
          'totalSegments.$': '$.totalSegments',
          'maxConcurrency.$': '$.maxConcurrency',
          'startedAt.$': '$$.Execution.StartTime',
          'segments.$': 'States.ArrayRange(0, States.MathAdd($.totalSegments, -1), 1)',
        },
        Next: 'RunSegments',
      },
      RunSegments: {
        Type: 'Map',
        Label: 'Segments',
        ItemsPath: '$.segments',
        ItemSelector: {
          'pass.$': '$.pass',
          'job.$': '$.job',
          'segment.$': '$$.Map.Item.Value',
          'totalSegments.$': '$.totalSegments',
          'startedAt.$': '$.startedAt',
        },
        MaxConcurrencyPath: '$.maxConcurrency',
        // Every child catches its own failure; a child that fails anyway (a definition defect)
        // must not stop the others either: the tally below sees it as not reported.
        ToleratedFailurePercentage: 100,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          ...segmentWorkflow(passes),
        },
        ResultSelector: { 'failed.$': '$[*].failed' },
        ResultPath: '$.outcome',
        Next: 'Tally',
      },
      Tally: {
        Type: 'Pass',
        Parameters: {
          'pass.$': '$.pass',
          'totalSegments.$': '$.totalSegments',
          'startedAt.$': '$.startedAt',
          'reported.$': 'States.ArrayLength($.outcome.failed)',
          'anyFailed.$': 'States.ArrayContains($.outcome.failed, true)',
        },
        Next: 'AllSegmentsDone',
      },
      AllSegmentsDone: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.anyFailed', BooleanEquals: true, Next: SEGMENTS_FAILED_STATE },
          { Variable: '$.reported', NumericEqualsPath: '$.totalSegments', Next: 'Done' },
        ],
        Default: SEGMENTS_FAILED_STATE,
      },
      Done: { Type: 'Succeed' },
      [SEGMENTS_FAILED_STATE]: {
        Type: 'Fail',
        Error: SEGMENTS_FAILED_ERROR,
        Cause:
          'At least one segment failed after its retries; every other segment ran to its end. The map run and the worker logs say which.',
      },
    },
  };
}

/**
 * The child workflow of one segment: the first page without a cursor, then the next with the
 * cursor the worker returned, while it returns one. With workers in several functions, a
 * Choice on the pass picks the function first.
 */
function segmentWorkflow(passes: readonly PassSpec[]): { StartAt: string; States: Record<string, AslState> } {
  const workers = [...new Set(passes.map((pass) => pass.functionId))];
  const states: Record<string, AslState> = {};
  for (const functionId of workers) Object.assign(states, workerStates(functionId));
  states.SegmentDone = {
    Type: 'Pass',
    Parameters: { 'segment.$': '$.segment', failed: false },
    End: true,
  };
  states.SegmentFailed = {
    Type: 'Pass',
    Parameters: { 'segment.$': '$.segment', failed: true },
    End: true,
  };
  if (workers.length === 1) return { StartAt: firstPage(workers[0] ?? ''), States: states };
  states.PickWorker = {
    Type: 'Choice',
    Choices: passes.map((pass) => ({
      Variable: '$.pass',
      StringEquals: pass.id,
      Next: firstPage(pass.functionId),
    })),
    // A pass this machine was not built for: the segment fails, visibly, and the others go on.
    Default: 'SegmentFailed',
  };
  return { StartAt: 'PickWorker', States: states };
}

const firstPage = (functionId: string) => `${functionId}FirstPage`;
const nextPage = (functionId: string) => `${functionId}NextPage`;
const morePages = (functionId: string) => `${functionId}MorePages`;

/** The segment's fields every invocation carries (the cursor is added from the second page on). */
const SEGMENT_FIELDS = {
  'pass.$': '$.pass',
  'job.$': '$.job',
  'segment.$': '$.segment',
  'totalSegments.$': '$.totalSegments',
  'startedAt.$': '$.startedAt',
};

/** The states of the page loop on one worker function. */
function workerStates(functionId: string): Record<string, AslState> {
  const onResult = {
    // The output replaces the previous page's, beside the segment's fields.
    ResultSelector: { 'output.$': '$.Payload' },
    ResultPath: '$.last',
    // Retries of Lambda's transient errors are in lambdaTask; anything still failing fails the
    // segment only. The error stays in the execution history, not in the data passed on.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'SegmentFailed' }],
    Next: morePages(functionId),
  };
  return {
    [firstPage(functionId)]: lambdaTask(functionId, SEGMENT_FIELDS, onResult),
    [nextPage(functionId)]: lambdaTask(
      functionId,
      { ...SEGMENT_FIELDS, 'cursor.$': '$.last.output.cursor' },
      onResult,
    ),
    [morePages(functionId)]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.last.output.cursor', IsPresent: true, Next: nextPage(functionId) }],
      Default: 'SegmentDone',
    },
  };
}
