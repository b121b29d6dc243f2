import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../../shared/observability/index.js';
import { type ComplaintsFixture, complaintsApi, complaintsFixture } from '../../support/complaints-fakes.js';
import type { TestCaller, TestResponse } from '../../support/route-caller.js';

const CUSTOMER = 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1A';
const OTHER_BRANCH_CUSTOMER = 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1B';
const SECRET_DESCRIPTION = 'Fee charged twice on the card ending 8842 — plaintext marker QX#7';
const SECRET_REQUEST = 'Refund both fees — plaintext marker QX#8';
const SECRET_NAME = '王小明';
const SECRET_NOTE = 'Called back, customer upset — plaintext marker QX#9';

const agent: TestCaller = { sub: 'agent-1', role: 'service-agent', branch: 'BJ01' };
const otherAgent: TestCaller = { sub: 'agent-2', role: 'service-agent', branch: 'BJ01' };
const farAgent: TestCaller = { sub: 'agent-9', role: 'service-agent', branch: 'SH01' };
const supervisor: TestCaller = { sub: 'sup-1', role: 'supervisor', branch: 'BJ01' };
const farSupervisor: TestCaller = { sub: 'sup-9', role: 'supervisor', branch: 'SH01' };
const manager: TestCaller = { sub: 'cm-1', role: 'complaints-manager' };
const compliance: TestCaller = { sub: 'co-1', role: 'compliance-officer' };
const rm: TestCaller = { sub: 'rm-user-7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const otherRm: TestCaller = { sub: 'rm-user-8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const analyst: TestCaller = { sub: 'an-1', role: 'analyst' };
const admin: TestCaller = { sub: 'ad-1', role: 'admin' };

const intake = {
  customerId: CUSTOMER,
  channel: 'phone',
  category: 'fees',
  description: SECRET_DESCRIPTION,
  customerRequest: SECRET_REQUEST,
  representatives: [SECRET_NAME],
};

let fx: ComplaintsFixture;
let call: ReturnType<typeof complaintsApi>;

beforeEach(() => {
  fx = complaintsFixture();
  fx.store.addCustomer({ customerId: CUSTOMER, branch: 'BJ01', rmId: 'rm-7' });
  fx.store.addCustomer({ customerId: OTHER_BRANCH_CUSTOMER, branch: 'SH01', rmId: 'rm-70' });
  call = complaintsApi(fx.deps);
});

const ifMatch = (response: TestResponse) => ({ 'if-match': response.headers.etag ?? '' });

async function created(body: Record<string, unknown> = intake): Promise<TestResponse> {
  const response = await call(agent, 'POST', '/v1/complaints', { body });
  expect(response.status).toBe(201);
  return response;
}

/** A complaint taken and assigned to `agent-1`: the ETag to act with. */
async function assignedToAgent(): Promise<{ id: string; etag: Record<string, string> }> {
  const taken = await created();
  const id = String(taken.json.complaintId);
  const assigned = await call(agent, 'POST', `/v1/complaints/${id}/assign`, {
    body: { assignee: agent.sub },
    headers: ifMatch(taken),
  });
  expect(assigned.status).toBe(200);
  return { id, etag: ifMatch(assigned) };
}

/** Gives the complaint a waiting workflow step, as the workflow's `openStep` task does. */
function waitOn(
  id: string,
  stage: 'acknowledgement' | 'initial-handling' | 'investigation' | 'review-window' | 'review' | 'closure',
  token: string,
) {
  const row = fx.store.rows.get(id);
  if (row === undefined) throw new Error('no such complaint');
  row.complaint = {
    ...row.complaint,
    waitingTask: { stage, taskToken: token, openedAt: fx.clock.now().toISOString() },
  };
}

describe('intake', () => {
  it('answers 201 with the priority explained, every deadline with its rule, and no text in the answer', async () => {
    // Act
    const response = await call(agent, 'POST', '/v1/complaints', {
      body: { ...intake, channel: 'regulator-forwarded', vulnerableCustomer: true },
    });

    // Assess
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      status: 'awaiting-acknowledgement',
      priority: 'urgent',
      priorityFactors: ['regulator-forwarded', 'vulnerable-customer'],
      branch: 'BJ01',
      queue: 'BJ01',
      representativeCount: 1,
    });
    const deadlines = response.json.deadlines as { kind: string; rule: string }[];
    expect(deadlines.map((d) => d.kind)).toEqual([
      'acknowledge',
      'initial-handling',
      'decision',
      'decision-cap',
    ]);
    expect(deadlines.every((d) => d.rule.length > 0)).toBe(true);
    expect(response.headers.location).toBe(`/v1/complaints/${String(response.json.complaintId)}`);
    expect(JSON.stringify(response.json)).not.toContain('QX#7');
  });

  it('seals the free text: nothing stored, no event and no audit record holds it in clear', async () => {
    // Act
    const response = await created();
    const id = String(response.json.complaintId);
    const stored = JSON.stringify({
      rows: [...fx.store.rows.values()],
      texts: [...fx.store.texts.values()],
      events: fx.store.events,
    });

    // Assess
    for (const secret of ['QX#7', 'QX#8', SECRET_NAME]) expect(stored).not.toContain(secret);
    expect(fx.store.texts.get(id)?.sealed.description).toMatch(/^v1\./);
    expect(fx.store.events.map((event) => event.detailType)).toEqual(['ComplaintReceived']);
  });

  it('links a complaint about the same customer and category while one is open, and raises the open one', async () => {
    // Arrange
    const first = await created();

    // Act
    const repeat = await created();
    const open = await call(manager, 'GET', `/v1/complaints/${String(first.json.complaintId)}`);

    // Assess
    expect(repeat.json).toMatchObject({ status: 'linked', repeatOf: first.json.complaintId, deadlines: [] });
    expect(open.json).toMatchObject({
      repeats: [repeat.json.complaintId],
      priority: 'high',
      priorityFactors: ['repeat-complaint'],
      version: 2,
    });
    const received = fx.store.events.filter((event) => event.detailType === 'ComplaintReceived');
    expect(received.map((event) => event.detail.repeat)).toEqual([false, true]);
  });

  it('gives a complaint with new facts its own clock', async () => {
    // Arrange
    await created();

    // Act
    const fresh = await created({ ...intake, newFacts: true });

    // Assess
    expect(fresh.json).toMatchObject({ status: 'awaiting-acknowledgement', newFacts: true });
    expect(fresh.json.repeatOf).toBeUndefined();
  });

  it('counts each complaint taken once in the ComplaintsReceived metric, a replay not again', async () => {
    // Arrange
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const headers = { 'idempotency-key': 'intake-key-0002' };

    // Act
    await call(agent, 'POST', '/v1/complaints', { body: intake, headers });
    await call(agent, 'POST', '/v1/complaints', { body: intake, headers });
    await call(agent, 'POST', '/v1/complaints', { body: { ...intake, category: 'product' } });

    // Assess
    expect(addMetric.mock.calls.filter(([name]) => name === 'ComplaintsReceived')).toEqual([
      ['ComplaintsReceived', 'Count', 1],
      ['ComplaintsReceived', 'Count', 1],
    ]);
    addMetric.mockRestore();
  });

  it('replays an Idempotency-Key with the same body and refuses it with another one', async () => {
    // Arrange
    const headers = { 'idempotency-key': 'intake-key-0001' };
    const first = await call(agent, 'POST', '/v1/complaints', { body: intake, headers });

    // Act
    const again = await call(agent, 'POST', '/v1/complaints', { body: intake, headers });
    const other = await call(agent, 'POST', '/v1/complaints', {
      body: { ...intake, category: 'product' },
      headers,
    });

    // Assess
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.complaintId).toBe(first.json.complaintId);
    expect(other.status).toBe(409);
    expect(other.json.code).toBe('idempotency-key-reused');
    expect(fx.store.rows.size).toBe(1);
  });

  it('answers the same 404 for an unknown customer and one outside the caller’s create scope', async () => {
    // Act
    const unknown = await call(rm, 'POST', '/v1/complaints', {
      body: { ...intake, customerId: 'cus_nobody' },
    });
    const elsewhere = await call(rm, 'POST', '/v1/complaints', {
      body: { ...intake, customerId: OTHER_BRANCH_CUSTOMER },
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(elsewhere.status).toBe(404);
    expect(unknown.json.code).toBe('customer-not-found');
    expect(elsewhere.json.code).toBe('customer-not-found');
    expect(fx.store.writes).toBe(0);
  });

  it('refuses a receipt in the future or past the backfill window with 422, writing nothing', async () => {
    // Act
    const future = await call(agent, 'POST', '/v1/complaints', {
      body: { ...intake, receivedAt: '2026-03-03T02:00:00.000Z' },
    });
    const old = await call(agent, 'POST', '/v1/complaints', {
      body: { ...intake, receivedAt: '2026-01-20T02:00:00.000Z' },
    });
    const backfilled = await call(agent, 'POST', '/v1/complaints', {
      body: { ...intake, receivedAt: '2026-02-20T09:00:00+08:00' },
    });

    // Assess
    expect([future.status, old.status]).toEqual([422, 422]);
    expect(future.json.code).toBe('received-at-out-of-range');
    expect(backfilled.status).toBe(201);
    expect(backfilled.json.receivedAt).toBe('2026-02-20T01:00:00.000Z');
  });
});

