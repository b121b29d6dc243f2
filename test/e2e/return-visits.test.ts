import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type RequestBody } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { type E2eStaff, e2eStaff } from '../support/e2e-staff.js';
import { startTestCloud, type TestCloud } from '../support/local-cloud.js';

/**
 * Return visits end to end in the local cloud: a complaint handled to its closure through the
 * complaints API, the closure reaching engagement through the bus (a return visit for the
 * handler, due in 3 working days), the visit escalated by the minute job when missed, completed
 * by an attempt, and counted in the KPIs and the daily coverage level.
 */
describe('return visits in the local cloud', () => {
  let cloud: TestCloud;
  let staff: E2eStaff;
  let customerId: string;

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    staff = await e2eStaff(cloud);
    const registered = await staff.rm.POST('/v1/customers', {
      body: {
        type: 'individual',
        name: '司马光',
        idType: 'prc-id',
        idNumber: prcId('1981-07-09', 733),
        mobile: '13912340733',
        branch: 'BJ01',
        rmId: 'rm-e2e',
      } satisfies RequestBody<'/v1/customers', 'post'>,
    });
    customerId = ok(registered).customerId;
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('opens a return visit on closure, escalates it when missed and counts it when done', async () => {
    const { rm, agent, supervisor, post } = staff;
    const complaintId = await staff.closeComplaint(customerId, {
      description: 'Rude answer at the counter e2e-marker-RV',
      customerRequest: 'An apology e2e-marker-RQ',
    });

    // The handler sees the visit: due at the end of Thursday 5 March in Beijing.
    const taskId = `rv-${complaintId}`;
    const mine = ok(await agent.GET('/v1/return-visits', {}));
    expect(mine.items).toEqual([
      expect.objectContaining({
        taskId,
        kind: 'complaint-return-visit',
        status: 'open',
        assignee: 'e2e-agent',
        rmId: 'rm-e2e',
        dueAt: '2026-03-05T15:59:59.999Z',
      }),
    ]);
    expect(ok(await rm.GET('/v1/return-visits', {})).items.map((task) => task.taskId)).toEqual([taskId]);

    // Missed: the minute job escalates it for the supervisor.
    cloud.clock.set(new Date('2026-03-05T16:00:00.000Z'));
    await cloud.scheduler.runNow('EngagementDueItems');
    const escalated = ok(
      await supervisor.GET('/v1/return-visits', { params: { query: { status: 'escalated' } } }),
    );
    expect(escalated.items.map((task) => task.taskId)).toEqual([taskId]);

    // Reached at the first attempt: done, counted in the closure day's coverage.
    const version = escalated.items[0]?.version ?? 0;
    const done = await post(agent, `/v1/return-visits/${taskId}/attempts`, `"${version}"`, {
      channel: 'phone',
      reached: true,
      resolved: true,
      csat: 4,
      followUpNeeded: false,
    });
    expect(done.body.task).toMatchObject({ status: 'done', outcome: { reached: true, csat: 4 } });
    await cloud.settle();
    const kpis = ok(
      await supervisor.GET('/v1/engagement/kpis', {
        params: { query: { from: '2026-03-01', to: '2026-03-31' } },
      }),
    );
    expect(kpis.returnVisitCoverage).toMatchObject({ complaintsClosed: 1, visitsCompleted: 1, percent: 100 });
    // The daily level counts closure days whose visits are all due: Monday's, by Saturday.
    cloud.clock.set(new Date('2026-03-07T00:00:00.000Z'));
    const daily = (await cloud.scheduler.runNow('EngagementDaily')) as Record<string, number>;
    expect(daily).toMatchObject({ returnVisitCoverage: 100, returnVisitCoverageShortfall: 0 });

    const published = cloud.bus.recentEvents.filter((event) => event.source === 'crm.engagement');
    expect(published.map((event) => event['detail-type'])).toEqual(
      expect.arrayContaining(['EngagementTaskOpened', 'EngagementTaskEscalated', 'EngagementTaskCompleted']),
    );
    expect(JSON.stringify(cloud.bus.recentEvents)).not.toContain('e2e-marker');
  });
});
