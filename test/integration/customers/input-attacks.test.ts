import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/customers/store/keys.js';
import {
  type ApiResponse,
  type Caller,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/**
 * Attacks on the customers API's input, through the HTTP handler against DynamoDB Local:
 * forged cursors that DynamoDB itself would refuse, names that display as something else,
 * dates that cannot be true, and what a masked record still gives away.
 */

const cursorOf = (position: unknown) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json.code).toBe(code);
}

describe('customers API input attacks', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
    await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
  });
  afterAll(() => h.close());

  /** The lists a caller reaches, each with a cursor naming the caller's own partition. */
  const lists: [string, Caller, string, Record<string, string>][] = [
    ['an RM’s customers (byRm)', callers.rm, '/v1/customers', { rmKey: 'RM#rm-1', listKey: 'CUSTOMER#x' }],
    [
      'a supervisor’s customers (byBranch)',
      callers.supervisor,
      '/v1/customers',
      { branchKey: 'BRANCH#BJ01', listKey: 'CUSTOMER#x' },
    ],
    [
      'every customer (byEntity)',
      callers.compliance,
      '/v1/customers',
      { entityType: 'CUSTOMER', listKey: 'CUSTOMER#x' },
    ],
    ['an RM’s reviews (byRm)', callers.rm, '/v1/reviews', { rmKey: 'RM#rm-1', listKey: 'REVIEW#open#x' }],
    ['every review (byDue)', callers.compliance, '/v1/reviews', { dueKey: 'REVIEWSTATUS#open', dueAt: 'x' }],
  ];

  it.each(lists)(
    '%s: a cursor with a wrongly typed key attribute is a 400',
    async (_list, caller, path, own) => {
      // Prepare: the caller's own partition, so only the types are wrong.
      const cursor = cursorOf({ pk: 'CUSTOMER#cus_1', sk: 7, ...own });

      // Act
      const response = await h.call(caller, 'GET', path, { query: { cursor } });

      // Assess
      expectProblem(response, 400, 'invalid-cursor');
      expect(JSON.stringify(response.body)).not.toContain('CUSTOMER#cus_1');
    },
  );

  it.each(lists)('%s: a cursor missing a key attribute is a 400', async (_list, caller, path, own) => {
    // Act
    const response = await h.call(caller, 'GET', path, {
      query: { cursor: cursorOf({ sk: 'PROFILE', ...own }) },
    });

    // Assess
    expectProblem(response, 400, 'invalid-cursor');
  });

  it.each([
    ['an RM', callers.rm],
    ['a supervisor', callers.supervisor],
  ])('the cursors the list hands %s are accepted, page after page', async (_who, caller) => {
    // Prepare
    await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const statuses: number[] = [];
    let seen = 0;
    let cursor: string | undefined;

    // Act
    do {
      const page = await h.call(caller, 'GET', '/v1/customers', {
        query: { limit: '1', ...(cursor === undefined ? {} : { cursor }) },
      });
      statuses.push(page.status);
      seen += (page.json.items as unknown[] | undefined)?.length ?? 0;
      cursor = page.json.cursor as string | undefined;
    } while (cursor !== undefined && statuses.length < 50);

    // Assess
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it('a cursor outside the list’s sort-key condition is a 400', async () => {
    // Prepare: the RM's own partition, a position among reviews rather than customers.
    const cursor = cursorOf({ pk: 'REVIEW#r', sk: 'REVIEW', rmKey: 'RM#rm-1', listKey: 'REVIEW#open#x' });

    // Act
    const response = await h.call(callers.rm, 'GET', '/v1/customers', { query: { cursor } });

    // Assess
    expectProblem(response, 400, 'invalid-cursor');
  });

  it.each([
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['a right-to-left override', '张三\u202e丰'],
    ['a control character', '张三\u0085丰'],
  ])('a name of %s is a 422 that writes nothing', async (_case, name) => {
    // Prepare
    const before = await h.rawItems();

    // Act
    const response = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual({ name }) });

    // Assess
    expectProblem(response, 422, 'validation');
    expect(JSON.stringify(response.body)).not.toContain(name);
    expect(await h.rawItems()).toHaveLength(before.length);
  });

  it.each([
    ['a birth date in the future', { birthDate: '2099-01-01' }, 'birthDate'],
    ['a birth date before 1900', { birthDate: '1899-12-31' }, 'birthDate'],
    ['an onboarding date before 1900', { onboardedAt: '1899-12-31T00:00:00Z' }, 'onboardedAt'],
  ])('%s is a 422 that writes nothing', async (_case, dates, field) => {
    // Prepare: a passport holder, whose birth date no ID number decides.
    const before = await h.rawItems();
    const body = individual({ idType: 'passport', idNumber: 'E23456781', ...dates });

    // Act
    const response = await h.call(callers.rm, 'POST', '/v1/customers', { body });

    // Assess
    expectProblem(response, 422, 'invalid-value');
    expect((response.json.errors as { path: string }[]).map((error) => error.path)).toEqual([field]);
    expect(await h.rawItems()).toHaveLength(before.length);
  });

  it('a PATCH birth date that contradicts the PRC ID on file is a 422 that changes nothing', async () => {
    // Prepare
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    const path = `/v1/customers/${customerId}`;

    // Act
    const contradicting = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { birthDate: '1990-01-01' },
    });
    const eventsAfterRefusal = await h.outboxEvents(customerId);
    // If-Match "1" still holds only if the refusal changed nothing.
    const agreeing = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { birthDate: '1985-03-12' },
    });

    // Assess
    expectProblem(contradicting, 422, 'birth-date-mismatch');
    expect(JSON.stringify(contradicting.body)).not.toContain('1990-01-01');
    expect(eventsAfterRefusal.map((event) => event.detailType)).toEqual(['CustomerRegistered']);
    expect(agreeing.status).toBe(200);
    expect(agreeing.json.version).toBe(2);
  });

  it.each([
    ['zero-width characters', '\u200b\u200c', 'validation'],
    ['a name with digits (a person’s name, checked once the record is known)', 'Robert3', 'invalid-value'],
  ])('an individual renamed to %s is a 422 that changes nothing', async (_case, name, code) => {
    // Prepare
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const path = `/v1/customers/${String(created.json.customerId)}`;

    // Act
    const response = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { name, evidenceRef: 'doc:1' },
    });
    const after = await h.call(callers.rm, 'GET', path);

    // Assess
    expectProblem(response, 422, code);
    expect(after.json.version).toBe(1);
    expect(after.json.name).toBe('张三丰');
  });

  it('a short passport and an unrecognised address are stored masked enough', async () => {
    // Prepare
    const body = individual({
      idType: 'passport',
      idNumber: 'E34567812',
      address: 'Flat 3, 12 Queen Street, Central',
      birthDate: '1985-03-12',
    });

    // Act
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${String(created.json.customerId)}`);

    // Assess
    expect(view.json.idNumber).toBe('E3******2');
    expect(view.json.address).toBe('***');
    expect(view.json.birthDate).toBe('****-**-**');
    expect(view.json.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('a masked form stored under the earlier rules is shown only as the rules in force mask it', async () => {
    // Prepare: a record whose masked forms were written before the rules hid enough.
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    await h.db.send(
      new UpdateCommand({
        TableName: h.tables.customers,
        Key: customerKey(customerId),
        UpdateExpression: 'SET masked.idNumber = :id, masked.birthDate = :birth, masked.address = :address',
        ExpressionAttributeValues: {
          ':id': '110***********1015',
          ':birth': '1985-**-**',
          ':address': 'Flat 3***',
        },
      }),
    );

    // Act
    const view = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`);

    // Assess
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({
      idNumber: '110**************5',
      birthDate: '****-**-**',
      address: '***',
    });
  });
});