describe('reading and listing', () => {
  it('shows the text to a handler after auditing the read, and never to compliance or an RM', async () => {
    // Arrange
    const { id } = await assignedToAgent();

    // Act
    const handler = await call(agent, 'GET', `/v1/complaints/${id}`);
    const officer = await call(compliance, 'GET', `/v1/complaints/${id}`);
    const book = await call(rm, 'GET', `/v1/complaints/${id}`);

    // Assess
    expect(handler.json.text).toEqual({
      description: SECRET_DESCRIPTION,
      customerRequest: SECRET_REQUEST,
      representatives: [SECRET_NAME],
      notes: [],
    });
    expect(officer.status).toBe(200);
    expect(officer.json.text).toBeUndefined();
    expect(book.status).toBe(200);
    expect(book.json.text).toBeUndefined();
    const trail = await fx.store.auditTrail(id);
    expect(trail.filter((record) => record.action === 'complaint.text-read').map((r) => r.actor)).toEqual([
      'agent-1',
    ]);
    // The timeline is the chain without the audited reads.
    expect((handler.json.timeline as { action: string }[]).map((entry) => entry.action)).toEqual([
      'complaint.created',
      'complaint.assigned',
    ]);
  });

  it('gives no text when the audit record cannot be written (fail closed)', async () => {
    // Arrange
    const { id } = await assignedToAgent();
    fx.store.appendAudit = async () => false;

    // Act
    const response = await call(agent, 'GET', `/v1/complaints/${id}`);

    // Assess
    expect(response.status).toBe(409);
    expect(JSON.stringify(response.json)).not.toContain('QX#7');
  });

  it('lists an agent’s own complaints and their queue’s unassigned ones as two views, without text', async () => {
    // Arrange
    const { id } = await assignedToAgent();
    const unassigned = await call(supervisor, 'POST', '/v1/complaints', {
      body: { ...intake, category: 'product' },
    });

    // Act
    const mine = await call(agent, 'GET', '/v1/complaints');
    const queue = await call(agent, 'GET', '/v1/complaints', { query: { view: 'queue' } });
    const far = await call(farAgent, 'GET', '/v1/complaints', { query: { view: 'queue' } });

    // Assess
    expect((mine.json.items as { complaintId: string }[]).map((item) => item.complaintId)).toEqual([id]);
    expect((queue.json.items as { complaintId: string }[]).map((item) => item.complaintId)).toEqual([
      unassigned.json.complaintId,
    ]);
    expect(far.json.items).toEqual([]);
    expect(JSON.stringify(mine.json)).not.toContain('QX#7');
  });

  it('scopes lists by role and never widens them with a filter', async () => {
    // Arrange
    await created();
    await call(manager, 'POST', '/v1/complaints', { body: { ...intake, customerId: OTHER_BRANCH_CUSTOMER } });

    // Act
    const branch = await call(supervisor, 'GET', '/v1/complaints', { query: { branch: 'SH01' } });
    const all = await call(manager, 'GET', '/v1/complaints');
    const book = await call(otherRm, 'GET', '/v1/complaints');
    const paged = await call(compliance, 'GET', '/v1/complaints', { query: { limit: '1' } });
    const next = await call(compliance, 'GET', '/v1/complaints', {
      query: { limit: '1', cursor: String(paged.json.cursor) },
    });

    // Assess
    expect(branch.json.items).toEqual([]);
    expect((all.json.items as unknown[]).length).toBe(2);
    expect(book.json.items).toEqual([]);
    expect((paged.json.items as unknown[]).length).toBe(1);
    expect((next.json.items as unknown[]).length).toBe(1);
    expect(next.json.cursor).toBeUndefined();
  });

  it('answers the same 404 for a complaint outside the caller’s scope as for a missing one', async () => {
    // Arrange
    const { id } = await assignedToAgent();

    // Act
    const outside = await call(farSupervisor, 'GET', `/v1/complaints/${id}`);
    const missing = await call(farSupervisor, 'GET', '/v1/complaints/cmp_missing');

    // Assess
    expect(outside.status).toBe(404);
    expect(outside.json).toEqual({ ...missing.json, instance: outside.json.instance });
  });
});

