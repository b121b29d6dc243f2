import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { CustomerSegmentChanged } from '../../../functions/activity/events.js';
import {
  ComplaintAssigned,
  ComplaintClosed,
  ComplaintReceived,
} from '../../../functions/complaints/events.js';
import type { CustomerFacts } from '../../../functions/engagement/domain/model.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import { SurveyAnswered } from '../../../functions/engagement/events.js';
import { engagementCapability } from '../../../functions/engagement/index.js';
import type { CustomerFactsReader } from '../../../functions/engagement/service/ports.js';
import type { TaskDeps } from '../../../functions/engagement/service/task-deps.js';
import { attemptNotesField } from '../../../functions/engagement/service/tasks.js';
import { tasksAreaOf } from '../../../functions/engagement/service/tasks-area.js';
import { DynamoCustomerKeys } from '../../../functions/engagement/store/customer-keys.js';
import { DynamoTaskStore } from '../../../functions/engagement/store/dynamo-task-store.js';
import { DynamoKpiStore } from '../../../functions/engagement/store/kpi-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { LocalKeyProvider, RecordCipher } from '../../../shared/crypto/index.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { engagementApi } from '../../support/engagement-api.js';
import type { TestCaller } from '../../support/route-caller.js';

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

const CUSTOMER = 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1A';
const COMPLAINT = 'cmp_01JQ3V2A8K2T9C4M5N7P8R0S1C';
const NOTES = 'Customer still upset about the fee — plaintext marker VN#41';

const agent: TestCaller = { sub: 'agent-1', role: 'service-agent', branch: 'BJ01' };
const otherAgent: TestCaller = { sub: 'agent-2', role: 'service-agent', branch: 'BJ01' };
const supervisor: TestCaller = { sub: 'sup-1', role: 'supervisor', branch: 'BJ01' };
const farSupervisor: TestCaller = { sub: 'sup-9', role: 'supervisor', branch: 'SH01' };
const rm: TestCaller = { sub: 'rm-user-7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const otherRm: TestCaller = { sub: 'rm-user-8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const manager: TestCaller = { sub: 'cm-1', role: 'complaints-manager' };

function facts(customerId: string, overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId,
    branch: 'BJ01',
    rmId: 'rm-7',
    version: 1,
    consents: {},
    restrictions: [],
    failedChannels: [],
    relationship: 'active',
    erased: false,
    ...overrides,
  };
}

class FakeFacts implements CustomerFactsReader {
  readonly known = new Map<string, CustomerFacts>([[CUSTOMER, facts(CUSTOMER)]]);
  async factsOf(customerId: string) {
    return this.known.get(customerId);
  }
}

