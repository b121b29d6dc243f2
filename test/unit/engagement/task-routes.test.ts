import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerSegmentChanged } from '../../../functions/activity/events.js';
import { ComplaintClosed, ComplaintReceived } from '../../../functions/complaints/events.js';
import { SurveyAnswered } from '../../../functions/engagement/events.js';
import { attemptNotesField } from '../../../functions/engagement/service/tasks.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { metrics } from '../../../shared/observability/index.js';
import type { TestCaller } from '../../support/route-caller.js';
import { customerFacts, tasksFixture } from './task-fakes.js';

const CUSTOMER = 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1A';
const COMPLAINT = 'cmp_01JQ3V2A8K2T9C4M5N7P8R0S1C';
const TASK = `rv-${COMPLAINT}`;
const SECRET = 'The customer mentioned card 6222 0212 3456 7890 — plaintext marker NT#77';

const agent: TestCaller = { sub: 'agent-1', role: 'service-agent', branch: 'BJ01' };
const supervisor: TestCaller = { sub: 'sup-1', role: 'supervisor', branch: 'BJ01' };
const rm: TestCaller = { sub: 'rm-user-7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const manager: TestCaller = { sub: 'cm-1', role: 'complaints-manager' };
const analyst: TestCaller = { sub: 'an-1', role: 'analyst' };
const admin: TestCaller = { sub: 'ad-1', role: 'admin' };

let fx: ReturnType<typeof tasksFixture>;

function consumed<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
  const event = buildEvent(definition, detail, fx.clock.now());
  return {
    source: event.source,
    detailType: event.detailType,
    id: event.detail.eventId,
    time: event.detail.occurredAt,
    detail: event.detail,
  };
}

const ids = { complaintId: COMPLAINT, customerId: CUSTOMER, branch: 'BJ01' };

async function closedAndAssigned() {
  await fx.area.consume(
    consumed(ComplaintReceived, {
      ...ids,
      queue: 'BJ01',
      channel: 'phone',
      category: 'fees',
      priority: 'normal',
      receivedAt: '2026-02-20T02:00:00.000Z',
      repeat: false,
    }),
  );
  await fx.store.recordComplaintAssigned(COMPLAINT, 'agent-1');
  await fx.area.consume(
    consumed(ComplaintClosed, {
      ...ids,
      rootCause: 'other',
      outcome: 'upheld',
      channel: 'phone',
      category: 'fees',
    }),
  );
}

const attemptPath = `/v1/return-visits/${TASK}/attempts`;
const failed = { channel: 'phone', reached: false, followUpNeeded: false };

beforeEach(async () => {
  fx = tasksFixture({ visitMaxAttempts: 2 });
  fx.known.set(CUSTOMER, customerFacts(CUSTOMER));
  await closedAndAssigned();
});

