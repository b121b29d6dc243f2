import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ComplaintAssigned,
  ComplaintClosed,
  ComplaintReceived,
} from '../../../functions/complaints/events.js';
import { processComplaintEvent } from '../../../functions/customers/service/complaint-access.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const assignee = { sub: 'user-agent-7', role: 'service-agent', branch: 'BJ01' } as const;
const otherAgent = { sub: 'user-agent-8', role: 'service-agent', branch: 'BJ01' } as const;
const complaintsUnit = { sub: 'user-cu-1', role: 'complaints-manager' } as const;

/** A complaints event as EventBridge delivers it, the detail built and checked by its schema. */
function delivered<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  occurredAt = NOW,
): ConsumedEvent {
  const event = buildEvent(definition, detail, occurredAt);
  return {
    source: event.source,
    detailType: event.detailType,
    id: randomUUID(),
    time: occurredAt.toISOString(),
    detail: event.detail,
  };
}

const ids = (customerId: string, complaintId: string) => ({ complaintId, customerId, branch: 'BJ01' });

const received = (customerId: string, complaintId: string, repeat = false) =>
  delivered(ComplaintReceived, {
    ...ids(customerId, complaintId),
    queue: 'BJ01',
    channel: 'phone',
    category: 'fees',
    priority: 'normal',
    receivedAt: NOW.toISOString(),
    repeat,
    ...(repeat ? { repeatOf: 'cmp_open' } : {}),
  });

const assigned = (customerId: string, complaintId: string, to: string, at: Date) =>
  delivered(ComplaintAssigned, { ...ids(customerId, complaintId), assignee: to }, at);

const closed = (customerId: string, complaintId: string) =>
  delivered(ComplaintClosed, {
    ...ids(customerId, complaintId),
    rootCause: 'disclosure',
    outcome: 'upheld',
    channel: 'phone',
    category: 'fees',
  });

