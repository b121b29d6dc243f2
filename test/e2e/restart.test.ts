import { randomUUID } from 'node:crypto';
import { mkdtemp, rm as remove } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import type { PendingTask } from '../../infra/local/task-tokens.js';
import { type ApiClient, apiClient, ok } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

const DAY = 86_400_000;

interface ExecutionView {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly history: string[];
}

/**
 * Workflows waiting on a person survive a restart of the local cloud (`npm start` stopped
 * and started again on the same data): the periodic review keeps waiting under the same
 * task token, escalates at its original deadline, and completes through the API.
 */
describe('the local cloud restarted in the middle of periodic reviews', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    // A Monday in 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const as = async (claims: Parameters<typeof devToken>[1]) =>
    apiClient(cloud, await devToken(cloud, claims));
  const rm = () =>
    as({ sub: 'restart-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-restart' });
  const supervisor = () => as({ sub: 'restart-sup', role: 'supervisor', branch: 'BJ01' });

  async function register(sequence: number): Promise<string> {
    const response = await (await rm()).POST('/v1/customers', {
      body: {
        type: 'individual',
        name: '司马仲达',
        idType: 'prc-id',
        idNumber: prcId('1979-01-11', sequence),
        mobile: `1371234${String(sequence).padStart(4, '0')}`,
        branch: 'BJ01',
        rmId: 'rm-restart',
      },
    });
    expect(response.response.status).toBe(201);
    return ok(response).customerId;
  }

  /** The reviews in `status` the holder of `client` sees. */
  async function reviews(client: ApiClient, status: 'open' | 'escalated' | 'completed') {
    return ok(await client.GET('/v1/reviews', { params: { query: { status } } })).items;
  }

  /** Completes a review through the API; the answer's status. */
  async function complete(client: ApiClient, reviewId: string, outcome: 'confirmed' | 'updated') {
    const completed = await client.POST('/v1/reviews/{reviewId}/complete', {
      params: { path: { reviewId } },
      body: { outcome },
    });
    return completed.response.status;
  }

  /** The local control endpoints, as a developer looks at them. */
  async function executions(): Promise<ExecutionView[]> {
    return (await api(cloud).get('/local/executions')).json.executions as ExecutionView[];
  }
  async function tasks(): Promise<PendingTask[]> {
    return (await api(cloud).get('/local/tasks')).json.tasks as PendingTask[];
  }
  async function executionOf(reviewId: string): Promise<ExecutionView> {
    const execution = (await executions()).find((candidate) => candidate.name === reviewId);
    if (execution === undefined) throw new Error(`no execution for ${reviewId}`);
    return execution;
  }
  async function taskOf(reviewId: string): Promise<PendingTask | undefined> {
    const { executionArn } = await executionOf(reviewId);
    return (await tasks()).find((task) => task.executionArn === executionArn);
  }
  async function waitingOn(reviewId: string, stateName: string): Promise<PendingTask> {
    const { executionArn } = await executionOf(reviewId);
    await cloud.stepFunctions.waitForExecution(executionArn, () =>
      cloud.stepFunctions.pendingTasks(executionArn).some((task) => task.stateName === stateName),
    );
    const task = await taskOf(reviewId);
    if (task === undefined) throw new Error(`no task for ${reviewId}`);
    return task;
  }

  it('keeps both reviews waiting under the same tokens, escalates at the original deadline and completes through the API', async () => {
    // Prepare: two customers due for review six months on; the daily scan opens both.
    const customers = [await register(701), await register(702)];
    cloud.clock.advance(185 * DAY);
    const scan = await cloud.scheduler.runNow('DailyReviewScan');
    await cloud.settle();
    const open = await reviews(await rm(), 'open');
    const [toComplete, toEscalate] = customers.map((customerId) =>
      open.find((review) => review.customerId === customerId),
    );
    if (toComplete === undefined || toEscalate === undefined) throw new Error('reviews missing');
    const before = {
      toComplete: await waitingOn(toComplete.reviewId, 'AwaitRelationshipManager'),
      toEscalate: await waitingOn(toEscalate.reviewId, 'AwaitRelationshipManager'),
    };

    // Act: Ctrl-C, and `npm start` again two days later.
    cloud = await cloud.restart({ now: new Date(cloud.clock.now().getTime() + 2 * DAY) });

    // Assess: still running, waiting for the RM under the very same tokens.
    // The pass machine ran every segment of the scan to its end.
    expect(scan).toMatchObject({ status: 'SUCCEEDED' });
    for (const review of [toComplete, toEscalate]) {
      expect(await executionOf(review.reviewId)).toMatchObject({
        status: 'RUNNING',
        history: ['ComputeDeadlines', 'AwaitRelationshipManager'],
      });
    }
    expect(await taskOf(toComplete.reviewId)).toEqual(before.toComplete);
    expect(await taskOf(toEscalate.reviewId)).toEqual(before.toEscalate);

    // The RM completes one review through the API: its workflow ends in Completed.
    expect(await complete(await rm(), toComplete.reviewId, 'confirmed')).toBe(200);
    await cloud.stepFunctions.waitForExecution((await executionOf(toComplete.reviewId)).executionArn);
    expect(await executionOf(toComplete.reviewId)).toMatchObject({
      status: 'SUCCEEDED',
      history: ['ComputeDeadlines', 'AwaitRelationshipManager', 'Completed'],
    });

    // The other escalates when the clock passes the RM's deadline set before the restart,
    // not one counted again from the restart.
    cloud.clock.set(new Date(Date.parse(toEscalate.rmDeadline) - 60_000));
    await cloud.settle();
    expect((await taskOf(toEscalate.reviewId))?.stateName).toBe('AwaitRelationshipManager');
    cloud.clock.set(new Date(Date.parse(toEscalate.rmDeadline) + 60_000));
    await waitingOn(toEscalate.reviewId, 'AwaitSupervisor');
    await cloud.settle();
    const escalated = await reviews(await supervisor(), 'escalated');
    expect(escalated.map((review) => review.reviewId)).toEqual([toEscalate.reviewId]);

    // Restarted once more while the supervisor has it, it is completed through the API.
    const supervisorTask = await taskOf(toEscalate.reviewId);
    cloud = await cloud.restart();
    expect(await taskOf(toEscalate.reviewId)).toEqual(supervisorTask);
    expect(await complete(await supervisor(), toEscalate.reviewId, 'updated')).toBe(200);
    await cloud.stepFunctions.waitForExecution((await executionOf(toEscalate.reviewId)).executionArn);
    expect(await executionOf(toEscalate.reviewId)).toMatchObject({
      status: 'SUCCEEDED',
      history: ['ComputeDeadlines', 'AwaitRelationshipManager', 'AwaitSupervisor', 'Completed'],
    });
    // No review waits any more (the customers' own retention cases, opened after 180 quiet days, may).
    expect((await tasks()).filter((task) => task.executionArn.includes(':PeriodicReview:'))).toEqual([]);
    await cloud.settle();
    const done = await reviews(await supervisor(), 'completed');
    expect(done.map((review) => review.reviewId).sort()).toEqual(
      [toComplete.reviewId, toEscalate.reviewId].sort(),
    );
  });
});