describe('the attempt route', () => {
  it('refuses malformed attempts with a 4xx that writes nothing and never echoes the value', async () => {
    const before = JSON.stringify([...fx.store.tasks.values()]);
    const bodies = [
      { ...failed, channel: 'carrier-pigeon-NT#1' },
      { ...failed, csat: 0 },
      { ...failed, nps: 11 },
      { ...failed, notes: `${'x'.repeat(2000)}NT#2` },
      { ...failed, notes: 'hidden\u202eNT#3' },
      { ...failed, surprise: 'NT#4' },
      { channel: 'phone', reached: false },
    ];

    for (const body of bodies) {
      const response = await fx.call(agent, 'POST', attemptPath, { body, headers: { 'if-match': '"1"' } });
      expect(response.status).toBe(422);
      expect(response.text).not.toContain('NT#');
    }
    const malformedIfMatch = await fx.call(agent, 'POST', attemptPath, {
      body: failed,
      headers: { 'if-match': 'NT#5' },
    });

    expect(malformedIfMatch.status).toBe(400);
    expect(malformedIfMatch.text).not.toContain('NT#5');
    expect(JSON.stringify([...fx.store.tasks.values()])).toBe(before);
    expect(fx.store.attemptItems.size).toBe(0);
  });

  it('lets only the roles of visit:attempt act, and answers 404 outside the caller’s scope', async () => {
    expect(
      (await fx.call(admin, 'POST', attemptPath, { body: failed, headers: { 'if-match': '"1"' } })).status,
    ).toBe(403);
    const elsewhere: TestCaller = { sub: 'sup-9', role: 'supervisor', branch: 'SH01' };
    expect(
      (await fx.call(elsewhere, 'POST', attemptPath, { body: failed, headers: { 'if-match': '"1"' } })).json
        .code,
    ).toBe('task-not-found');
    expect(
      (await fx.call(manager, 'POST', attemptPath, { body: failed, headers: { 'if-match': '"1"' } })).status,
    ).toBe(200);
  });

  it('seals the notes with the customer’s key and keeps them out of answers, events and logs', async () => {
    const logged: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    let first: Awaited<ReturnType<typeof fx.call>>;
    let second: Awaited<ReturnType<typeof fx.call>>;
    try {
      first = await fx.call(agent, 'POST', attemptPath, {
        body: { ...failed, notes: SECRET },
        headers: { 'if-match': '"1"' },
      });
      second = await fx.call(agent, 'POST', attemptPath, {
        body: { ...failed, notes: SECRET, followUpNeeded: true },
        headers: { 'if-match': '"2"' },
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // Two failed attempts with ENGAGEMENT_VISIT_MAX_ATTEMPTS = 2: done.
    expect(second.json.task).toMatchObject({
      status: 'done',
      attempts: 2,
      outcome: { followUpNeeded: true },
    });
    expect(fx.store.events.map((event) => event.detailType)).toEqual([
      'EngagementTaskOpened',
      'EngagementTaskCompleted',
    ]);
    const sealed = fx.store.attemptItems.get(TASK)?.[0]?.notes ?? '';
    const sealer = await fx.keys.existingSealerFor(CUSTOMER);
    expect(sealer?.open(TASK, attemptNotesField(1), sealed)).toBe(SECRET);
    for (const place of [first.text, second.text, JSON.stringify(fx.store.events), logged.join('')]) {
      expect(place).not.toContain('NT#77');
    }
  });

  it('keeps no new notes about an erased customer', async () => {
    fx.known.set(CUSTOMER, customerFacts(CUSTOMER, { erased: true }));

    const response = await fx.call(agent, 'POST', attemptPath, {
      body: { ...failed, notes: SECRET },
      headers: { 'if-match': '"1"' },
    });

    expect(response.status).toBe(409);
    expect(response.json.code).toBe('customer-erased');
    expect(fx.keys.keys.size).toBe(0);
    expect(fx.store.tasks.get(TASK)?.version).toBe(1);
  });
});

describe('the list route', () => {
  it('lists by role: an analyst may not, an RM sees no survey follow-up', async () => {
    await fx.area.consume(
      consumed(SurveyAnswered, {
        surveyId: 'svy-1',
        customerId: CUSTOMER,
        branch: 'BJ01',
        trigger: 'complaint-closed',
        csat: 1,
        unresolved: false,
        hasText: false,
        at: '2026-03-03T02:00:00.000Z',
      }),
    );
    const ids = async (caller: TestCaller, query: Record<string, string> = {}) =>
      ((await fx.call(caller, 'GET', '/v1/return-visits', { query })).json.items as { taskId: string }[]).map(
        (task) => task.taskId,
      );

    expect((await fx.call(analyst, 'GET', '/v1/return-visits')).status).toBe(403);
    expect(await ids(rm)).toEqual([TASK]);
    expect(await ids(supervisor)).toEqual(['fu-svy-1', TASK]);
    expect(await ids(supervisor, { kind: 'survey-follow-up' })).toEqual(['fu-svy-1']);
    expect(await ids(agent)).toEqual([TASK]);
    expect(
      (await fx.call(supervisor, 'GET', '/v1/return-visits', { query: { status: 'late' } })).status,
    ).toBe(422);
  });
});

describe('the KPI route', () => {
  const kpis = (caller: TestCaller, query: Record<string, string>) =>
    fx.call(caller, 'GET', '/v1/engagement/kpis', { query });

  it('validates the range: real dates, in order, at most 366 days both included', async () => {
    const invalid: Record<string, string>[] = [
      { from: '2026-03-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '2028-01-01', to: '2029-01-01' },
      { from: '2026-03-01', to: '2026-03-31', extra: 'x' },
    ];
    for (const query of invalid) {
      expect((await kpis(manager, query)).status).toBe(422);
    }
    // 2028 is a leap year: 366 days, both ends included.
    expect((await kpis(manager, { from: '2028-01-01', to: '2028-12-31' })).status).toBe(200);
  });

  it('scopes a supervisor to their branch and refuses the roles without KPIs', async () => {
    fx.kpis.extra.push({ branch: 'SH01', day: '2026-03-04', bucket: { complaintsClosed: 4 } });
    const range = { from: '2026-03-01', to: '2026-03-31' };

    const own = await kpis(supervisor, range);
    const every = await kpis(manager, range);
    const named = await kpis(manager, { ...range, branch: 'SH01' });

    expect(own.json).toMatchObject({
      branch: 'BJ01',
      returnVisitCoverage: { complaintsClosed: 1, percent: 0 },
    });
    expect(every.json.returnVisitCoverage).toMatchObject({ complaintsClosed: 5, visitsCompleted: 0 });
    expect(named.json.returnVisitCoverage).toMatchObject({ complaintsClosed: 4 });
    expect((await kpis(supervisor, { ...range, branch: 'SH01' })).json.code).toBe('branch-out-of-scope');
    expect((await kpis(rm, range)).status).toBe(403);
    expect((await kpis(agent, range)).status).toBe(403);
  });
});

describe('the consumer', () => {
  it('dead-letters a malformed event of its own and ignores the other areas’ events', async () => {
    const bad = {
      ...consumed(ComplaintClosed, {
        ...ids,
        rootCause: 'other',
        outcome: 'upheld',
        channel: 'phone',
        category: 'fees',
      }),
    };
    const malformed: ConsumedEvent = { ...bad, detail: { ...(bad.detail as object), branch: 'not an id!' } };

    await expect(fx.area.consume(malformed)).rejects.toBeInstanceOf(UnprocessableEventError);
    await expect(
      fx.area.consume({
        source: 'crm.customers',
        detailType: 'CustomerRegistered',
        id: 'e-1',
        time: '',
        detail: {},
      }),
    ).resolves.toBeUndefined();
  });

  it('waits for an unknown customer’s facts and ends the plan of an erased one', async () => {
    const grade = (customerId: string) =>
      fx.area.consume(
        consumed(CustomerSegmentChanged, {
          customerId,
          dimension: 'compositeGrade',
          from: null,
          to: 'vip',
          at: '2026-03-03T00:00:00.000Z',
        }),
      );
    await grade('cus_unknown');
    await grade('cus_erased');
    fx.known.set('cus_erased', customerFacts('cus_erased', { erased: true }));

    const run = await fx.area.due('2026-04-03T00:00:00.000Z');

    expect(run).toMatchObject({ visitsOpened: 0, plansWaiting: 1, plansEnded: 1 });
    expect(fx.store.plans.get('cus_unknown')?.nextAt).toBe('2026-04-03T00:00:00.000Z');
    expect(fx.store.plans.get('cus_erased')?.nextAt).toBeUndefined();
  });
});

describe('the daily coverage level', () => {
  it('counts only closures whose visits are due, and emits the coverage and its shortfall', async () => {
    const added = vi.spyOn(metrics, 'addMetric');
    try {
      // Thursday 5 March: Tuesday's closure may still be visited in time (due Friday): not counted.
      const early = await fx.area.daily('2026-03-05T00:00:00.000Z');
      // Tuesday 10 March: it was due last Friday and no visit was made.
      const late = await fx.area.daily('2026-03-10T00:00:00.000Z');

      expect(early).not.toHaveProperty('returnVisitCoverage');
      expect(early).toMatchObject({ returnVisitCoverageShortfall: 0 });
      expect(late).toMatchObject({ returnVisitCoverage: 0, returnVisitCoverageShortfall: 90 });
      const coverageCalls = added.mock.calls.filter(([name]) => name.startsWith('ReturnVisitCoverage'));
      expect(coverageCalls).toEqual([
        ['ReturnVisitCoverageShortfall', 'Percent', 0],
        ['ReturnVisitCoverage', 'Percent', 0],
        ['ReturnVisitCoverageShortfall', 'Percent', 90],
      ]);
    } finally {
      added.mockRestore();
    }
  });
});

describe('the daily satisfaction levels', () => {
  it('emits the KPIs of the last 30 whole days as business metrics, a rate only when it has a denominator', async () => {
    // Two branches' buckets inside the window, one from the day the job runs (not yet whole),
    // one older than 30 days: only the first two count.
    fx.kpis.extra.push(
      {
        branch: 'BJ01',
        day: '2026-03-09',
        bucket: {
          surveysDelivered: 4,
          surveysAnswered: 2,
          csatAnswers: 2,
          csatSum: 7,
          csatTopTwo: 1,
          npsAnswers: 2,
          npsPromoters: 1,
          npsDetractors: 1,
          'sent:sms': 3,
          'deferred:quiet-hours': 2,
          'refused:no-consent': 1,
          marketingSent: 2,
          optOuts: 1,
        },
      },
      { branch: 'SH01', day: '2026-02-10', bucket: { 'sent:email': 1, 'dropped:latest-passed': 1 } },
      { branch: 'BJ01', day: '2026-03-10', bucket: { 'sent:sms': 100 } },
      { branch: 'BJ01', day: '2026-02-01', bucket: { 'sent:sms': 100 } },
    );
    const added = vi.spyOn(metrics, 'addMetric');
    try {
      const levels = await fx.area.daily('2026-03-10T01:30:00.000Z');

      expect(levels).toMatchObject({
        csatPercent: 50,
        npsScore: 0,
        surveyResponseRate: 50,
        optOutRate: 50,
        contactsSent: 4,
        contactsDeferred: 2,
        contactsRefused: 1,
        contactsDropped: 1,
      });
      const emitted = Object.fromEntries(added.mock.calls.map(([name, , value]) => [name, value]));
      expect(emitted).toMatchObject({
        CsatPercent: 50,
        NpsScore: 0,
        SurveyResponseRate: 50,
        ContactsSent: 4,
      });
    } finally {
      added.mockRestore();
    }
  });

  it('leaves out a rate with nothing to divide by', async () => {
    const levels = await fx.area.daily('2026-03-10T01:30:00.000Z');

    expect(levels).not.toHaveProperty('csatPercent');
    expect(levels).not.toHaveProperty('surveyResponseRate');
    expect(levels).toMatchObject({ contactsSent: 0 });
  });
});
