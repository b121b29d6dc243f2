// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL definitions carry literal ${Partition} and ${Fn_<id>} placeholders.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodicReviewStateMachine } from '../../../functions/customers/workflows/periodic-review.js';
import {
  FINISHED_EXECUTIONS_KEPT,
  type JournalEntry,
  journalContent,
} from '../../../infra/local/execution-journal.js';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import type { StateMachineSpec } from '../../../shared/capability/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const DAY = 86_400_000;
const START = new Date('2026-03-02T00:00:00Z');

interface Call {
  readonly functionId: string;
  readonly event: Record<string, unknown>;
}

type Respond = (call: Call) => unknown;

const reviewTasks: Respond = (call) =>
  call.event.action === 'computeDeadlines'
    ? { rmTimeoutSeconds: 10 * 86_400, supervisorTimeoutSeconds: 5 * 86_400 }
    : {};

/** One run of the local cloud's Step Functions over `journal`, with its own clock and Lambdas. */
async function boot(
  journal: string,
  stateMachines: readonly StateMachineSpec[],
  now: Date,
  respond: Respond = reviewTasks,
) {
  const clock = new ControlledClock(now);
  const timers = new ClockTimers(clock);
  const calls: Call[] = [];
  const sfn = new LocalStepFunctions({
    stateMachines,
    clock,
    timers,
    invoke: async (functionId, event) => {
      const call = { functionId, event: event as Record<string, unknown> };
      calls.push(call);
      return respond(call);
    },
  });
  const resumed = await sfn.persistTo(journal);
  const stop = async () => {
    await sfn.stop();
    timers.dispose();
  };
  return { sfn, clock, calls, resumed, stop };
}

/** Lets in-process work that needs no clock move run (a few macrotask turns). */
const turns = () => new Promise((resolve) => setTimeout(resolve, 20));