describe('the clock of `npm start` (real time plus what was advanced)', () => {
  it('is as far ahead after a restart as it was before, and back to real time with --fresh', async () => {
    // Prepare: `npm start` as it runs, with no test clock, over a data directory of its own.
    const dataDir = await mkdtemp(join(tmpdir(), 'fincrm-e2e-clock-'));
    const tablePrefix = `e2e-${randomUUID().slice(0, 8)}-`;
    let awsPort = 0;
    const start = async (fresh = false): Promise<LocalCloud> => {
      const started = await startLocalCloud({
        port: 0,
        dataDir,
        dynamodbEndpoint: inject('dynamodbEndpoint'),
        tablePrefix,
        autoSchedules: false,
        fresh,
        ...(awsPort === 0 ? {} : { awsPort }),
      });
      awsPort = Number(new URL(started.awsEndpoint).port);
      return started;
    };
    const aheadOfRealTime = async (cloud: LocalCloud) =>
      Date.parse(String((await api(cloud).get('/local/clock')).json.now)) - Date.now();
    try {
      let cloud = await start();
      await api(cloud).post('/local/clock/advance', { days: 30 });

      // Act
      await cloud.stop();
      cloud = await start();
      const afterRestart = await aheadOfRealTime(cloud);
      await cloud.stop();
      cloud = await start(true);
      const afterFresh = await aheadOfRealTime(cloud);
      await cloud.stop();

      // Assess (real time passes between the calls: bounds, not exact values)
      expect(afterRestart).toBeGreaterThan(29 * DAY);
      expect(afterFresh).toBeLessThan(DAY);
    } finally {
      await remove(dataDir, { recursive: true, force: true });
    }
  });
});