describe('the actions in order', () => {
  it('walks a complaint from receipt to closure, resuming each waiting workflow step', async () => {
    // Arrange
    const { id, etag } = await assignedToAgent();
    let current = etag;
    const step = async (caller: TestCaller, path: string, body?: unknown) => {
      const response = await call(caller, 'POST', `/v1/complaints/${id}/${path}`, {
        ...(body === undefined ? {} : { body }),
        headers: current,
      });
      expect(response.status, `${path}: ${JSON.stringify(response.json)}`).toBe(200);
      current = ifMatch(response);
      return response;
    };

    // Act
    waitOn(id, 'acknowledgement', 'token-ack');
    await step(agent, 'acknowledge');
    waitOn(id, 'initial-handling', 'token-ih');
    await step(agent, 'initial-handling');
    waitOn(id, 'investigation', 'token-inv-1');
    await step(agent, 'pause', { reason: 'external-appraisal' });
    fx.clock.advance(3 * 3_600_000);
    waitOn(id, 'investigation', 'token-inv-2');
    await step(agent, 'resume', { reason: 'appraisal-received' });
    const requested = await step(agent, 'extensions', { level: 1, reason: 'complex-case' });
    const extensionId = (requested.json.extensions as { extensionId: string }[])[0]?.extensionId;
    waitOn(id, 'investigation', 'token-inv-3');
    await step(supervisor, `extensions/${extensionId}/decision`, { approve: true });
    await step(agent, 'notes', { text: SECRET_NOTE });
    waitOn(id, 'investigation', 'token-inv-4');
    await step(agent, 'decision', { outcome: 'partially-upheld', remedies: [{ type: 'explanation' }] });
    waitOn(id, 'review-window', 'token-rw');
    await step(agent, 'review-requests');
    waitOn(id, 'review', 'token-rv');
    await step(manager, 'review-decision', { outcome: 'upheld' });
    waitOn(id, 'closure', 'token-cl');
    const closed = await step(agent, 'close', {
      rootCause: 'fees-pricing',
      remediationActions: [{ action: 'fee-table-fix', owner: 'staff-12', dueDate: '2026-04-30' }],
    });

    // Assess
    expect(closed.json).toMatchObject({ status: 'closed', review: { outcome: 'upheld', changed: true } });
    expect(fx.workflows.completed.map((c) => c.taskToken)).toEqual([
      'token-ack',
      'token-ih',
      'token-inv-4',
      'token-rw',
      'token-rv',
      'token-cl',
    ]);
    expect(fx.workflows.failed.map((f) => [f.taskToken, f.error])).toEqual([
      ['token-inv-1', 'Complaint.DeadlinesChanged'],
      ['token-inv-2', 'Complaint.DeadlinesChanged'],
      ['token-inv-3', 'Complaint.DeadlinesChanged'],
    ]);
    expect(fx.store.events.map((event) => event.detailType)).toEqual([
      'ComplaintReceived',
      'ComplaintAssigned',
      'ComplaintAcknowledged',
      'ComplaintContactRequested',
      'ComplaintPaused',
      'ComplaintResumed',
      'ComplaintDeadlineExtended',
      'ComplaintDecided',
      'ComplaintContactRequested',
      'ComplaintReviewRequested',
      'ComplaintReviewDecided',
      'ComplaintClosed',
    ]);
    // Closing freed the open-complaint marker: a new complaint gets its own clock.
    const next = await created();
    expect(next.json.status).toBe('awaiting-acknowledgement');
    // The note is readable by a handler, and in clear nowhere else.
    const read = await call(agent, 'GET', `/v1/complaints/${id}`);
    expect((read.json.text as { notes: { text: string }[] }).notes.map((note) => note.text)).toEqual([
      SECRET_NOTE,
    ]);
    const everywhere = JSON.stringify({
      rows: [...fx.store.rows.values()],
      notes: [...fx.store.noteItems.values()],
      events: fx.store.events,
      workflows: fx.workflows,
    });
    expect(everywhere).not.toContain('QX#9');
  });

  it('answers 412 for a stale If-Match and 428 without one, writing nothing', async () => {
    // Arrange
    const { id } = await assignedToAgent();
    const before = fx.store.snapshot();

    // Act
    const stale = await call(agent, 'POST', `/v1/complaints/${id}/acknowledge`, {
      headers: { 'if-match': '"1"' },
    });
    const missing = await call(agent, 'POST', `/v1/complaints/${id}/acknowledge`);

    // Assess
    expect(stale.status).toBe(412);
    expect(missing.status).toBe(428);
    expect(fx.store.snapshot()).toBe(before);
  });

  it('answers 409 invalid-transition naming the status for a step out of order', async () => {
    // Arrange
    const { id, etag } = await assignedToAgent();

    // Act
    const response = await call(agent, 'POST', `/v1/complaints/${id}/decision`, {
      body: { outcome: 'upheld', remedies: [{ type: 'explanation' }] },
      headers: etag,
    });

    // Assess
    expect(response.status).toBe(409);
    expect(response.json.code).toBe('invalid-transition');
    expect(String(response.json.detail)).toContain('awaiting-acknowledgement');
  });
});