let dir: string;
let journal: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fincrm-sfn-'));
  journal = join(dir, 'step-functions.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('durable local Step Functions', () => {
  it('resumes a review waiting for its RM under the same token, and escalates at the original deadline', async () => {
    // Prepare: a review waits for the RM; the local cloud stops.
    const first = await boot(journal, [periodicReviewStateMachine], START);
    const execution = first.sfn.startExecution('PeriodicReview', { reviewId: 'rev-1' }, 'rev-1');
    await first.sfn.waitForExecution(execution.executionArn, () => first.sfn.pendingTasks().length === 1);
    const [before] = first.sfn.pendingTasks();
    await first.stop();

    // Act: it starts again three days later.
    const second = await boot(journal, [periodicReviewStateMachine], new Date(START.getTime() + 3 * DAY));
    await turns();

    // Assess: still waiting on the same token; the Lambda that stored it is not invoked again.
    expect(second.resumed).toEqual({ resumed: 1, failed: 0 });
    expect(second.sfn.pendingTasks()).toEqual([before]);
    expect(second.calls).toEqual([]);
    const resumed = second.sfn.describeExecution(execution.executionArn);
    expect(resumed.status).toBe('RUNNING');
    expect(resumed.history).toEqual(['ComputeDeadlines', 'AwaitRelationshipManager']);

    // The RM's deadline is still ten days after the start, not ten days after the restart.
    second.clock.set(new Date(START.getTime() + 10 * DAY - 1000));
    await turns();
    expect(second.sfn.pendingTasks()[0]?.stateName).toBe('AwaitRelationshipManager');
    second.clock.advance(1000);
    await second.sfn.waitForExecution(
      execution.executionArn,
      () => second.sfn.pendingTasks()[0]?.stateName === 'AwaitSupervisor',
    );
    expect(second.calls.map((call) => call.event)).toEqual([
      expect.objectContaining({ action: 'openTask', stage: 'supervisor', reviewId: 'rev-1' }),
    ]);
    expect(() => second.sfn.sendTaskSuccess(before?.token ?? '', '{}')).toThrow();

    second.sfn.sendTaskSuccess(second.sfn.pendingTasks()[0]?.token ?? '', '{"outcome":"confirmed"}');
    const done = await second.sfn.waitForExecution(execution.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual([
      'ComputeDeadlines',
      'AwaitRelationshipManager',
      'AwaitSupervisor',
      'Completed',
    ]);
    await second.stop();
  });

  it('completes a resumed task when its token is answered, and keeps the ended execution across the next restart', async () => {
    // Prepare
    const first = await boot(journal, [periodicReviewStateMachine], START);
    const execution = first.sfn.startExecution('PeriodicReview', { reviewId: 'rev-2' }, 'rev-2');
    await first.sfn.waitForExecution(execution.executionArn, () => first.sfn.pendingTasks().length === 1);
    const token = first.sfn.pendingTasks()[0]?.token ?? '';
    await first.stop();
    const second = await boot(journal, [periodicReviewStateMachine], START);

    // Act
    second.sfn.sendTaskSuccess(token, JSON.stringify({ outcome: 'updated' }));
    const done = await second.sfn.waitForExecution(execution.executionArn);
    await second.stop();
    const third = await boot(journal, [periodicReviewStateMachine], START);

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toMatchObject({ reviewId: 'rev-2', outcome: { outcome: 'updated' } });
    expect(third.resumed).toEqual({ resumed: 0, failed: 0 });
    expect(third.sfn.describeExecution(execution.executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      history: ['ComputeDeadlines', 'AwaitRelationshipManager', 'Completed'],
      startDate: START,
    });
    expect(third.sfn.pendingTasks()).toEqual([]);
    await third.stop();
  });

  it('runs a plain Task that was in flight at shutdown again', async () => {
    // Prepare: the first run's Lambda never answers.
    const spec: StateMachineSpec = {
      id: 'Charge',
      invokes: ['Charger'],
      definition: {
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Pass', Result: 'ready', ResultPath: '$.prepared', Next: 'Charge' },
          Charge: {
            Type: 'Task',
            Resource: 'arn:${Partition}:states:::lambda:invoke',
            Parameters: { FunctionName: '${Fn_Charger}', 'Payload.$': '$' },
            ResultSelector: { 'charged.$': '$.Payload.charged' },
            ResultPath: '$.result',
            End: true,
          },
        },
      },
    };
    const first = await boot(journal, [spec], START, () => new Promise(() => undefined));
    const execution = first.sfn.startExecution('Charge', { amount: 10 });
    await first.sfn.waitForExecution(execution.executionArn, () => first.calls.length === 1);
    await first.stop();

    // Act
    const second = await boot(journal, [spec], START, () => ({ charged: true }));
    const done = await second.sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(second.calls).toEqual([{ functionId: 'Charger', event: { amount: 10, prepared: 'ready' } }]);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ amount: 10, prepared: 'ready', result: { charged: true } });
    expect(done.history).toEqual(['Prepare', 'Charge']);
    await second.stop();
  });

  it('ends a resumed Wait state at the time it had, not a full wait after the restart', async () => {
    // Prepare
    const spec: StateMachineSpec = {
      id: 'Cooling',
      invokes: [],
      definition: {
        StartAt: 'Pause',
        States: { Pause: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
      },
    };
    const first = await boot(journal, [spec], START);
    const execution = first.sfn.startExecution('Cooling', { batch: 7 });
    await first.sfn.waitForExecution(execution.executionArn, (record) => record.history.includes('Pause'));
    await turns();
    await first.stop();

    // Act: back 40 minutes later; 20 more minutes end the wait.
    const second = await boot(journal, [spec], new Date(START.getTime() + 40 * 60_000));
    second.clock.advance(20 * 60_000 - 1000);
    await turns();
    const stillWaiting = second.sfn.describeExecution(execution.executionArn).status;
    second.clock.advance(1000);
    const done = await second.sfn.waitForExecution(execution.executionArn);

    // Assess
    expect(stillWaiting).toBe('RUNNING');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ batch: 7 });
    expect(done.history).toEqual(['Pause', 'Done']);
    await second.stop();
  });

  it('fails an execution stopped inside a Parallel state, saying why, rather than resuming it silently', async () => {
    // Prepare
    const spec: StateMachineSpec = {
      id: 'Fanout',
      invokes: ['Approver'],
      definition: {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'Approve',
                States: {
                  Approve: {
                    Type: 'Task',
                    Resource: 'arn:${Partition}:states:::lambda:invoke.waitForTaskToken',
                    Parameters: { FunctionName: '${Fn_Approver}', Payload: { 'token.$': '$$.Task.Token' } },
                    End: true,
                  },
                },
              },
              { StartAt: 'Note', States: { Note: { Type: 'Pass', End: true } } },
            ],
            End: true,
          },
        },
      },
    };
    const first = await boot(journal, [spec], START);
    const execution = first.sfn.startExecution('Fanout', {});
    await first.sfn.waitForExecution(execution.executionArn, () => first.sfn.pendingTasks().length === 1);
    await first.stop();

    // Act
    const second = await boot(journal, [spec], START);

    // Assess
    expect(second.resumed).toEqual({ resumed: 0, failed: 1 });
    expect(second.sfn.describeExecution(execution.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Local.ResumeUnsupported',
      cause: expect.stringContaining('inside the Parallel state Both'),
    });
    expect(second.sfn.pendingTasks()).toEqual([]);
    expect(second.calls).toEqual([]);
    await second.stop();
  });

  it('does not resume an execution stopped explicitly (StopExecution)', async () => {
    // Prepare
    const first = await boot(journal, [periodicReviewStateMachine], START);
    const execution = first.sfn.startExecution('PeriodicReview', { reviewId: 'rev-3' }, 'rev-3');
    await first.sfn.waitForExecution(execution.executionArn, () => first.sfn.pendingTasks().length === 1);

    // Act
    first.sfn.stopExecution(execution.executionArn, 'Review.Withdrawn', 'customer left');
    await first.stop();
    const second = await boot(journal, [periodicReviewStateMachine], START);

    // Assess
    expect(second.resumed).toEqual({ resumed: 0, failed: 0 });
    expect(second.sfn.describeExecution(execution.executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'Review.Withdrawn',
      cause: 'customer left',
    });
    expect(second.sfn.pendingTasks()).toEqual([]);
    await second.stop();
  });

  it('refuses to start over a journal it cannot read, rather than dropping its workflows', async () => {
    await writeFile(journal, '{"version":1,"executions":[{"executionArn":42}]}');
    const clock = new ControlledClock(START);
    const sfn = new LocalStepFunctions({
      stateMachines: [periodicReviewStateMachine],
      clock,
      timers: new ClockTimers(clock),
      invoke: async () => ({}),
    });
    await expect(sfn.persistTo(journal)).rejects.toThrow(/not a Step Functions journal.*--fresh/s);
  });

  it('aborts running executions on stop when they are not persisted (nothing would resume them)', async () => {
    const clock = new ControlledClock(START);
    const timers = new ClockTimers(clock);
    const sfn = new LocalStepFunctions({
      stateMachines: [periodicReviewStateMachine],
      clock,
      timers,
      invoke: async (_, event) => reviewTasks({ functionId: 'x', event: event as Record<string, unknown> }),
    });
    const execution = sfn.startExecution('PeriodicReview', { reviewId: 'rev-4' });
    await sfn.waitForExecution(execution.executionArn, () => sfn.pendingTasks().length === 1);

    await sfn.stop();

    expect(execution.status).toBe('ABORTED');
    expect(await readdir(dir)).toEqual([]);
    timers.dispose();
  });
});

