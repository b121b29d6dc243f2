import { describe, expect, it } from 'vitest';
import { workflowTaskSchema } from '../../../functions/complaints/service/workflow-steps.js';
import {
  breachStateOf,
  COMPLAINT_DEADLINES_CHANGED,
  complaintHandlingStateMachine,
  deadlineStateOf,
  COMPLAINT_STATES as S,
} from '../../../functions/complaints/workflows/complaint-handling.js';
import { type ExecutionRecord, LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';

/**
 * The real ComplaintHandling definition, run by the local cloud's Step Functions (the
 * aws-local-stepfunctions interpreter, timeouts on a controlled clock), with the
 * ComplaintsWorkflowTasks function faked: what matters here is which state follows which.
 */

const HOUR = 3_600;

interface Call {
  readonly functionId: string;
  readonly event: Record<string, unknown>;
}

interface FakeTasks {
  /** Seconds the `timeouts` task answers, by stage (default one hour). */
  readonly timeouts?: Readonly<Record<string, number>>;
  /** What `endReviewWindow` answers (default the window ended). */
  readonly endReviewWindowStatus?: string;
}

function setup(fake: FakeTasks = {}) {
  const clock = new ControlledClock(new Date('2026-03-02T01:00:00Z'));
  const timers = new ClockTimers(clock);
  const calls: Call[] = [];
  const sfn = new LocalStepFunctions({
    stateMachines: [complaintHandlingStateMachine],
    clock,
    timers,
    invoke: async (functionId, event) => {
      const call = { functionId, event: event as Record<string, unknown> };
      calls.push(call);
      switch (call.event.action) {
        case 'timeouts':
          return { timeoutSeconds: fake.timeouts?.[String(call.event.stage)] ?? HOUR };
        case 'endReviewWindow':
          return { status: fake.endReviewWindowStatus ?? 'awaiting-closure' };
        default:
          return {};
      }
    },
  });
  const execution = sfn.startExecution('ComplaintHandling', { complaintId: 'cmp-1' }, 'cmp-1');

  /** The token of the step waiting in `state`, once it waits. */
  async function waitingIn(state: string): Promise<string> {
    await sfn.waitForExecution(
      execution.executionArn,
      () => sfn.pendingTasks(execution.executionArn)[0]?.stateName === state,
    );
    return sfn.pendingTasks(execution.executionArn)[0]?.token ?? '';
  }

  /** The API's side: the step in `state` is done, its token answered with the new status. */
  async function answer(state: string, status: string): Promise<void> {
    sfn.sendTaskSuccess(await waitingIn(state), JSON.stringify({ status }));
  }

  const actions = () =>
    calls.map((call) => `${call.event.action}${call.event.stage ? `:${call.event.stage}` : ''}`);
  const done = (): Promise<ExecutionRecord> => sfn.waitForExecution(execution.executionArn);
  return { clock, sfn, calls, execution, waitingIn, answer, actions, done };
}

describe('ComplaintHandling state machine', () => {
  it('runs a complaint handled on time from receipt to closure, the review window ending unused', async () => {
    const run = setup({ timeouts: { 'review-window': 30 * 24 * HOUR } });
    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.answer(S.initialHandling, 'investigating');
    await run.answer(S.investigation, 'review-window');
    await run.waitingIn(S.reviewWindow);
    run.clock.advance(30 * 24 * HOUR * 1000);
    await run.answer(S.closure, 'closed');
    const done = await run.done();

    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual([
      S.prepare,
      S.assignToQueue,
      deadlineStateOf(S.acknowledgement),
      S.acknowledgement,
      deadlineStateOf(S.initialHandling),
      S.initialHandling,
      deadlineStateOf(S.investigation),
      S.investigation,
      deadlineStateOf(S.reviewWindow),
      S.reviewWindow,
      S.endReviewWindow,
      S.reviewRequested,
      deadlineStateOf(S.closure),
      S.closure,
      S.closed,
    ]);
    // No breach: the window's end is not one.
    expect(run.actions()).not.toContain('recordBreach:review-window');
    expect(run.actions()).toContain('endReviewWindow');
    // Every task was given the complaint id and the stage only, as the tasks' strict schema takes them.
    for (const { event, functionId } of run.calls) {
      expect(functionId).toBe('ComplaintsWorkflowTasks');
      expect(z.safeParse(workflowTaskSchema, event).success).toBe(true);
      expect(Object.keys(event).sort()).toEqual(
        event.action === 'openStep'
          ? ['action', 'complaintId', 'stage', 'taskToken']
          : event.stage === undefined
            ? ['action', 'complaintId']
            : ['action', 'complaintId', 'stage'],
      );
      expect(event.complaintId).toBe('cmp-1');
    }
    // The execution's state stays small and holds ids, seconds and statuses only.
    expect(done.output).toEqual({
      complaintId: 'cmp-1',
      timeout: { seconds: HOUR },
      step: { status: 'closed' },
      interrupted: { Error: 'States.Timeout', Cause: 'Task timed out.' },
    });
  });

  it('records the acknowledgement breach when its deadline passes, then keeps waiting until acknowledged', async () => {
    const run = setup({ timeouts: { acknowledgement: 24 * HOUR } });
    const first = await run.waitingIn(S.acknowledgement);
    run.clock.advance(24 * HOUR * 1000 - 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(run.actions()).not.toContain('recordBreach:acknowledgement');

    run.clock.advance(1000);
    await run.sfn.waitForExecution(run.execution.executionArn, () =>
      run.actions().includes('recordBreach:acknowledgement'),
    );
    const second = await run.waitingIn(S.acknowledgement);
    expect(second).not.toBe(first);
    expect(() => run.sfn.sendTaskSuccess(first, '{}')).toThrow(/Timed Out/);

    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.waitingIn(S.initialHandling);
    expect(run.execution.history.slice(2, 8)).toEqual([
      deadlineStateOf(S.acknowledgement),
      S.acknowledgement,
      breachStateOf(S.acknowledgement),
      deadlineStateOf(S.acknowledgement),
      S.acknowledgement,
      deadlineStateOf(S.initialHandling),
    ]);
    expect(run.actions().filter((action) => action === 'timeouts:acknowledgement')).toHaveLength(2);
  });

  it('computes the timeout again and waits anew when the deadlines change (pause, resume, extension)', async () => {
    const run = setup();
    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.answer(S.initialHandling, 'investigating');
    const first = await run.waitingIn(S.investigation);

    run.sfn.sendTaskFailure(first, COMPLAINT_DEADLINES_CHANGED, 'paused');
    await run.sfn.waitForExecution(
      run.execution.executionArn,
      () => run.actions().filter((action) => action === 'timeouts:investigation').length === 2,
    );
    const second = await run.waitingIn(S.investigation);
    expect(second).not.toBe(first);
    expect(run.actions()).not.toContain('recordBreach:investigation');

    await run.answer(S.investigation, 'review-window');
    await run.waitingIn(S.reviewWindow);
    expect(run.execution.status).toBe('RUNNING');
    expect(run.execution.history.filter((state) => state === deadlineStateOf(S.investigation))).toHaveLength(
      2,
    );
  });

  it('goes through the review stage when the customer asks for a review, then to closure', async () => {
    const run = setup();
    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.answer(S.initialHandling, 'investigating');
    await run.answer(S.investigation, 'review-window');
    await run.answer(S.reviewWindow, 'in-review');
    await run.answer(S.review, 'awaiting-closure');
    await run.answer(S.closure, 'closed');
    const done = await run.done();

    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.slice(-7)).toEqual([
      S.reviewWindow,
      S.reviewRequested,
      deadlineStateOf(S.review),
      S.review,
      deadlineStateOf(S.closure),
      S.closure,
      S.closed,
    ]);
    expect(run.actions()).not.toContain('endReviewWindow');
    expect(run.actions()).toContain('openStep:review');
  });

  it('takes the review stage when a review request wins the race with the window ending', async () => {
    const run = setup({ endReviewWindowStatus: 'in-review' });
    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.answer(S.initialHandling, 'investigating');
    await run.answer(S.investigation, 'review-window');
    await run.waitingIn(S.reviewWindow);
    run.clock.advance(HOUR * 1000);
    await run.waitingIn(S.review);
    expect(run.execution.history.slice(-4)).toEqual([
      S.endReviewWindow,
      S.reviewRequested,
      deadlineStateOf(S.review),
      S.review,
    ]);
  });

  it('records a missed review decision as a breach and keeps waiting for it', async () => {
    const run = setup();
    await run.answer(S.acknowledgement, 'awaiting-initial-handling');
    await run.answer(S.initialHandling, 'investigating');
    await run.answer(S.investigation, 'review-window');
    await run.answer(S.reviewWindow, 'in-review');
    await run.waitingIn(S.review);
    run.clock.advance(HOUR * 1000);
    await run.sfn.waitForExecution(run.execution.executionArn, () =>
      run.actions().includes('recordBreach:review'),
    );
    await run.answer(S.review, 'awaiting-closure');
    await run.waitingIn(S.closure);
    expect(run.execution.history).toContain(breachStateOf(S.review));
  });
});
