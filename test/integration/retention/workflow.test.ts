import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseActions } from '../../../functions/retention/service/cases/actions.js';
import { caseOpener } from '../../../functions/retention/service/cases/opening.js';
import { caseTaskSchema, runCaseTask } from '../../../functions/retention/service/cases/workflow-steps.js';
import {
  type CaseStep,
  deadlineStateOf,
  retentionCaseStateMachine,
  RETENTION_STATES as S,
} from '../../../functions/retention/workflows/retention-case.js';
import { type ExecutionRecord, LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { StatesApiError } from '../../../infra/local/task-tokens.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';
import * as z from '../../../shared/zod.js';
import { localClient } from '../../support/dynamo.js';
import {
  ALERT_AT,
  featuresOf,
  OUTREACH_DUE_AT,
  openingOf,
  WINDOW_ENDS_AT,
} from '../../unit/retention/case-fakes.js';
import { caseWorld, retentionTables } from './case-world.js';

const RM = { sub: 'rm-1', role: 'relationship-manager' };
const SUPERVISOR = { sub: 'sup-1', role: 'branch-supervisor' };

/** The case service's workflow port, answered by the local cloud's Step Functions. */
function localGateway(sfn: LocalStepFunctions): TaskTokenGateway {
  const answered = (send: () => void): boolean => {
    try {
      send();
      return true;
    } catch (error) {
      if (error instanceof StatesApiError) return false;
      throw error;
    }
  };
  return {
    async start(name, input) {
      try {
        sfn.startExecution(retentionCaseStateMachine.id, input, name);
      } catch (error) {
        if (!(error instanceof StatesApiError && error.name === 'ExecutionAlreadyExists')) throw error;
      }
    },
    async completeTask(taskToken, output) {
      return answered(() => sfn.sendTaskSuccess(taskToken, JSON.stringify(output)));
    },
    async failTask(taskToken, error, cause) {
      return answered(() => sfn.sendTaskFailure(taskToken, error, cause));
    },
  };
}

/**
 * The real RetentionCase definition run by the local cloud's Step Functions (the
 * aws-local-stepfunctions interpreter, timeouts on a controlled clock), its tasks the real case
 * service on DynamoDB Local: the path of a case from the alert to its outcome.
 */
describe('the RetentionCase workflow on the local cloud', () => {
  const clock = new ControlledClock(new Date(ALERT_AT));
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  let world: ReturnType<typeof caseWorld>;
  let sfn: LocalStepFunctions;
  const payloads: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const tables = await retentionTables(inject('dynamodbEndpoint'), 'it-retwf');
    sfn = new LocalStepFunctions({
      stateMachines: [retentionCaseStateMachine],
      clock,
      timers: new ClockTimers(clock),
      invoke: async (_functionId, event) => {
        const task = z.parse(caseTaskSchema, event);
        payloads.push({ ...task });
        return runCaseTask(world.deps, task);
      },
    });
    world = caseWorld(db, tables, clock, localGateway(sfn));
  });
  afterAll(() => db.destroy());

  const arnOf = (caseId: string) => {
    const execution = sfn
      .listExecutions(retentionCaseStateMachine.id)
      .find((record) => record.name === caseId);
    if (execution === undefined) throw new Error('no execution');
    return execution.executionArn;
  };
  /** Until the execution waits in `state` and its task has stored the token with the case. */
  const waitingIn = async (caseId: string, state: string, step: CaseStep) => {
    await sfn.waitForExecution(arnOf(caseId), () => sfn.pendingTasks(arnOf(caseId))[0]?.stateName === state);
    for (let tries = 0; tries < 100; tries += 1) {
      if ((await world.store.get(caseId))?.case.waiting?.step === step) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the case never stored the token of ${state}`);
  };
  const done = (caseId: string): Promise<ExecutionRecord> => sfn.waitForExecution(arnOf(caseId));

  it('opens, escalates when the outreach is not done in 3 working days, waits for the window after a reached attempt, and closes with the outcome', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(openingOf('cus-wf-1', 'high', ['inactive']));
    await waitingIn(caseId, S.outreach, 'outreach');

    clock.set(new Date(Date.parse(OUTREACH_DUE_AT) + 1));
    await waitingIn(caseId, S.escalated, 'escalated');
    expect((await world.store.get(caseId))?.case).toMatchObject({
      status: 'escalated',
      assignedTo: 'supervisor',
      waiting: { step: 'escalated' },
    });

    clock.advance(3_600_000);
    await caseActions(world.deps).recordAttempt(
      caseId,
      { channel: 'phone', reached: true, cause: 'inactivity' },
      SUPERVISOR,
    );
    await waitingIn(caseId, S.monitoring, 'monitoring');
    expect((await world.store.get(caseId))?.case).toMatchObject({
      status: 'monitoring',
      waiting: { step: 'monitoring' },
    });

    world.rescorer.scores.set('cus-wf-1', {
      level: 'low',
      features: featuresOf('cus-wf-1', {
        activity: {
          lastTransactionDay: '2026-03-20',
          months: [],
          currency: 'CNY',
          at: '2026-03-21T00:00:00.000Z',
        },
      }),
    });
    clock.set(new Date(WINDOW_ENDS_AT));
    const execution = await done(caseId);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history).toEqual([
      S.prepare,
      deadlineStateOf(S.outreach),
      S.outreach,
      S.escalate,
      deadlineStateOf(S.escalated),
      S.escalated,
      deadlineStateOf(S.monitoring),
      S.monitoring,
      S.close,
      S.closed,
    ]);
    expect((await world.store.get(caseId))?.case).toMatchObject({
      status: 'closed',
      outcome: 'reactivated',
      cause: 'inactivity',
      closedAt: WINDOW_ENDS_AT,
    });
    expect(await world.store.openCaseOf('cus-wf-1')).toBeUndefined();
    // Ids, steps and tokens only: nothing about the customer in the execution's payloads.
    for (const payload of payloads) {
      expect(
        Object.keys(payload).every((key) => ['action', 'caseId', 'step', 'taskToken'].includes(key)),
      ).toBe(true);
    }
    expect(JSON.stringify(execution.output)).not.toContain('cus-wf-1');
  });

  it('ends at ClosedEarly when a supervisor closes the case while the outreach waits', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(openingOf('cus-wf-2', 'high', ['aum-drop']));
    await waitingIn(caseId, S.outreach, 'outreach');
    world.rescorer.scores.set('cus-wf-2', { level: 'high', features: featuresOf('cus-wf-2') });

    await caseActions(world.deps).closeEarly(caseId, 'not-reachable', SUPERVISOR);
    const execution = await done(caseId);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history.slice(-2)).toEqual([S.outreach, S.closedEarly]);
    expect(execution.history).not.toContain(S.close);
    expect((await world.store.get(caseId))?.case).toMatchObject({
      status: 'closed',
      outcome: 'lost',
      earlyReason: 'not-reachable',
    });
  });

  it('goes straight on when the customer was reached before the outreach step opened', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(
      openingOf('cus-wf-3', 'medium', ['frequency-drop']),
    );
    await caseActions(world.deps).recordAttempt(caseId, { channel: 'face-to-face', reached: true }, RM);

    await waitingIn(caseId, S.monitoring, 'monitoring');
    expect(sfn.describeExecution(arnOf(caseId)).history).not.toContain(S.escalate);
  });
});