type Action = readonly [name: string, path: string, body?: unknown];
const ACTIONS: readonly Action[] = [
  ['assign', 'assign', { assignee: 'agent-1' }],
  ['acknowledge', 'acknowledge'],
  ['initial-handling', 'initial-handling'],
  ['pause', 'pause', { reason: 'testing' }],
  ['resume', 'resume', { reason: 'tested' }],
  ['extension request', 'extensions', { level: 1, reason: 'complex-case' }],
  ['extension decision', 'extensions/ext_x/decision', { approve: true }],
  ['decision', 'decision', { outcome: 'upheld', remedies: [{ type: 'explanation' }] }],
  ['review request', 'review-requests'],
  ['review decision', 'review-decision', { outcome: 'upheld' }],
  ['close', 'close', { rootCause: 'other', remediationActions: [] }],
  ['note', 'notes', { text: 'a note' }],
];

/** Actions a role may never take: refused by role (403) before the complaint is looked up. */
const NEVER_AGENT = ['extension decision', 'review decision'];

/**
 * Who may reach each action on a complaint of branch BJ01 assigned to agent-1: `reach` means the
 * policy let the request through to the complaint's rules (which may still refuse the step:
 * 409/404/422), `403` a refusal by role, `404` out of scope (the answer of a missing complaint).
 */
