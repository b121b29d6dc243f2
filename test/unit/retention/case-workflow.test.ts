import { describe, expect, it } from 'vitest';
import { caseTaskSchema } from '../../../functions/retention/service/cases/workflow-steps.js';
import {
  deadlineStateOf,
  RETENTION_CLOSED_EARLY,
  retentionCaseStateMachine,
  RETENTION_STATES as S,
} from '../../../functions/retention/workflows/retention-case.js';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';

/**
 * The real RetentionCase definition, run by the local cloud's Step Functions (timeouts on a
 * controlled clock), with the RetentionWorkflowTasks function faked: which state follows which.
 * The real tasks run it on DynamoDB Local in test/integration/retention/workflow.test.ts.
 */

const DAY = 86_400;

function setup() {
  const clock = new ControlledClock(new Date('2026-03-05T02:00:00Z'));
  const actions: string[] = [];
  const sfn = new LocalStepFunctions({
    stateMachines: [retentionCaseStateMachine],
    clock,
    timers: new ClockTimers(clock),
    invoke: async (_functionId, event) => {
      const task = z.parse(caseTaskSchema, event);
      actions.push(`${task.action}${'step' in task ? `:${task.step}` : ''}`);
      // Outreach due in 3 days, the window in 30.
      if (task.action === 'timeouts')
        return { timeoutSeconds: task.step === 'outreach' ? 3 * DAY : 30 * DAY };
      return {};
    },
  });
  const execution = sfn.startExecution(retentionCaseStateMachine.id, { caseId: 'ret-1' }, 'ret-1');
  const waitingIn = async (state: string): Promise<string> => {
    await sfn.waitForExecution(
      execution.executionArn,
      () => sfn.pendingTasks(execution.executionArn)[0]?.stateName === state,
    );
    return sfn.pendingTasks(execution.executionArn)[0]?.token ?? '';
  };
  const done = () => sfn.waitForExecution(execution.executionArn);
  return { clock, sfn, actions, waitingIn, done };
}

describe('RetentionCase state machine', () => {
  it('closes at the window’s end a case whose customer nobody reached, after escalating it', async () => {
    const run = setup();
    await run.waitingIn(S.outreach);
    run.clock.advance(3 * DAY * 1000);
    await run.waitingIn(S.escalated);
    run.clock.advance(30 * DAY * 1000);
    const execution = await run.done();

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history).toEqual([
      S.prepare,
      deadlineStateOf(S.outreach),
      S.outreach,
      S.escalate,
      deadlineStateOf(S.escalated),
      S.escalated,
      S.close,
      S.closed,
    ]);
    expect(run.actions).toEqual([
      'prepare',
      'timeouts:outreach',
      'openStep:outreach',
      'escalate',
      'timeouts:escalated',
      'openStep:escalated',
      'close',
    ]);
  });

  it('ends at ClosedEarly, without the close task, when the window’s wait is failed by an early close', async () => {
    const run = setup();
    run.sfn.sendTaskSuccess(await run.waitingIn(S.outreach), JSON.stringify({ status: 'monitoring' }));
    run.sfn.sendTaskFailure(await run.waitingIn(S.monitoring), RETENTION_CLOSED_EARLY, 'closed early');
    const execution = await run.done();

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history.slice(-2)).toEqual([S.monitoring, S.closedEarly]);
    expect(run.actions).not.toContain('close');
  });
});