describe('customer access through an open complaint', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  beforeEach(() => h.clock.use(new ControlledClock(NOW)));
  afterEach(() => h.clock.reset());
  afterAll(() => h.close());

  async function register(): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    return String(created.json.customerId);
  }

  const read = (caller: { sub: string; role: string; branch?: string }, customerId: string) =>
    h.call(caller as Parameters<CustomersHarness['call']>[0], 'GET', `/v1/customers/${customerId}`);

  async function trail(customerId: string) {
    const records = await h.deps.store.auditTrail(customerId);
    return records.map((record) => ({ action: record.action, actor: record.actor, purpose: record.purpose }));
  }

  it('lets the assignee read the customer while the complaint is open, and no longer once it closes', async () => {
    // Prepare
    const customerId = await register();
    const before = await read(assignee, customerId);

    // Act
    await processComplaintEvent(h.deps, received(customerId, 'cmp_1'));
    await processComplaintEvent(h.deps, assigned(customerId, 'cmp_1', assignee.sub, NOW));
    const whileOpen = await read(assignee, customerId);
    const someoneElse = await read(otherAgent, customerId);
    await processComplaintEvent(h.deps, closed(customerId, 'cmp_1'));
    const afterClose = await read(assignee, customerId);

    // Assess
    expect(before.status).toBe(404);
    expect(whileOpen.status).toBe(200);
    // Masked as for any agent: the full name, every other C2 field masked.
    expect(whileOpen.json.name).toBe('张三丰');
    expect(String(whileOpen.json.mobile)).toContain('*');
    expect(someoneElse.status).toBe(404);
    expect(afterClose.status).toBe(404);
  });

  it('records every grant and its end in the customer’s audit chain, as the complaints capability', async () => {
    // Prepare
    const customerId = await register();

    // Act
    await processComplaintEvent(h.deps, received(customerId, 'cmp_2'));
    await processComplaintEvent(h.deps, assigned(customerId, 'cmp_2', assignee.sub, NOW));
    await processComplaintEvent(
      h.deps,
      assigned(customerId, 'cmp_2', otherAgent.sub, new Date(NOW.getTime() + 60_000)),
    );
    await processComplaintEvent(h.deps, closed(customerId, 'cmp_2'));

    // Assess
    expect((await trail(customerId)).slice(1)).toEqual([
      { action: 'complaint-access.opened', actor: 'system:complaints', purpose: 'complaint:cmp_2' },
      {
        action: 'complaint-access.assigned',
        actor: 'system:complaints',
        purpose: `complaint:cmp_2 granted:${assignee.sub}`,
      },
      {
        action: 'complaint-access.assigned',
        actor: 'system:complaints',
        purpose: `complaint:cmp_2 granted:${otherAgent.sub} ended:${assignee.sub}`,
      },
      {
        action: 'complaint-access.closed',
        actor: 'system:complaints',
        purpose: `complaint:cmp_2 ended:${otherAgent.sub}`,
      },
    ]);
    expect((await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`)).json).toMatchObject(
      {
        chain: { valid: true },
      },
    );
  });

  it('moves the grant on reassignment, whatever order the assignments arrive in', async () => {
    // Prepare
    const customerId = await register();
    const first = assigned(customerId, 'cmp_3', assignee.sub, NOW);
    const second = assigned(customerId, 'cmp_3', otherAgent.sub, new Date(NOW.getTime() + 60_000));

    // Act: the later assignment first, then the earlier one, then the later one again.
    await processComplaintEvent(h.deps, second);
    const stale = await processComplaintEvent(h.deps, first);
    const again = await processComplaintEvent(h.deps, second);

    // Assess
    expect(stale).toEqual({ outcome: 'ignored', reason: 'stale' });
    expect(again).toEqual({ outcome: 'ignored', reason: 'known' });
    expect((await read(otherAgent, customerId)).status).toBe(200);
    expect((await read(assignee, customerId)).status).toBe(404);
  });

  it('grants nothing on an assignment that arrives after the closure', async () => {
    // Prepare
    const customerId = await register();
    await processComplaintEvent(h.deps, closed(customerId, 'cmp_4'));

    // Act
    const late = await processComplaintEvent(h.deps, assigned(customerId, 'cmp_4', assignee.sub, NOW));
    const lateReceipt = await processComplaintEvent(h.deps, received(customerId, 'cmp_4'));

    // Assess
    expect(late).toEqual({ outcome: 'ignored', reason: 'closed' });
    expect(lateReceipt).toEqual({ outcome: 'ignored', reason: 'closed' });
    expect((await read(assignee, customerId)).status).toBe(404);
    expect((await read(complaintsUnit, customerId)).status).toBe(404);
  });

  it('lets the complaints unit read a customer with an open complaint, masked as for a supervisor', async () => {
    // Prepare
    const customerId = await register();
    const before = await read(complaintsUnit, customerId);

    // Act
    await processComplaintEvent(h.deps, received(customerId, 'cmp_5'));
    await processComplaintEvent(h.deps, received(customerId, 'cmp_6'));
    const whileOpen = await read(complaintsUnit, customerId);
    const asSupervisor = await read(callers.supervisor, customerId);
    await processComplaintEvent(h.deps, closed(customerId, 'cmp_5'));
    const oneStillOpen = await read(complaintsUnit, customerId);
    await processComplaintEvent(h.deps, closed(customerId, 'cmp_6'));
    const noneOpen = await read(complaintsUnit, customerId);

    // Assess
    expect(before.status).toBe(404);
    expect(whileOpen.status).toBe(200);
    expect(whileOpen.json).toEqual(asSupervisor.json);
    expect(whileOpen.json.name).toBe('张三丰');
    expect(oneStillOpen.status).toBe(200);
    expect(noneOpen.status).toBe(404);
  });

  it('gives the complaints unit nothing beyond reading: no list, no update, no reveal', async () => {
    // Prepare
    const customerId = await register();
    await processComplaintEvent(h.deps, received(customerId, 'cmp_7'));

    // Act
    const list = await h.call(complaintsUnit, 'GET', '/v1/customers');
    const reveal = await h.call(complaintsUnit, 'GET', `/v1/customers/${customerId}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'complaint review' },
    });

    // Assess
    expect(list.status).toBe(403);
    expect(reveal.status).toBe(403);
  });

  it('opens nothing for a repeat, which has no clock of its own', async () => {
    // Prepare
    const customerId = await register();

    // Act
    const outcome = await processComplaintEvent(h.deps, received(customerId, 'cmp_8', true));

    // Assess
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'repeat' });
    expect((await read(complaintsUnit, customerId)).status).toBe(404);
  });

  it('dead-letters an event about a customer this CRM does not know, writing nothing', async () => {
    // Prepare
    const before = (await h.rawItems()).length;

    // Act
    const error = await processComplaintEvent(h.deps, received('cus_UNKNOWN', 'cmp_9')).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect(error).toMatchObject({ code: 'CUSTOMER_UNKNOWN' });
    expect((await h.rawItems()).length).toBe(before);
  });

  it('dead-letters a malformed event and one it does not take', async () => {
    // Prepare
    const customerId = await register();
    const malformed = { ...received(customerId, 'cmp_10'), detail: { customerId, complaintId: 'cmp_10' } };
    const other = { ...received(customerId, 'cmp_10'), detailType: 'ComplaintPaused' };

    // Act
    const errors = await Promise.all(
      [malformed, other].map((event) => processComplaintEvent(h.deps, event).catch((e: unknown) => e)),
    );

    // Assess
    expect(errors.map((error) => (error as UnprocessableEventError).code)).toEqual([
      'EVENT_INVALID',
      'EVENT_UNSUPPORTED',
    ]);
  });
});