const MATRIX: readonly (readonly [string, TestCaller, 'reach' | 403 | 404, (readonly string[])?])[] = [
  // Re-assigning: an agent only takes an unassigned complaint (403 not-assignable).
  ['the assignee', agent, 'reach', ['assign', ...NEVER_AGENT]],
  ['another agent of the branch', otherAgent, 404, NEVER_AGENT],
  ['an agent of another branch', farAgent, 404, NEVER_AGENT],
  ['the branch supervisor', supervisor, 'reach', ['review decision']],
  ['a supervisor of another branch', farSupervisor, 404, ['review decision']],
  ['the complaints unit', manager, 'reach'],
  ['a compliance officer', compliance, 403],
  ['the customer’s RM', rm, 403],
  ['another RM', otherRm, 403],
  ['an analyst', analyst, 403],
  ['an admin', admin, 403],
];

describe('authorisation matrix', () => {
  const cases = MATRIX.flatMap(([who, caller, expected, forbidden = []]) =>
    ACTIONS.map(([name, path, body]) => ({
      who,
      caller,
      name,
      path,
      body,
      expected: forbidden.includes(name) ? 403 : expected,
    })),
  );

  it.each(cases)('$who → $name: $expected', async ({ caller, path, body, expected }) => {
    // Arrange
    const { id, etag } = await assignedToAgent();

    // Act
    const response = await call(caller, 'POST', `/v1/complaints/${id}/${path}`, {
      ...(body === undefined ? {} : { body }),
      headers: etag,
    });

    // Assess
    if (expected === 'reach') expect([200, 404, 409, 422]).toContain(response.status);
    else expect(response.status).toBe(expected);
    if (expected === 'reach' && response.status === 404)
      expect(response.json.code).not.toBe('complaint-not-found');
  });

  it.each([
    ['the assignee', agent, 200],
    ['another agent of the branch', otherAgent, 404],
    ['an agent of another branch', farAgent, 404],
    ['the branch supervisor', supervisor, 200],
    ['a supervisor of another branch', farSupervisor, 404],
    ['the complaints unit', manager, 200],
    ['a compliance officer', compliance, 200],
    ['the customer’s RM', rm, 200],
    ['another RM', otherRm, 404],
    ['an analyst', analyst, 403],
    ['an admin', admin, 403],
  ] as const)('%s reading the complaint: %i', async (_who, caller, expected) => {
    // Arrange
    const { id } = await assignedToAgent();

    // Act
    const response = await call(caller, 'GET', `/v1/complaints/${id}`);

    // Assess
    expect(response.status).toBe(expected);
  });

  it('lets an agent take an unassigned complaint of their queue for themselves only', async () => {
    // Arrange
    const taken = await call(supervisor, 'POST', '/v1/complaints', { body: intake });
    const id = String(taken.json.complaintId);

    // Act
    const forOther = await call(agent, 'POST', `/v1/complaints/${id}/assign`, {
      body: { assignee: 'agent-2' },
      headers: ifMatch(taken),
    });
    const farTake = await call(farAgent, 'POST', `/v1/complaints/${id}/assign`, {
      body: { assignee: farAgent.sub },
      headers: ifMatch(taken),
    });
    const acknowledgeUnassigned = await call(agent, 'POST', `/v1/complaints/${id}/acknowledge`, {
      headers: ifMatch(taken),
    });
    const forSelf = await call(agent, 'POST', `/v1/complaints/${id}/assign`, {
      body: { assignee: agent.sub },
      headers: ifMatch(taken),
    });

    // Assess
    expect(forOther.status).toBe(403);
    expect(forOther.json.code).toBe('not-assignable');
    expect(farTake.status).toBe(404);
    expect(acknowledgeUnassigned.status).toBe(404);
    expect(forSelf.status).toBe(200);
  });

  it('refuses roles without the create rule, and an RM outside their book', async () => {
    // Act
    const answers = await Promise.all(
      [compliance, analyst, admin].map((caller) => call(caller, 'POST', '/v1/complaints', { body: intake })),
    );
    const otherBook = await call(otherRm, 'POST', '/v1/complaints', { body: intake });
    const ownBook = await call(rm, 'POST', '/v1/complaints', { body: intake });

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect(otherBook.status).toBe(404);
    expect(ownBook.status).toBe(201);
  });
});

