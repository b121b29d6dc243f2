import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, ok, type RequestBody } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

/**
 * Return visits end to end in the local cloud: a complaint handled to its closure through the
 * complaints API, the closure reaching engagement through the bus (a return visit for the
 * handler, due in 3 working days), the visit escalated by the minute job when missed, completed
 * by an attempt, and counted in the KPIs and the daily coverage level.
 */
describe('return visits in the local cloud', () => {
  let cloud: TestCloud;
  let rm: ApiClient;
  let agent: ApiClient;
  let supervisor: ApiClient;
  let manager: ApiClient;
  const tokens = new Map<ApiClient, string>();
  let customerId: string;

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    const client = async (claims: Parameters<typeof devToken>[1]) => {
      const token = await devToken(cloud, claims);
      const api = apiClient(cloud, token);
      tokens.set(api, `Bearer ${token}`);
      return api;
    };
    rm = await client({ sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' });
    agent = await client({ sub: 'e2e-agent', role: 'service-agent', branch: 'BJ01' });
    supervisor = await client({ sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' });
    manager = await client({ sub: 'e2e-cm', role: 'complaints-manager' });
    const registered = await rm.POST('/v1/customers', {
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

  async function post(client: ApiClient, path: string, etag: string, body?: Record<string, unknown>) {
    const response = await fetch(`${cloud.apiUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: tokens.get(client) ?? '',
        'if-match': etag,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    expect(response.status, `${path}: ${JSON.stringify(answer)}`).toBe(200);
    return {
      etag: response.headers.get('etag') ?? etag,
      body: typeof answer === 'object' && answer !== null ? Object.fromEntries(Object.entries(answer)) : {},
    };
  }

  it('opens a return visit on closure, escalates it when missed and counts it when done', async () => {
    const created = await agent.POST('/v1/complaints', {
      body: {
        customerId,
        channel: 'phone',
        category: 'service-attitude',
        description: 'Rude answer at the counter e2e-marker-RV',
        customerRequest: 'An apology e2e-marker-RQ',
      } satisfies RequestBody<'/v1/complaints', 'post'>,
    });
    const complaintId = ok(created).complaintId;
    let etag = created.response.headers.get('etag') ?? '';
    const step = async (client: ApiClient, action: string, body?: Record<string, unknown>) => {
      etag = (await post(client, `/v1/complaints/${complaintId}/${action}`, etag, body)).etag;
    };
    await step(agent, 'assign', { assignee: 'e2e-agent' });
    await step(agent, 'acknowledge');
    await step(agent, 'initial-handling');
    await step(supervisor, 'decision', { outcome: 'upheld', remedies: [{ type: 'explanation' }] });
    await step(agent, 'review-requests');
    await step(manager, 'review-decision', { outcome: 'upheld' });
    await step(agent, 'close', {
      rootCause: 'staff-conduct',
      remediationActions: [{ action: 'staff-coaching', owner: 'staff-e2e', dueDate: '2026-06-30' }],
    });
    await cloud.settle();

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
