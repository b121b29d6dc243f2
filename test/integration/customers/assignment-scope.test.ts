import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type Caller,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { openDueReviews } from '../../support/customers-passes.js';

/**
 * A book lies inside a branch (docs/domain-rules.md §4.2): a supervisor may place a customer
 * only with an RM the RM directory lists in the customer's branch, and an RM id that matches in
 * another branch reaches nothing. Each test performs the attack and checks nothing was written.
 */
describe('books inside branches', () => {
  let h: CustomersHarness;
  /** rm-1 of BJ01 by id, but the identity provider puts this RM in SH01. */
  const sameIdOtherBranch: Caller = {
    sub: 'user-rm-1-sh',
    role: 'relationship-manager',
    branch: 'SH01',
    rmId: 'rm-1',
  };

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  async function registered(): Promise<{ id: string; body: Record<string, unknown> }> {
    const body = individual();
    const response = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    expect(response.status).toBe(201);
    return { id: String(response.json.customerId), body };
  }

  it('refuses a supervisor creating a customer for another branch’s RM or an unlisted RM: 422, nothing written', async () => {
    const before = (await h.rawItems()).length;
    for (const rmId of ['rm-9', 'rm-unknown']) {
      const response = await h.call(callers.supervisor, 'POST', '/v1/customers', {
        body: individual({ rmId }),
      });
      expect(response.status).toBe(422);
      expect(response.json.code).toBe('rm-not-in-branch');
      expect(response.json.errors).toEqual([{ path: 'rmId', message: expect.any(String) }]);
      expect(JSON.stringify(response.json)).not.toContain(rmId);
    }
    expect((await h.rawItems()).length).toBe(before);
  });

  it('lets a supervisor create for an RM the directory lists in the branch', async () => {
    const response = await h.call(callers.supervisor, 'POST', '/v1/customers', {
      body: individual({ rmId: 'rm-3' }),
    });
    expect(response.status).toBe(201);
  });

  it('refuses a supervisor moving a customer to another branch’s RM: 422, version, record and outbox unchanged', async () => {
    const { id } = await registered();
    const before = await h.rawItems();

    const moved = await h.call(callers.supervisor, 'PATCH', `/v1/customers/${id}`, {
      headers: { 'if-match': '"1"' },
      body: { rmId: 'rm-9' },
    });

    expect(moved.status).toBe(422);
    expect(moved.json.code).toBe('rm-not-in-branch');
    expect(await h.rawItems()).toEqual(before);
    expect((await h.outboxEvents(id)).map((event) => event.detailType)).toEqual(['CustomerRegistered']);
    const foreignRm = await h.call(callers.foreignRm, 'GET', `/v1/customers/${id}`);
    expect(foreignRm.status).toBe(404);
  });

  it('lets a supervisor move a customer within the branch’s books', async () => {
    const { id } = await registered();
    const moved = await h.call(callers.supervisor, 'PATCH', `/v1/customers/${id}`, {
      headers: { 'if-match': '"1"' },
      body: { rmId: 'rm-2' },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.rmId).toBe('rm-2');
  });

  it('shows an RM whose id matches but whose branch differs nothing: read, list, search, update and create', async () => {
    const { id, body } = await registered();
    const path = `/v1/customers/${id}`;

    const read = await h.call(sameIdOtherBranch, 'GET', path);
    const list = await h.call(sameIdOtherBranch, 'GET', '/v1/customers');
    const search = await h.call(sameIdOtherBranch, 'POST', '/v1/customers/search', {
      body: { idType: body.idType, idNumber: body.idNumber },
    });
    const update = await h.call(sameIdOtherBranch, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { occupation: 'pilot' },
    });
    const create = await h.call(sameIdOtherBranch, 'POST', '/v1/customers', { body: individual() });

    expect(read.status).toBe(404);
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([]);
    expect(search.status).toBe(200);
    expect(search.json.items ?? search.json).toEqual([]);
    expect(update.status).toBe(404);
    expect(create.status).toBe(403);
    expect((await h.call(callers.rm, 'GET', path)).json.version).toBe(1);
  });

  it('lists an RM whose id matches but whose branch differs none of the book’s reviews', async () => {
    const { id } = await registered();
    h.clock.use(new ControlledClock(new Date(Date.now() + 7 * 31 * 24 * 3_600_000)));
    try {
      await openDueReviews(h.deps, h.jobItems('review-scan'));
    } finally {
      h.clock.reset();
    }
    const ownerReviews = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { limit: '100' } });
    const foreignReviews = await h.call(sameIdOtherBranch, 'GET', '/v1/reviews', { query: { limit: '100' } });

    expect(
      (ownerReviews.json.items as { customerId: string }[]).map((review) => review.customerId),
    ).toContain(id);
    expect(foreignReviews.status).toBe(200);
    expect(foreignReviews.json.items).toEqual([]);
  });
});
