import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, ok, type RequestBody } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

// Synthetic free text with markers, to look for in clear where it must never be.
const DESCRIPTION = '年费在销卡后仍被扣收 e2e-marker-DESC';
const REQUEST = '退还年费 e2e-marker-REQ';
const REPRESENTATIVE = '欧阳修';
const NOTE = '已致电客户 e2e-marker-NOTE';

/**
 * The complaints API end to end in the local cloud: a customer registered through the customers
 * API reaches the complaints capability's mirror through the bus, then intake, read, list and
 * every action in order, each with a dev token of the role that takes it.
 */
describe('complaints in the local cloud', () => {
  let cloud: TestCloud;
  let rm: ApiClient;
  let agent: ApiClient;
  let otherAgent: ApiClient;
  let supervisor: ApiClient;
  let manager: ApiClient;
  let compliance: ApiClient;
  let customerId: string;
  const tokens = new Map<ApiClient, string>();

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
    otherAgent = await client({ sub: 'e2e-agent-2', role: 'service-agent', branch: 'BJ01' });
    supervisor = await client({ sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' });
    manager = await client({ sub: 'e2e-cm', role: 'complaints-manager' });
    compliance = await client({ sub: 'e2e-co', role: 'compliance-officer' });

    const registered = await rm.POST('/v1/customers', {
      body: {
        type: 'individual',
        name: '欧阳明',
        idType: 'prc-id',
        idNumber: prcId('1979-05-04', 611),
        mobile: '13912340611',
        branch: 'BJ01',
        rmId: 'rm-e2e',
      } satisfies RequestBody<'/v1/customers', 'post'>,
    });
    customerId = ok(registered).customerId;
    // CustomerRegistered reaches the complaints capability's customer mirror through the bus.
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const intake = () =>
    ({
      customerId,
      channel: 'letter',
      category: 'fees',
      description: DESCRIPTION,
      customerRequest: REQUEST,
      representatives: [REPRESENTATIVE],
      receivedAt: '2026-02-27T09:00:00+08:00',
      amountAtStake: { amountMinor: 30_000, currency: 'CNY' },
    }) satisfies RequestBody<'/v1/complaints', 'post'>;

  it('takes, reads, lists and handles a complaint to its closure', async () => {
    // Intake: 201 with every deadline and its rule, no text in the answer.
    const created = await agent.POST('/v1/complaints', {
      body: intake(),
      headers: { 'idempotency-key': 'e2e-intake-0001' },
    });
    expect(created.response.status).toBe(201);
    const complaint = ok(created);
    expect(complaint).toMatchObject({
      status: 'awaiting-acknowledgement',
      priority: 'normal',
      queue: 'BJ01',
    });
    expect(complaint.deadlines.map((deadline) => deadline.rule)).toEqual([
      'acknowledge-hours',
      'initial-handling-working-days',
      'decision-days',
      'decision-max-days',
    ]);
    expect(complaint.text).toBeUndefined();
    const id = complaint.complaintId;
    const path = { params: { path: { complaintId: id } } };

    // The same key and body: the same complaint, replayed.
    const replay = await agent.POST('/v1/complaints', {
      body: intake(),
      headers: { 'idempotency-key': 'e2e-intake-0001' },
    });
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(ok(replay).complaintId).toBe(id);

    // The queue: unassigned, visible to the branch's agents; the text to handlers only.
    const queue = ok(await otherAgent.GET('/v1/complaints', { params: { query: { view: 'queue' } } }));
    expect(queue.items.map((item) => item.complaintId)).toContain(id);
    expect(JSON.stringify(queue)).not.toContain('e2e-marker');
    const officerView = ok(await compliance.GET('/v1/complaints/{complaintId}', path));
    expect(officerView.text).toBeUndefined();

    // Assign: the agent takes it; another agent then no longer sees it.
    let etag = created.response.headers.get('etag') ?? '';
    const step = async (client: ApiClient, action: string, body?: Record<string, unknown>) => {
      const response = await postAction(client, id, action, etag, body);
      expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
      etag = response.etag;
      return response.body;
    };
    await step(agent, 'assign', { assignee: 'e2e-agent' });
    const hidden = await otherAgent.GET('/v1/complaints/{complaintId}', path);
    expect(hidden.response.status).toBe(404);

    const read = ok(await agent.GET('/v1/complaints/{complaintId}', path));
    expect(read.text).toMatchObject({
      description: DESCRIPTION,
      customerRequest: REQUEST,
      representatives: [REPRESENTATIVE],
    });
    expect(read.timeline?.map((entry) => entry.action)).toEqual(['complaint.created', 'complaint.assigned']);

    // The steps in order, each with the ETag of the last answer.
    await step(agent, 'acknowledge');
    await step(agent, 'initial-handling');
    await step(agent, 'pause', { reason: 'external-appraisal' });
    cloud.clock.advance(2 * 86_400_000);
    await step(agent, 'resume', { reason: 'appraisal-received' });
    const requested = await step(agent, 'extensions', { level: 1, reason: 'complex-case' });
    const extensions = Array.isArray(requested.extensions) ? requested.extensions : [];
    const extensionId = String(Object(extensions[0]).extensionId);
    await step(supervisor, `extensions/${extensionId}/decision`, { approve: true });
    await step(agent, 'notes', { text: NOTE });
    const refused = await postAction(agent, id, 'decision', etag, {
      outcome: 'upheld',
      remedies: [{ type: 'compensation', amount: { amountMinor: 200_000, currency: 'CNY' } }],
    });
    expect(refused.status).toBe(403);
    await step(supervisor, 'decision', {
      outcome: 'partially-upheld',
      remedies: [
        { type: 'explanation' },
        { type: 'compensation', amount: { amountMinor: 200_000, currency: 'CNY' } },
      ],
    });
    await step(agent, 'review-requests');
    await step(manager, 'review-decision', { outcome: 'upheld' });
    const noRootCause = await postAction(agent, id, 'close', etag, {
      remediationActions: [{ action: 'fee-waiver-check', owner: 'staff-e2e', dueDate: '2026-06-30' }],
    });
    expect(noRootCause.status).toBe(422);
    const closed = await step(agent, 'close', {
      rootCause: 'fees-pricing',
      remediationActions: [{ action: 'fee-waiver-check', owner: 'staff-e2e', dueDate: '2026-06-30' }],
    });
    expect(closed).toMatchObject({ status: 'closed', review: { outcome: 'upheld', changed: true } });

    // The whole story in the timeline; the note with the text; nothing in clear on the bus.
    const final = ok(await manager.GET('/v1/complaints/{complaintId}', path));
    expect(final.timeline?.map((entry) => entry.action)).toEqual([
      'complaint.created',
      'complaint.assigned',
      'complaint.acknowledged',
      'complaint.initial-handling',
      'complaint.paused',
      'complaint.resumed',
      'complaint.extension-requested',
      'complaint.extension-approved',
      'complaint.note-added',
      'complaint.decided',
      'complaint.review-requested',
      'complaint.review-decided',
      'complaint.closed',
    ]);
    expect(final.text?.notes.map((note) => note.text)).toEqual([NOTE]);
    await cloud.settle();
    const events = cloud.bus.recentEvents.filter((event) => event.source === 'crm.complaints');
    expect(events.map((event) => event['detail-type'])).toEqual(
      expect.arrayContaining([
        'ComplaintReceived',
        'ComplaintAssigned',
        'ComplaintDecided',
        'ComplaintClosed',
      ]),
    );
    const everything = JSON.stringify(cloud.bus.recentEvents);
    for (const value of [DESCRIPTION, REQUEST, REPRESENTATIVE, NOTE]) expect(everything).not.toContain(value);
  });

  it('refuses bad input with a 4xx that writes nothing, and scopes the list by role', async () => {
    // Act
    const before = ok(await manager.GET('/v1/complaints', { params: { query: { limit: 100 } } })).items
      .length;
    const answers = await Promise.all([
      agent.POST('/v1/complaints', { body: { ...intake(), description: '' } }),
      agent.POST('/v1/complaints', { body: { ...intake(), receivedAt: '2026-12-31T00:00:00Z' } }),
      agent.POST('/v1/complaints', { body: { ...intake(), customerId: 'cus_unknown' } }),
      rm.POST('/v1/complaints/{complaintId}/acknowledge', {
        params: { path: { complaintId: 'cmp_unknown' }, header: { 'If-Match': '"1"' } },
      }),
    ]);
    const after = ok(await manager.GET('/v1/complaints', { params: { query: { limit: 100 } } })).items.length;
    const rmList = ok(await rm.GET('/v1/complaints'));

    // Assess
    expect(answers.map((answer) => answer.response.status)).toEqual([422, 422, 404, 403]);
    expect(after).toBe(before);
    expect(rmList.items.every((item) => item.customerId === customerId)).toBe(true);
  });

  /**
   * POSTs an action with If-Match and answers the status, the new ETag and the body. Actions
   * are many routes of one shape: a plain request keeps the test readable.
   */
  async function postAction(
    client: ApiClient,
    complaintId: string,
    action: string,
    etag: string,
    body?: Record<string, unknown>,
  ): Promise<{ status: number; etag: string; body: Record<string, unknown> }> {
    const response = await fetch(`${cloud.apiUrl}/v1/complaints/${complaintId}/${action}`, {
      method: 'POST',
      headers: {
        authorization: tokens.get(client) ?? '',
        'if-match': etag,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    return {
      status: response.status,
      etag: response.headers.get('etag') ?? etag,
      body: typeof answer === 'object' && answer !== null ? Object.fromEntries(Object.entries(answer)) : {},
    };
  }
});
