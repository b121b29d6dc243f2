import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

describe('the compliance officer’s list of every customer', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  it('pages through every customer exactly once, whatever the page size', async () => {
    // Prepare: customers of two RMs, plus non-customer items (locks, outbox) the byEntity index leaves out.
    const created = new Set<string>();
    for (let i = 0; i < 7; i += 1) {
      const caller = i % 2 === 0 ? callers.rm : callers.otherRm;
      const response = await h.call(caller, 'POST', '/v1/customers', {
        body: individual({ rmId: caller.rmId }),
      });
      created.add(String(response.json.customerId));
    }

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.call(callers.compliance, 'GET', '/v1/customers', {
        query: { limit: '2', ...(cursor === undefined ? {} : { cursor }) },
      });
      expect(page.status).toBe(200);
      seen.push(...(page.json.items as { customerId: string }[]).map((item) => item.customerId));
      cursor = page.json.cursor as string | undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 20);

    // Assess
    expect(new Set(seen)).toEqual(created);
    expect(seen).toHaveLength(created.size);
  });
});
