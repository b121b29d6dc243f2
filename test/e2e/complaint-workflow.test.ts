import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  breachStateOf,
  deadlineStateOf,
  COMPLAINT_STATES as S,
} from '../../functions/complaints/workflows/complaint-handling.js';
import type { ExecutionRecord } from '../../infra/local/step-functions.js';
import { prcId } from '../support/customers-harness.js';
import { type ApiResponse, api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface DeadlineView {
  readonly kind: string;
  readonly due: string;
  readonly rule: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * The ComplaintHandling workflow end to end in the local cloud, on its controlled clock: a
 * complaint received through the API starts its execution (ComplaintReceived on the bus), each
 * human step done through the API resumes it, deadlines passing record breaches and escalate,
 * and pauses, resumes and extensions re-time the waiting step. Execution histories and the
 * journal the local cloud keeps them in never hold the complaint's free text.
 */
describe('the complaint workflow in the local cloud', () => {
  let cloud: TestCloud;
  let supervisor: ReturnType<typeof api>;
  let manager: ReturnType<typeof api>;
  let customerId: string;
  /** Every free-text value sent: none may appear in an execution or an event. */
  const freeText: string[] = [];
  let sequence = 0;

  beforeAll(async () => {
    // A Monday in 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    const rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
    supervisor = api(cloud, await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' }));
    manager = api(cloud, await devToken(cloud, { sub: 'e2e-cm', role: 'complaints-manager' }));
    const registered = await rm.post('/v1/customers', {
      type: 'individual',
      name: '诸葛孔明',
      idType: 'prc-id',
      idNumber: prcId('1981-07-23', 701),
      mobile: '13912340701',
      email: 'kongming.701@example.com',
      address: '四川省成都市武侯区武侯祠大街231号',
      branch: 'BJ01',
      rmId: 'rm-e2e',
    });
    expect(registered.status).toBe(201);
    customerId = String(registered.json.customerId);
    // CustomerRegistered reaches the complaints' customer mirror.
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  /** A complaint received now, about its own category (two open ones of a category would be repeats). */
  async function receive(category: string): Promise<string> {
    sequence += 1;
    const description = `Fee charged twice on my card, case ${sequence} 张三`;
    const customerRequest = `Refund both fees, case ${sequence}`;
    const representative = ['李四', '王五', '赵六', '钱七', '孙八', '周九'][sequence % 6] ?? '吴十';
    freeText.push(description, customerRequest, representative);
    const created = await supervisor.post('/v1/complaints', {
      customerId,
      channel: 'phone',
      category,
      description,
      customerRequest,
      representatives: [representative],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const complaintId = String(created.json.complaintId);
    // ComplaintReceived is relayed to the bus; the consumer starts the execution.
    await cloud.settle();
    await waitingIn(complaintId, S.acknowledgement);
    return complaintId;
  }

  function execution(complaintId: string): ExecutionRecord {
    const found = cloud.stepFunctions.listExecutions('ComplaintHandling').find((e) => e.name === complaintId);
    if (found === undefined) throw new Error(`no execution for ${complaintId}`);
    return found;
  }

  /** Resolves once the complaint's execution waits on a task token in `state`. */
  async function waitingIn(complaintId: string, state: string): Promise<void> {
    // The outbox relay and the consumer run first: the execution may start only then.
    await cloud.settle();
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      (record) => cloud.stepFunctions.pendingTasks(record.executionArn)[0]?.stateName === state,
    );
  }

  async function read(complaintId: string): Promise<ApiResponse> {
    const response = await supervisor.get(`/v1/complaints/${complaintId}`);
    expect(response.status).toBe(200);
    return response;
  }

  function deadlineOf(response: ApiResponse, kind: string): DeadlineView {
    const deadlines = response.json.deadlines as DeadlineView[];
    const found = deadlines.find((deadline) => deadline.kind === kind);
    if (found === undefined) throw new Error(`no ${kind} deadline`);
    return found;
  }

  /** One action with the complaint's current ETag; the answer as the API gave it. */
  async function act(
    client: ReturnType<typeof api>,
    complaintId: string,
    action: string,
    body?: unknown,
  ): Promise<ApiResponse> {
    const etag = (await read(complaintId)).headers.etag ?? '';
    const response = await client.post(`/v1/complaints/${complaintId}/${action}`, body, {
      headers: { 'if-match': etag },
    });
    await cloud.settle();
    return response;
  }

  async function step(
    client: ReturnType<typeof api>,
    complaintId: string,
    action: string,
    body?: unknown,
  ): Promise<ApiResponse> {
    const response = await act(client, complaintId, action, body);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    return response;
  }

  const decision = { outcome: 'upheld', remedies: [{ type: 'explanation' }] };
  const closure = () => ({
    rootCause: 'fees-pricing',
    remediationActions: [
      {
        action: 'fee-rule-fix',
        owner: 'e2e-sup',
        dueDate: new Date(cloud.clock.now().getTime() + 30 * DAY).toISOString().slice(0, 10),
      },
    ],
  });

  async function toInvestigation(complaintId: string): Promise<void> {
    await step(supervisor, complaintId, 'acknowledge');
    await waitingIn(complaintId, S.initialHandling);
    await step(supervisor, complaintId, 'initial-handling');
    await waitingIn(complaintId, S.investigation);
  }

  it('runs a complaint handled on time from receipt to closure, the review window ending unused', async () => {
    const complaintId = await receive('fees');
    await toInvestigation(complaintId);
    await step(supervisor, complaintId, 'decision', decision);
    await waitingIn(complaintId, S.reviewWindow);

    // Nobody asks for a review: the window's end moves the complaint to closure.
    const window = deadlineOf(await read(complaintId), 'review-request');
    cloud.clock.set(new Date(Date.parse(window.due) + MINUTE));
    await waitingIn(complaintId, S.closure);
    expect((await read(complaintId)).json.status).toBe('awaiting-closure');

    await step(supervisor, complaintId, 'close', closure());
    const done = await cloud.stepFunctions.waitForExecution(execution(complaintId).executionArn);
    const closed = await read(complaintId);

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
    expect(closed.json.status).toBe('closed');
    expect(closed.json.breaches).toEqual([]);
  });

  it('records the acknowledgement breach at its deadline, escalates it to the supervisor, and keeps waiting', async () => {
    const complaintId = await receive('product');
    const acknowledge = deadlineOf(await read(complaintId), 'acknowledge');
    // 24 calendar hours from receipt.
    expect(Date.parse(acknowledge.due) - Date.parse(String((await read(complaintId)).json.receivedAt))).toBe(
      DAY,
    );

    cloud.clock.set(new Date(Date.parse(acknowledge.due) + MINUTE));
    await cloud.stepFunctions.waitForExecution(execution(complaintId).executionArn, (record) =>
      record.history.includes(breachStateOf(S.acknowledgement)),
    );
    await waitingIn(complaintId, S.acknowledgement);
    const breached = await read(complaintId);

    expect(breached.json.status).toBe('awaiting-acknowledgement');
    expect(breached.json.breaches).toEqual([
      expect.objectContaining({ kind: 'acknowledge', due: acknowledge.due, escalatedTo: 'supervisor' }),
    ]);
    const events = cloud.bus.recentEvents.filter((event) =>
      JSON.stringify(event.detail).includes(complaintId),
    );
    expect(events.find((event) => event['detail-type'] === 'ComplaintSlaBreached')?.detail).toMatchObject({
      deadline: 'acknowledge',
      due: acknowledge.due,
    });
    expect(events.find((event) => event['detail-type'] === 'ComplaintEscalated')?.detail).toMatchObject({
      deadline: 'acknowledge',
      level: 'supervisor',
    });

    // Acknowledged late: the workflow goes on; the breach stays recorded once.
    await step(supervisor, complaintId, 'acknowledge');
    await waitingIn(complaintId, S.initialHandling);
    expect((await read(complaintId)).json.breaches).toHaveLength(1);
  });

  it('moves the decision deadline by the paused time and re-times the waiting step on pause and resume', async () => {
    const complaintId = await receive('service-attitude');
    await toInvestigation(complaintId);
    const before = deadlineOf(await read(complaintId), 'decision');
    const timed = () =>
      execution(complaintId).history.filter((state) => state === deadlineStateOf(S.investigation));
    expect(timed()).toHaveLength(1);

    await step(supervisor, complaintId, 'pause', { reason: 'external-appraisal' });
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 2,
    );
    await waitingIn(complaintId, S.investigation);
    expect((await read(complaintId)).json.status).toBe('paused');

    // Three days of external appraisal, then the clock runs again.
    cloud.clock.advance(3 * DAY);
    await step(supervisor, complaintId, 'resume', { reason: 'appraisal-done' });
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 3,
    );
    await waitingIn(complaintId, S.investigation);
    const after = deadlineOf(await read(complaintId), 'decision');

    // Moved by the three paused days (then rolled off a rest day, as the unpaused one may have been).
    expect(before.inputs.pausedSeconds).toBe(0);
    expect(after.inputs.pausedSeconds).toBe(3 * 86_400);
    expect(Date.parse(after.due)).toBeGreaterThan(Date.parse(before.due));
    // Paused time is not a breach: nothing was recorded while the clock stood still.
    expect((await read(complaintId)).json.breaches).toEqual([]);
  });

  it('extends the decision deadline twice with approvals, each re-timing the waiting step', async () => {
    const complaintId = await receive('mis-selling');
    await toInvestigation(complaintId);
    const timed = () =>
      execution(complaintId).history.filter((state) => state === deadlineStateOf(S.investigation));
    const base = deadlineOf(await read(complaintId), 'decision');

    const first = await step(supervisor, complaintId, 'extensions', { level: 1, reason: 'complex-case' });
    const firstId = String((first.json.extensions as { extensionId: string }[])[0]?.extensionId);
    await step(supervisor, complaintId, `extensions/${firstId}/decision`, { approve: true });
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 2,
    );
    const extended = deadlineOf(await read(complaintId), 'decision');
    expect(extended.rule).toBe('decision-days-extended-1');
    expect(Date.parse(extended.due)).toBeGreaterThan(Date.parse(base.due));

    const second = await step(supervisor, complaintId, 'extensions', {
      level: 2,
      reason: 'especially-complex',
    });
    const secondId = String((second.json.extensions as { extensionId: string }[])[1]?.extensionId);
    // The second extension is the head-office complaints unit's to approve, the customer told.
    await step(manager, complaintId, `extensions/${secondId}/decision`, {
      approve: true,
      customerToldAt: cloud.clock.now().toISOString(),
    });
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 3,
    );
    await waitingIn(complaintId, S.investigation);
    const twice = deadlineOf(await read(complaintId), 'decision');
    expect(twice.rule).toBe('decision-days-extended-2');
    expect(Date.parse(twice.due)).toBeGreaterThan(Date.parse(extended.due));
  });

  it('runs the review stage when the customer asks for one, then closure; closure is refused without a root cause', async () => {
    const complaintId = await receive('data-privacy');
    await toInvestigation(complaintId);
    await step(supervisor, complaintId, 'decision', decision);
    await waitingIn(complaintId, S.reviewWindow);

    await step(supervisor, complaintId, 'review-requests');
    await waitingIn(complaintId, S.review);
    expect(deadlineOf(await read(complaintId), 'review-decision').rule).toBe('review-decision-days');
    await step(manager, complaintId, 'review-decision', { outcome: 'partially-upheld' });
    await waitingIn(complaintId, S.closure);

    // No root cause, no remediation: refused, nothing written, the workflow still waits.
    const refused = await act(supervisor, complaintId, 'close', {});
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('root-cause-required');
    await waitingIn(complaintId, S.closure);
    expect((await read(complaintId)).json.status).toBe('awaiting-closure');

    await step(supervisor, complaintId, 'close', closure());
    const done = await cloud.stepFunctions.waitForExecution(execution(complaintId).executionArn);
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
  });

  it('escalates a missed decision to the branch head and keeps waiting for it', async () => {
    const complaintId = await receive('system-failure');
    await toInvestigation(complaintId);
    const due = deadlineOf(await read(complaintId), 'decision');
    const timed = () =>
      execution(complaintId).history.filter((state) => state === deadlineStateOf(S.investigation));

    cloud.clock.set(new Date(Date.parse(due.due) + MINUTE));
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 2,
    );
    await waitingIn(complaintId, S.investigation);
    const breached = await read(complaintId);

    expect(execution(complaintId).history).toContain(breachStateOf(S.investigation));
    expect(breached.json.status).toBe('investigating');
    expect(breached.json.breaches).toEqual([
      expect.objectContaining({ kind: 'decision', due: due.due, escalatedTo: 'branch-head' }),
    ]);
    const escalated = cloud.bus.recentEvents.find(
      (event) =>
        event['detail-type'] === 'ComplaintEscalated' && JSON.stringify(event.detail).includes(complaintId),
    );
    expect(escalated?.detail).toMatchObject({ deadline: 'decision', level: 'branch-head' });

    // Decided late: the workflow goes on to the review window.
    await step(supervisor, complaintId, 'decision', decision);
    await waitingIn(complaintId, S.reviewWindow);
  });

  it('counts provisional deadlines again when the next year is loaded, and re-times the waiting step', async () => {
    // Received on 2026-12-21 (a Monday): the 15 days run into 2027, which the calendar does not know yet.
    cloud.clock.set(new Date('2026-12-21T02:00:00Z'));
    const complaintId = await receive('other');
    const before = deadlineOf(await read(complaintId), 'decision') as DeadlineView & { provisional: boolean };
    expect(before.provisional).toBe(true);
    const timed = () =>
      execution(complaintId).history.filter((state) => state === deadlineStateOf(S.acknowledgement));
    expect(timed()).toHaveLength(1);

    const admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));
    const loaded = await admin.put(
      '/v1/config/calendars/2027',
      {
        holidays: [
          { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
          { name: '春节', from: '2027-02-06', to: '2027-02-13' },
        ],
        makeUpWorkingDays: ['2027-02-20'],
      },
      { headers: { 'if-match': '"0"' } },
    );
    expect(loaded.status).toBe(200);
    // WorkingCalendarChanged is relayed; the complaints' consumer mirrors the year and recounts.
    await cloud.settle();
    await cloud.stepFunctions.waitForExecution(
      execution(complaintId).executionArn,
      () => timed().length === 2,
    );
    await waitingIn(complaintId, S.acknowledgement);
    const after = deadlineOf(await read(complaintId), 'decision') as DeadlineView & { provisional: boolean };

    expect(after.provisional).toBe(false);
    expect((await read(complaintId)).json.breaches).toEqual([]);
  });

  it('keeps the free text out of every execution, the execution journal and the events', async () => {
    expect(freeText.length).toBeGreaterThan(0);
    const executions = JSON.stringify(cloud.stepFunctions.listExecutions('ComplaintHandling'));
    const journals = (await readdir(cloud.dataDir)).filter((file) => file.startsWith('step-functions-'));
    expect(journals.length).toBeGreaterThan(0);
    const journal = (
      await Promise.all(journals.map((file) => readFile(join(cloud.dataDir, file), 'utf8')))
    ).join('');
    const events = JSON.stringify(cloud.bus.recentEvents);
    for (const value of freeText) {
      expect(executions).not.toContain(value);
      expect(journal).not.toContain(value);
      expect(events).not.toContain(value);
    }
  });
});
