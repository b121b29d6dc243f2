// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL definitions carry literal ${Partition} and ${Fn_<id>} placeholders.
import { describe, expect, it } from 'vitest';
import { periodicReviewStateMachine } from '../../../functions/customers/workflows/periodic-review.js';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import type { StateMachineSpec } from '../../../shared/capability/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const DAY = 86_400_000;

interface Call {
  readonly functionId: string;
  readonly event: Record<string, unknown>;
}

function setup(stateMachines: readonly StateMachineSpec[], respond: (call: Call) => unknown = () => ({})) {
  const clock = new ControlledClock(new Date('2026-03-02T00:00:00Z'));
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
  return { clock, timers, calls, sfn };
}

const reviewTasks = (call: Call) =>
  call.event.action === 'computeDeadlines'
    ? { rmTimeoutSeconds: 10 * 86_400, supervisorTimeoutSeconds: 5 * 86_400 }
    : {};

describe('local Step Functions', () => {
  it('runs a synthetic definition: lambda:invoke wraps the result as Payload, Choice and Pass follow it', async () => {
    const spec: StateMachineSpec = {
      id: 'Tiny',
      invokes: ['Adder'],
      definition: {
        StartAt: 'Add',
        States: {
          Add: {
            Type: 'Task',
            Resource: 'arn:${Partition}:states:::lambda:invoke',
            Parameters: { FunctionName: '${Fn_Adder}', Payload: { 'a.$': '$.a', b: 2 } },
            ResultSelector: { 'sum.$': '$.Payload.sum', 'status.$': '$.StatusCode' },
            ResultPath: '$.result',
            Next: 'Big?',
          },
          'Big?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.result.sum', NumericGreaterThan: 10, Next: 'Big' }],
            Default: 'Small',
          },
          Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', End: true },
          Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', End: true },
        },
      },
    };
    const { sfn, calls } = setup([spec], ({ event }) => ({ sum: Number(event.a) + Number(event.b) }));

    const execution = sfn.startExecution('Tiny', { a: 40 });
    const done = await sfn.waitForExecution(execution.executionArn);

    expect(calls).toEqual([{ functionId: 'Adder', event: { a: 40, b: 2 } }]);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ a: 40, result: { sum: 42, status: 200 }, size: 'big' });
    expect(done.history).toEqual(['Add', 'Big?', 'Big']);
  });

  it('fails a task at its TimeoutSeconds on the clock, and its Catch runs', async () => {
    const spec: StateMachineSpec = {
      id: 'Slow',
      invokes: ['Never'],
      definition: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: '${Fn_Never}',
            TimeoutSeconds: 60,
            Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' }],
            End: true,
          },
          TimedOut: { Type: 'Pass', End: true },
        },
      },
    };
    const { sfn, clock } = setup([spec], () => new Promise(() => undefined));
    const execution = sfn.startExecution('Slow', {});
    await sfn.waitForExecution(execution.executionArn, (record) => record.history.includes('Call'));

    clock.advance(59_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(execution.status).toBe('RUNNING');
    clock.advance(1_000);
    const done = await sfn.waitForExecution(execution.executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['Call', 'TimedOut']);
    expect(done.output).toMatchObject({ error: { Error: 'States.Timeout' } });
  });

  it('runs a Wait state on the clock', async () => {
    const spec: StateMachineSpec = {
      id: 'Waiting',
      invokes: [],
      definition: {
        StartAt: 'Pause',
        States: {
          Pause: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
    };
    const { sfn, clock } = setup([spec]);
    const execution = sfn.startExecution('Waiting', { seconds: 3600 });
    await sfn.waitForExecution(execution.executionArn, (record) => record.history.includes('Pause'));
    clock.advance(3_600_000);
    const done = await sfn.waitForExecution(execution.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ seconds: 3600 });
  });

  describe('PeriodicReview (the real definition, fake task handlers)', () => {
    it('hands the RM a task token and completes on SendTaskSuccess', async () => {
      const { sfn, calls } = setup([periodicReviewStateMachine], reviewTasks);
      const execution = sfn.startExecution('PeriodicReview', { reviewId: 'rev-1' });
      await sfn.waitForExecution(execution.executionArn, () => sfn.pendingTasks().length === 1);

      const [task] = sfn.pendingTasks(execution.executionArn);
      const openTask = calls.find((call) => call.event.action === 'openTask');
      expect(openTask?.event).toEqual({
        action: 'openTask',
        stage: 'rm',
        reviewId: 'rev-1',
        taskToken: task?.token,
      });
      expect(task?.stateName).toBe('AwaitRelationshipManager');

      sfn.sendTaskSuccess(task?.token ?? '', JSON.stringify({ completedBy: 'rm-7' }));
      const done = await sfn.waitForExecution(execution.executionArn);

      expect(done.status).toBe('SUCCEEDED');
      expect(done.history).toEqual(['ComputeDeadlines', 'AwaitRelationshipManager', 'Completed']);
      expect(done.output).toMatchObject({ reviewId: 'rev-1', outcome: { completedBy: 'rm-7' } });
      expect(() => sfn.sendTaskSuccess(task?.token ?? '', '{}')).toThrow(/does not exist/);
    });

    it('escalates to the supervisor after the RM deadline, then marks the review overdue', async () => {
      const { sfn, clock, calls } = setup([periodicReviewStateMachine], reviewTasks);
      const execution = sfn.startExecution('PeriodicReview', { reviewId: 'rev-2' });
      const rmWaiting = () => sfn.pendingTasks(execution.executionArn)[0]?.stateName;
      await sfn.waitForExecution(execution.executionArn, () => rmWaiting() === 'AwaitRelationshipManager');

      clock.advance(10 * DAY - 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rmWaiting()).toBe('AwaitRelationshipManager');

      clock.advance(1000);
      await sfn.waitForExecution(execution.executionArn, () => rmWaiting() === 'AwaitSupervisor');
      const rmToken = calls.find((call) => call.event.stage === 'rm')?.event.taskToken;
      expect(() => sfn.sendTaskSuccess(String(rmToken), '{}')).toThrow(/Timed Out/);
      expect(calls.filter((call) => call.event.stage === 'supervisor')).toHaveLength(1);

      clock.advance(5 * DAY);
      const done = await sfn.waitForExecution(execution.executionArn);

      expect(done.status).toBe('SUCCEEDED');
      expect(done.history).toEqual([
        'ComputeDeadlines',
        'AwaitRelationshipManager',
        'AwaitSupervisor',
        'MarkOverdue',
        'Overdue',
      ]);
      expect(calls.map((call) => call.event.action)).toEqual([
        'computeDeadlines',
        'openTask',
        'openTask',
        'markOverdue',
      ]);
      expect(done.output).toMatchObject({
        rmTimeout: { Error: 'States.Timeout' },
        supervisorTimeout: { Error: 'States.Timeout' },
      });
    });

    it('fails the execution when a task is answered with SendTaskFailure and nothing catches it', async () => {
      const { sfn } = setup([periodicReviewStateMachine], reviewTasks);
      const execution = sfn.startExecution('PeriodicReview', { reviewId: 'rev-3' });
      await sfn.waitForExecution(execution.executionArn, () => sfn.pendingTasks().length === 1);

      sfn.sendTaskFailure(sfn.pendingTasks()[0]?.token ?? '', 'Review.Rejected', 'customer unreachable');
      const done = await sfn.waitForExecution(execution.executionArn);

      expect(done.status).toBe('FAILED');
      expect(done.error).toBe('Review.Rejected');
      expect(done.cause).toBe('customer unreachable');
    });
  });

  it('refuses a definition using a resource it cannot run', () => {
    const spec: StateMachineSpec = {
      id: 'Dynamo',
      invokes: [],
      definition: {
        StartAt: 'Put',
        States: { Put: { Type: 'Task', Resource: 'arn:${Partition}:states:::dynamodb:putItem', End: true } },
      },
    };
    expect(() => setup([spec])).toThrow(/dynamodb:putItem is not supported/);
  });
});
