import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/**
 * The C1 facts other capabilities mirror from the customers' events: the onboarding date
 * (CustomerRegistered) and the assignment after every change (CustomerProfileChanged).
 */
describe('customer facts in the API and the events', () => {
  let h: CustomersHarness;
  const clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));

  beforeAll(async () => {
    h = await customersHarness();
    h.clock.use(clock);
  });
  afterAll(() => {
    h.clock.reset();
    return h.close();
  });

  it('keeps the account-opening date of a customer migrated from core banking', async () => {
    // Act
    const created = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: individual({ onboardedAt: '2019-05-01T09:00:00+08:00' }),
    });
    const customerId = String(created.json.customerId);
    const read = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    const events = await h.outboxEvents(customerId);

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      onboardedAt: '2019-05-01T01:00:00.000Z',
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    expect(read.json.onboardedAt).toBe('2019-05-01T01:00:00.000Z');
    expect(events.find((event) => event.detailType === 'CustomerRegistered')?.detail).toMatchObject({
      customerId,
      onboardedAt: '2019-05-01T01:00:00.000Z',
      at: '2026-03-02T02:00:00.000Z',
    });
  });

  it('onboards a customer now when no date is given', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const events = await h.outboxEvents(String(created.json.customerId));

    expect(created.json.onboardedAt).toBe('2026-03-02T02:00:00.000Z');
    expect(events.find((event) => event.detailType === 'CustomerRegistered')?.detail.onboardedAt).toBe(
      '2026-03-02T02:00:00.000Z',
    );
  });

  it('refuses an onboarding date in the future with a validation problem, and writes nothing', async () => {
    // Prepare
    const before = (await h.rawItems()).length;

    // Act
    const response = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: individual({ onboardedAt: '2026-03-02T02:00:01Z' }),
    });

    // Assess
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json.errors).toEqual([{ path: 'onboardedAt', message: 'must not be in the future' }]);
    expect((await h.rawItems()).length).toBe(before);
  });

  it('announces each profile change with the assignment after it: branch, RM and relationship', async () => {
    // Prepare
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    const path = `/v1/customers/${customerId}`;

    // Act: an RM edit, a move to another RM by the supervisor, then the relationship closes.
    await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { occupation: 'teacher' },
    });
    await h.call(callers.supervisor, 'PATCH', path, {
      headers: { 'if-match': '"2"' },
      body: { rmId: 'rm-2' },
    });
    const closed = await h.call(callers.supervisor, 'PATCH', path, {
      headers: { 'if-match': '"3"' },
      body: { relationship: 'closed' },
    });
    const changes = (await h.outboxEvents(customerId))
      .filter((event) => event.detailType === 'CustomerProfileChanged')
      .map(({ detail }) => detail)
      .sort((a, b) => Number(a.version) - Number(b.version));

    // Assess
    expect(closed.status).toBe(200);
    expect(changes).toMatchObject([
      { version: 2, changedFields: ['occupation'], branch: 'BJ01', rmId: 'rm-1', relationship: 'active' },
      { version: 3, changedFields: ['rmId'], branch: 'BJ01', rmId: 'rm-2', relationship: 'active' },
      { version: 4, changedFields: ['relationship'], branch: 'BJ01', rmId: 'rm-2', relationship: 'closed' },
    ]);
  });
});