describe('the journal file', () => {
  it('keeps every running execution and only the newest finished ones', () => {
    // Prepare: a running execution, then more finished ones than are kept, oldest first.
    const entry = (name: string, status: 'RUNNING' | 'SUCCEEDED'): JournalEntry => ({
      execution: {
        executionArn: `arn:aws:states:local:000000000000:execution:PeriodicReview:${name}`,
        stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:PeriodicReview',
        stateMachineId: 'PeriodicReview',
        name,
        status,
        input: {},
        startDate: START,
        history: [],
      },
      ...(status === 'RUNNING' ? { resume: { state: 'AwaitRelationshipManager', input: {} } } : {}),
    });
    const finished = Array.from({ length: FINISHED_EXECUTIONS_KEPT + 2 }, (_, i) =>
      entry(`done-${i}`, 'SUCCEEDED'),
    );

    // Act
    const content = journalContent([entry('waiting', 'RUNNING'), ...finished]) as {
      executions: { name: string; resume?: unknown }[];
    };

    // Assess
    const names = content.executions.map(({ name }) => name);
    expect(names).toHaveLength(FINISHED_EXECUTIONS_KEPT + 1);
    expect(names.slice(0, 2)).toEqual(['waiting', 'done-2']);
    expect(names.at(-1)).toBe(`done-${FINISHED_EXECUTIONS_KEPT + 1}`);
    expect(content.executions[0]?.resume).toEqual({ state: 'AwaitRelationshipManager', input: {} });
  });
});
