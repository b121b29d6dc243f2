import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { definePolicy } from '../../../shared/auth/policy.js';
import type { CapabilityDefinition, FunctionSpec, PassSpec } from '../../../shared/capability/types.js';
import { type PassSegmentOutput, passSegmentInputSchema } from '../../../shared/passes/segment.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  passMachineInput,
  passMachineOf,
  passProblems,
  SEGMENTS_FAILED_ERROR,
} from '../../../shared/workflows/pass.js';
import * as z from '../../../shared/zod.js';

/**
 * The pass machine's definition, as built for a capability, run by aws-local-stepfunctions (the
 * local cloud's Step Functions) against a fake worker: what every segment is given, how it
 * loops on the cursor, and how a failing segment ends the execution.
 */

const START = new Date('2026-03-02T17:00:00.000Z');

const regradePass: PassSpec = {
  id: 'DailyRegrade',
  description: 'Regrades the customers due.',
  expression: 'cron(0 17 * * ? *)',
  functionId: 'Jobs',
  job: 'regrade',
  segments: 4,
  maxConcurrency: 2,
};

function fn(id: string): FunctionSpec {
  return { id, entry: `functions/x/handlers/${id}.ts`, memoryMb: 512, timeoutSeconds: 900, tables: [] };
}

function capability(passes: readonly PassSpec[], functions = ['Jobs']): CapabilityDefinition {
  return {
    name: 'things',
    summary: 'Things.',
    tables: [],
    functions: functions.map(fn),
    publishes: [],
    subscriptions: [],
    passes,
    policy: definePolicy({}),
  };
}

interface Call {
  readonly functionId: string;
  readonly input: z.infer<typeof passSegmentInputSchema>;
}

/** A fake worker: each segment has `pages` pages; a segment listed in `failing` throws on its first page. */
function setup(
  definition: CapabilityDefinition,
  options: { pages?: number; failing?: readonly number[] } = {},
) {
  const machine = passMachineOf(definition);
  if (machine === undefined) throw new Error('no pass machine');
  const clock = new ControlledClock(START);
  const calls: Call[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const sfn = new LocalStepFunctions({
    stateMachines: [machine],
    clock,
    timers: new ClockTimers(clock),
    invoke: async (functionId, event): Promise<PassSegmentOutput> => {
      const input = z.parse(passSegmentInputSchema, event);
      calls.push({ functionId, input });
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (options.failing?.includes(input.segment)) throw new Error('The table is unreachable');
        const page = input.cursor === undefined ? 0 : Number(input.cursor);
        const last = (options.pages ?? 1) - 1;
        return page < last
          ? { processed: 10, failed: 0, cursor: String(page + 1) }
          : { processed: 10, failed: 0 };
      } finally {
        inFlight -= 1;
      }
    },
  });
  return { machine, sfn, calls, mostInFlight: () => mostInFlight };
}

describe('the pass machine', () => {
  it('works every segment once from its start and again with each cursor until the worker returns none', async () => {
    // Prepare
    const { machine, sfn, calls } = setup(capability([regradePass]), { pages: 3 });

    // Act
    const execution = sfn.startExecution(machine.id, passMachineInput(regradePass));
    const done = await sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(machine.id).toBe('ThingsPasses');
    expect(done.status).toBe('SUCCEEDED');
    expect(calls.every((call) => call.functionId === 'Jobs')).toBe(true);
    const bySegment = (segment: number) =>
      calls.filter((call) => call.input.segment === segment).map((call) => call.input.cursor);
    for (const segment of [0, 1, 2, 3]) expect(bySegment(segment)).toEqual([undefined, '1', '2']);
    expect(calls).toHaveLength(12);
    // Every invocation works as of the execution's start, whenever it runs.
    expect(new Set(calls.map((call) => call.input.startedAt))).toEqual(new Set([START.toISOString()]));
    expect(calls[0]?.input).toMatchObject({ pass: 'DailyRegrade', job: 'regrade', totalSegments: 4 });
  });

  it('works at most maxConcurrency segments at once', async () => {
    // Prepare
    const { machine, sfn, mostInFlight } = setup(capability([{ ...regradePass, segments: 6 }]), { pages: 2 });

    // Act
    const execution = sfn.startExecution(machine.id, passMachineInput({ ...regradePass, segments: 6 }));
    const done = await sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(mostInFlight()).toBe(2);
  });

  it('lets every other segment run to its end when one fails, then fails the execution', async () => {
    // Prepare
    const { machine, sfn, calls } = setup(capability([regradePass]), { pages: 3, failing: [1] });

    // Act
    const execution = sfn.startExecution(machine.id, passMachineInput(regradePass));
    const done = await sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe(SEGMENTS_FAILED_ERROR);
    expect(done.history.at(-1)).toBe('SegmentsFailed');
    for (const segment of [0, 2, 3]) {
      const last = calls.filter((call) => call.input.segment === segment).at(-1);
      expect(last?.input.cursor).toBe('2');
    }
    expect(calls.filter((call) => call.input.segment === 1)).toHaveLength(1);
  });

  it('invokes the worker function of the pass it was started for', async () => {
    // Prepare
    const rescorePass: PassSpec = {
      ...regradePass,
      id: 'DailyRescore',
      functionId: 'Scorer',
      job: 'rescore',
    };
    const definition = capability([regradePass, rescorePass], ['Jobs', 'Scorer']);
    const { machine, sfn, calls } = setup(definition);

    // Act
    const execution = sfn.startExecution(machine.id, passMachineInput(rescorePass));
    const done = await sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(machine.invokes).toEqual(['Jobs', 'Scorer']);
    expect(new Set(calls.map((call) => `${call.functionId}:${call.input.job}`))).toEqual(
      new Set(['Scorer:rescore']),
    );
  });

  it('is built only for a capability with passes, whose passes name its functions and sane sizes', () => {
    // Prepare
    const broken = capability([
      { ...regradePass, functionId: 'Nobody' },
      { ...regradePass, segments: 1001 },
      { ...regradePass, id: 'Other', maxConcurrency: 0 },
    ]);

    // Act
    const problems = passProblems(broken);

    // Assess
    expect(passMachineOf(capability([]))).toBeUndefined();
    expect(passProblems(capability([regradePass]))).toEqual([]);
    expect(problems).toEqual([
      'pass DailyRegrade names unknown function Nobody',
      'pass DailyRegrade must have 1 to 1000 segments',
      'pass Other must work at least one segment at a time',
      'pass DailyRegrade is declared twice (or as a schedule)',
    ]);
  });
});
