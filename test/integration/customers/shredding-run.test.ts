import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { shredDue } from '../../support/customers-passes.js';

const DAY = 86_400_000;

describe('the daily shredding run', () => {
  let h: CustomersHarness;
  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  it('shreds every other due customer when one cannot be shredded, and dead-letters that one once', async () => {
    // Prepare: two customers whose erasure was requested and whose relationship closed; ten
    // years on, both are due. Reading the first fails, as a record that cannot be read would.
    const clock = new ControlledClock(new Date());
    h.clock.use(clock);
    const ids: string[] = [];
    for (let n = 0; n < 2; n++) {
      const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
      const id = String(created.json.customerId);
      await h.call(callers.rm, 'POST', `/v1/customers/${id}/erasure-requests`, { body: {} });
      const current = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
      await h.call(callers.rm, 'PATCH', `/v1/customers/${id}`, {
        headers: { 'if-match': `"${current.json.version}"` },
        body: { relationship: 'closed' },
      });
      ids.push(id);
    }
    const [broken, fine] = ids;
    clock.advance((10 * 366 + 1) * DAY);
    const store = h.deps.store;
    const get = store.get.bind(store);
    store.get = async (customerId) => {
      if (customerId === broken) throw new Error('InternalServerError');
      return get(customerId);
    };

    // Act
    const shredded = await shredDue(h.deps, h.jobItems('shred')).finally(() => {
      store.get = get;
    });
    const brokenAfter = await h.call(callers.rm, 'GET', `/v1/customers/${broken}`);
    const fineAfter = await h.call(callers.rm, 'GET', `/v1/customers/${fine}`);

    // Assess
    expect(shredded).toBe(1);
    expect(fineAfter.json).toMatchObject({ erased: true });
    expect(brokenAfter.json.erased).not.toBe(true);
    expect(h.deadLetters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: 'shred', item: { kind: 'customer', id: broken } },
      },
    ]);
    // Still due: the next run shreds it.
    await expect(shredDue(h.deps, h.jobItems('shred'))).resolves.toBe(1);
  });
});