describe('bad input', () => {
  const badIntakes = fc.oneof(
    fc.record({
      field: fc.constantFrom('description', 'customerRequest'),
      value: fc.constantFrom('', ' ', 'a\u202eb', 'x'.repeat(4001)),
    }),
    fc.record({
      field: fc.constant('channel'),
      value: fc.string().filter((s) => !['phone', 'email'].includes(s)),
    }),
    fc.record({
      field: fc.constant('representatives'),
      value: fc.constantFrom(['1234'], Array(6).fill('李雷'), 'a'),
    }),
    fc.record({
      field: fc.constant('amountAtStake'),
      value: fc.constantFrom(
        { amountMinor: -1, currency: 'CNY' },
        { amountMinor: 1.5, currency: 'CNY' },
        { amountMinor: 10, currency: 'cny' },
      ),
    }),
    fc.record({
      field: fc.constant('productIds'),
      value: fc.constantFrom(Array(21).fill('p1'), ['has space']),
    }),
    fc.record({ field: fc.constantFrom('unknownField', '__proto__', 'password'), value: fc.jsonValue() }),
  );

  it('answers 4xx to malformed intake, never echoing the value, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badIntakes, async ({ field, value }) => {
        // Arrange
        const before = fx.store.snapshot();
        // The bad field last, so it is the value the parser keeps; `__proto__` as an own key.
        const rawBody = JSON.stringify({ ...intake, [field]: value });

        // Act
        const response = await call(agent, 'POST', '/v1/complaints', { rawBody });

        // Assess
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(fx.store.snapshot()).toBe(before);
        if (typeof value === 'string' && value.length > 3)
          expect(JSON.stringify(response.json)).not.toContain(value);
      }),
      { numRuns: 40 },
    );
  });

  it('answers 4xx to malformed action bodies and writes nothing', async () => {
    // Arrange
    const { id, etag } = await assignedToAgent();
    const before = fx.store.snapshot();
    const bodies: readonly Action[] = [
      ['pause', 'pause', { reason: 'because I said so' }],
      ['extension', 'extensions', { level: 3, reason: 'x' }],
      ['decision', 'decision', { outcome: 'upheld', remedies: [{ type: 'compensation' }] }],
      ['decision', 'decision', { outcome: 'upheld', remedies: [] }],
      ['close', 'close', { rootCause: 'Free Text!' }],
      ['note', 'notes', { text: '' }],
      ['acknowledge', 'acknowledge', { at: 'now' }],
      ['assign', 'assign', { assignee: 'no spaces allowed' }],
    ];

    // Act
    const statuses = await Promise.all(
      bodies.map(([, path, body]) =>
        call(agent, 'POST', `/v1/complaints/${id}/${path}`, { body, headers: etag }),
      ),
    );

    // Assess
    for (const response of statuses) expect([400, 422]).toContain(response.status);
    expect(fx.store.snapshot()).toBe(before);
  });
});