async function fixture() {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-tasks-${randomUUID().slice(0, 8)}-`,
    capabilities: [engagementCapability],
  });
  const table = created.tables.Engagement ?? '';
  const keysTable = created.tables.EngagementKeys ?? '';
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  // Tuesday 3 March 2026, 10:00 in Beijing.
  const clock = new ControlledClock(new Date('2026-03-03T02:00:00.000Z'));
  const cipher = new RecordCipher(new LocalKeyProvider(randomBytes(32)));
  const keys = new DynamoCustomerKeys(db, keysTable, () => cipher);
  const customerFacts = new FakeFacts();
  const deps: TaskDeps = {
    store: new DynamoTaskStore(db, table, clock),
    kpis: new DynamoKpiStore(db, table),
    facts: customerFacts,
    keys,
    settings: DEFAULT_ENGAGEMENT_SETTINGS,
    clock,
    calendarMirror: new DynamoCalendarMirror(db, table, clock),
  };
  const deadLetters: DeadLetter[] = [];
  const area = tasksAreaOf(deps, { send: async (letter) => void deadLetters.push(letter) });
  const call = engagementApi([area]);

  /** Delivers an event of `definition`, as EventBridge hands it to the consumer. */
  async function deliver<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>) {
    const event = buildEvent(definition, detail, clock.now());
    const consumed: ConsumedEvent = {
      source: event.source,
      detailType: event.detailType,
      id: event.detail.eventId,
      time: event.detail.occurredAt,
      detail: event.detail,
    };
    await area.consume(consumed);
    return consumed;
  }

  const items = () => scanAll(db, table);
  const outboxOf = async (detailType: string) =>
    (await items()).filter((item) => item.entityType === 'OUTBOX' && item.detailType === detailType);
  const bucket = async (branch: string, day: string) =>
    (await items()).find((item) => item.pk === `KPI#${branch}` && item.sk === `DAY#${day}`);
  const listIds = async (caller: TestCaller, query: Record<string, string> = {}) => {
    const response = await call(caller, 'GET', '/v1/return-visits', { query });
    expect(response.status).toBe(200);
    return (response.json.items as { taskId: string }[]).map((task) => task.taskId);
  };

  return {
    db,
    table,
    clock,
    deps,
    keys,
    area,
    customerFacts,
    deliver,
    call,
    items,
    outboxOf,
    bucket,
    listIds,
    deadLetters,
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** A complaint received, assigned to agent-1 and closed on Tuesday 3 March 2026 in Beijing. */
async function closedComplaint(fx: Fixture) {
  const ids = { complaintId: COMPLAINT, customerId: CUSTOMER, branch: 'BJ01' };
  await fx.deliver(ComplaintReceived, {
    ...ids,
    queue: 'BJ01-CU',
    channel: 'phone',
    category: 'fees',
    priority: 'normal',
    receivedAt: '2026-02-20T02:00:00.000Z',
    repeat: false,
  });
  await fx.deliver(ComplaintAssigned, { ...ids, assignee: 'agent-1' });
  return fx.deliver(ComplaintClosed, {
    ...ids,
    rootCause: 'fees-pricing',
    outcome: 'upheld',
    channel: 'phone',
    category: 'fees',
  });
}

const TASK = `rv-${COMPLAINT}`;

describe('return visits on DynamoDB', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await fixture();
  });

  it('opens one return visit per closed complaint, for its queue and handler, due in 3 working days', async () => {
    const closed = await closedComplaint(fx);
    // Redelivered: nothing opens or counts twice.
    await fx.area.consume(closed);

    const task = await fx.deps.store.get(TASK);
    expect(task).toMatchObject({
      kind: 'complaint-return-visit',
      status: 'open',
      customerId: CUSTOMER,
      branch: 'BJ01',
      rmId: 'rm-7',
      queue: 'BJ01-CU',
      assignee: 'agent-1',
      complaintId: COMPLAINT,
      closedAt: '2026-03-03T02:00:00.000Z',
      // Wednesday, Thursday, Friday 6 March, end of day in Beijing.
      dueAt: '2026-03-06T15:59:59.999Z',
      dueProvisional: false,
    });
    expect(await fx.outboxOf('EngagementTaskOpened')).toHaveLength(1);
    expect((await fx.bucket('BJ01', '2026-03-03'))?.complaintsClosed).toBe(1);
  });

  it('shows each task to its scope only, records attempts with sealed notes and completes at the third', async () => {
    await closedComplaint(fx);

    // Scope: the handler, the branch's supervisor, the customer's RM, the complaints unit.
    expect(await fx.listIds(agent)).toEqual([TASK]);
    expect(await fx.listIds(supervisor)).toEqual([TASK]);
    expect(await fx.listIds(rm)).toEqual([TASK]);
    expect(await fx.listIds(manager)).toEqual([TASK]);
    expect(await fx.listIds(otherAgent)).toEqual([]);
    expect(await fx.listIds(farSupervisor)).toEqual([]);
    expect(await fx.listIds(otherRm)).toEqual([]);
    expect(await fx.listIds(manager, { status: 'done' })).toEqual([]);

    const path = `/v1/return-visits/${TASK}/attempts`;
    const failed = { channel: 'phone', reached: false, followUpNeeded: false };
    // Out of scope is the 404 of a missing task; If-Match is required and compared.
    expect(
      (await fx.call(otherAgent, 'POST', path, { body: failed, headers: { 'if-match': '"1"' } })).status,
    ).toBe(404);
    expect(
      (
        await fx.call(agent, 'POST', '/v1/return-visits/rv-nothing/attempts', {
          body: failed,
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(404);
    expect((await fx.call(agent, 'POST', path, { body: failed })).status).toBe(428);
    expect(
      (await fx.call(agent, 'POST', path, { body: failed, headers: { 'if-match': '"7"' } })).status,
    ).toBe(412);
    const invalid = await fx.call(agent, 'POST', path, {
      body: { ...failed, csat: 9 },
      headers: { 'if-match': '"1"' },
    });
    expect(invalid.status).toBe(422);
    expect(await fx.deps.store.attempts(TASK)).toEqual([]);

    // Two failed attempts a day later; the first with notes.
    fx.clock.set(new Date('2026-03-04T02:00:00.000Z'));
    const first = await fx.call(agent, 'POST', path, {
      body: { ...failed, notes: NOTES },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json.task).toMatchObject({ status: 'open', attempts: 1, version: 2 });
    expect(first.json.history).toEqual([expect.objectContaining({ n: 1, reached: false, hasNotes: true })]);
    expect(JSON.stringify(first.json)).not.toContain('VN#41');
    const second = await fx.call(supervisor, 'POST', path, {
      body: { ...failed, channel: 'sms' },
      headers: { 'if-match': '"2"' },
    });
    expect(second.json.task).toMatchObject({ status: 'open', attempts: 2 });

    // The third failed attempt completes the visit (ENGAGEMENT_VISIT_MAX_ATTEMPTS = 3).
    const third = await fx.call(agent, 'POST', path, { body: failed, headers: { 'if-match': '"3"' } });
    expect(third.status).toBe(200);
    expect(third.json.task).toMatchObject({ status: 'done', attempts: 3, outcome: { reached: false } });
    const completed = await fx.outboxOf('EngagementTaskCompleted');
    expect(completed).toHaveLength(1);
    expect(JSON.parse(String(completed[0]?.detail))).toMatchObject({
      taskId: TASK,
      attempts: 3,
      reached: false,
    });
    // Counted in the closure day's bucket, not the completion day's.
    expect((await fx.bucket('BJ01', '2026-03-03'))?.complaintVisitsCompleted).toBe(1);
    expect((await fx.bucket('BJ01', '2026-03-04'))?.complaintVisitsCompleted).toBeUndefined();
    const again = await fx.call(agent, 'POST', path, { body: failed, headers: { 'if-match': '"4"' } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('task-done');

    // The notes are sealed with the customer's engagement key, bound to the task and attempt.
    const attemptItem = (await fx.items()).find(
      (item) => item.pk === `TASK#${TASK}` && item.sk === 'ATTEMPT#001',
    );
    const sealer = await fx.keys.existingSealerFor(CUSTOMER);
    expect(sealer?.open(TASK, attemptNotesField(1), String(attemptItem?.notes))).toBe(NOTES);
    expect(JSON.stringify(await fx.items())).not.toContain('VN#41');

    // Coverage: one closed complaint, one completed visit.
    const kpis = await fx.call(supervisor, 'GET', '/v1/engagement/kpis', {
      query: { from: '2026-03-01', to: '2026-03-31' },
    });
    expect(kpis.status).toBe(200);
    expect(kpis.json.returnVisitCoverage).toEqual({
      complaintsClosed: 1,
      visitsCompleted: 1,
      percent: 100,
      targetPercent: 90,
      meetsTarget: true,
    });
  });

  it('takes one of two concurrent attempts on the same version, and refuses the other with a 412', async () => {
    await closedComplaint(fx);
    const attemptOn = (caller: TestCaller) =>
      fx.call(caller, 'POST', `/v1/return-visits/${TASK}/attempts`, {
        body: { channel: 'phone', reached: false, followUpNeeded: false },
        headers: { 'if-match': '"1"' },
      });

    const answers = await Promise.all([attemptOn(agent), attemptOn(supervisor)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    expect(await fx.deps.store.attempts(TASK)).toHaveLength(1);
    expect(await fx.deps.store.get(TASK)).toMatchObject({ attempts: 1, version: 2 });
  });

  it('keeps the latest handler of a complaint whatever order the assignments arrive in', async () => {
    const ids = { complaintId: 'cmp_order', customerId: CUSTOMER, branch: 'BJ01' };
    // The reassignment at 11:00 arrives first, the first assignment at 10:30 after it.
    fx.clock.set(new Date('2026-03-03T03:00:00.000Z'));
    await fx.deliver(ComplaintAssigned, { ...ids, assignee: 'agent-2', previousAssignee: 'agent-1' });
    fx.clock.set(new Date('2026-03-03T02:30:00.000Z'));
    await fx.deliver(ComplaintAssigned, { ...ids, assignee: 'agent-1' });

    expect(await fx.deps.store.complaintFacts('cmp_order')).toMatchObject({ assignee: 'agent-2' });
  });

  it('completes at once when the customer is reached', async () => {
    await closedComplaint(fx);

    const reached = await fx.call(agent, 'POST', `/v1/return-visits/${TASK}/attempts`, {
      body: { channel: 'face-to-face', reached: true, resolved: true, csat: 5, followUpNeeded: false },
      headers: { 'if-match': '"1"' },
    });

    expect(reached.json.task).toMatchObject({
      status: 'done',
      outcome: { reached: true, resolved: true, csat: 5, followUpNeeded: false },
    });
    expect(await fx.listIds(agent, { status: 'done' })).toEqual([TASK]);
  });

  it('escalates a missed visit once, and still takes attempts on it', async () => {
    await closedComplaint(fx);

    fx.clock.set(new Date('2026-03-06T15:59:59.998Z'));
    expect(await fx.area.due(fx.clock.now().toISOString())).toMatchObject({ tasksEscalated: 0 });
    fx.clock.set(new Date('2026-03-06T16:00:00.000Z'));
    expect(await fx.area.due(fx.clock.now().toISOString())).toMatchObject({ tasksEscalated: 1 });
    expect(await fx.area.due(fx.clock.now().toISOString())).toMatchObject({ tasksEscalated: 0 });

    expect(await fx.deps.store.get(TASK)).toMatchObject({
      status: 'escalated',
      escalatedAt: '2026-03-06T16:00:00.000Z',
      version: 2,
    });
    expect(await fx.outboxOf('EngagementTaskEscalated')).toHaveLength(1);
    expect(await fx.listIds(supervisor, { status: 'escalated' })).toEqual([TASK]);
    const late = await fx.call(agent, 'POST', `/v1/return-visits/${TASK}/attempts`, {
      body: { channel: 'phone', reached: true, followUpNeeded: false },
      headers: { 'if-match': '"2"' },
    });
    expect(late.json.task).toMatchObject({ status: 'done', escalatedAt: '2026-03-06T16:00:00.000Z' });
  });
});

describe('survey follow-ups on DynamoDB', () => {
  it('opens a follow-up for the supervisors on a poor or unresolved answer, and none on a good one', async () => {
    const fx = await fixture();
    const answer = {
      customerId: CUSTOMER,
      branch: 'BJ01',
      trigger: 'complaint-closed' as const,
      complaintId: COMPLAINT,
      hasText: false,
      at: '2026-03-03T02:00:00.000Z',
    };

    await fx.deliver(SurveyAnswered, { ...answer, surveyId: 'svy-poor', csat: 2, unresolved: false });
    await fx.deliver(SurveyAnswered, { ...answer, surveyId: 'svy-open', csat: 4, unresolved: true });
    await fx.deliver(SurveyAnswered, { ...answer, surveyId: 'svy-good', csat: 4, unresolved: false });

    expect(await fx.deps.store.get('fu-svy-poor')).toMatchObject({
      kind: 'survey-follow-up',
      branch: 'BJ01',
      surveyId: 'svy-poor',
      // Two working days: Wednesday and Thursday.
      dueAt: '2026-03-05T15:59:59.999Z',
    });
    expect(await fx.deps.store.get('fu-svy-good')).toBeUndefined();
    expect((await fx.listIds(supervisor)).sort()).toEqual(['fu-svy-open', 'fu-svy-poor']);
    // The supervisors', no one else's: the RM of the customer does not see it.
    expect(await fx.listIds(rm)).toEqual([]);
  });
});

describe('periodic visits on DynamoDB', () => {
  it('plans by composite grade, opens the visit for the RM and moves the plan', async () => {
    const fx = await fixture();
    const graded = (to: string, at: string) =>
      fx.deliver(CustomerSegmentChanged, {
        customerId: CUSTOMER,
        dimension: 'compositeGrade',
        from: null,
        to,
        at,
      });

    await graded('premium', '2026-03-03T01:00:00.000Z');
    await graded('vip', '2026-03-03T01:30:00.000Z');
    // An older grading arriving late changes nothing.
    await graded('standard', '2026-03-03T00:00:00.000Z');
    expect(await fx.deps.store.plan(CUSTOMER)).toMatchObject({
      grade: 'vip',
      months: 1,
      nextAt: '2026-04-03T01:30:00.000Z',
    });

    fx.clock.set(new Date('2026-04-03T01:31:00.000Z'));
    expect(await fx.area.due(fx.clock.now().toISOString())).toMatchObject({ visitsOpened: 1 });
    expect(await fx.area.due(fx.clock.now().toISOString())).toMatchObject({ visitsOpened: 0 });

    const taskId = `pv-${CUSTOMER}-2026-04-03`;
    expect(await fx.deps.store.get(taskId)).toMatchObject({
      kind: 'periodic-visit',
      assignee: 'RM#BJ01#rm-7',
      rmId: 'rm-7',
      dueAt: '2026-05-03T01:30:00.000Z',
    });
    expect(await fx.deps.store.plan(CUSTOMER)).toMatchObject({
      lastOpenedAt: '2026-04-03T01:30:00.000Z',
      nextAt: '2026-05-03T01:30:00.000Z',
    });
    expect(await fx.listIds(rm)).toEqual([taskId]);
    expect(await fx.listIds(otherRm)).toEqual([]);

    // A grade that gets no visits ends the plan.
    await graded('mass', '2026-04-10T00:00:00.000Z');
    expect((await fx.deps.store.plan(CUSTOMER))?.nextAt).toBeUndefined();
  });
});

describe('KPIs on DynamoDB', () => {
  it('sums one branch for its supervisor and every branch for the complaints unit, and measures coverage daily', async () => {
    const fx = await fixture();
    await closedComplaint(fx);
    fx.customerFacts.known.set('cus_sh', facts('cus_sh', { branch: 'SH01', rmId: 'rm-70' }));
    await fx.deliver(ComplaintClosed, {
      complaintId: 'cmp_sh',
      customerId: 'cus_sh',
      branch: 'SH01',
      rootCause: 'other',
      outcome: 'rejected',
      channel: 'letter',
      category: 'other',
    });
    await fx.call(agent, 'POST', `/v1/return-visits/${TASK}/attempts`, {
      body: { channel: 'phone', reached: true, followUpNeeded: false },
      headers: { 'if-match': '"1"' },
    });
    const range = { from: '2026-03-01', to: '2026-03-31' };

    const own = await fx.call(supervisor, 'GET', '/v1/engagement/kpis', { query: range });
    const all = await fx.call(manager, 'GET', '/v1/engagement/kpis', { query: range });
    const other = await fx.call(supervisor, 'GET', '/v1/engagement/kpis', {
      query: { ...range, branch: 'SH01' },
    });
    const tooLong = await fx.call(manager, 'GET', '/v1/engagement/kpis', {
      query: { from: '2026-01-01', to: '2027-01-02' },
    });

    expect(own.json).toMatchObject({
      branch: 'BJ01',
      returnVisitCoverage: { complaintsClosed: 1, percent: 100 },
    });
    expect(all.json.branch).toBeUndefined();
    expect(all.json.returnVisitCoverage).toMatchObject({
      complaintsClosed: 2,
      visitsCompleted: 1,
      percent: 50,
    });
    expect(all.json.csat).toMatchObject({ answers: 0, percent: null });
    expect(other.status).toBe(403);
    expect(tooLong.status).toBe(422);

    // The daily level: a week later both closures are due; 1 of 2 covered, 40 points short of 90.
    const daily = await fx.area.daily('2026-03-10T01:30:00.000Z');
    expect(daily).toMatchObject({ returnVisitCoverage: 50, returnVisitCoverageShortfall: 40 });
  });
});
