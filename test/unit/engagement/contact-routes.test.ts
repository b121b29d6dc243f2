import { describe, expect, it } from 'vitest';
import type { TestCaller } from '../../support/route-caller.js';
import { contactPathFixture, contactsApi, knownCustomer, NOW } from './contact-fakes.js';

const RM: TestCaller = { sub: 'user-rm7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const OTHER_RM: TestCaller = { sub: 'user-rm8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const SUPERVISOR: TestCaller = { sub: 'user-sup', role: 'supervisor', branch: 'BJ01' };
const OTHER_SUPERVISOR: TestCaller = { sub: 'user-sup2', role: 'supervisor', branch: 'SH01' };
const COMPLIANCE: TestCaller = { sub: 'user-cmp', role: 'compliance-officer' };

const PATH = '/v1/customers/cus-1/contacts';
const body = {
  purpose: 'marketing',
  templateId: 'spring-offer',
  parameters: { offer: 'SPRING26' },
  latestAt: new Date(NOW.getTime() + 30 * 86_400_000).toISOString(),
};

function fixture() {
  const base = contactPathFixture();
  knownCustomer(base.facts);
  return { ...base, call: contactsApi(base.deps) };
}

describe('POST /v1/customers/{customerId}/contacts', () => {
  it('decides the request at once and answers the decision with its rule', async () => {
    // Arrange
    const { call, store } = fixture();

    // Act
    const response = await call(RM, 'POST', PATH, { body });

    // Assess
    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      contactId: expect.stringMatching(/^con_/),
      outcome: 'sent',
      rule: 'allowed',
      channel: 'sms',
    });
    expect(store.of('cus-1')[0]).toMatchObject({
      requestedBy: 'user-rm7',
      parameters: { offer: 'SPRING26' },
    });
  });

  it('replays the first decision for a repeated Idempotency-Key and decides nothing again', async () => {
    // Arrange
    const { call, store } = fixture();
    const headers = { 'idempotency-key': 'campaign-0001' };
    const first = await call(RM, 'POST', PATH, { body, headers });

    // Act
    const again = await call(RM, 'POST', PATH, { body, headers });

    // Assess
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(store.writes).toBe(1);
  });

  it('refuses the same Idempotency-Key with another body with a 409, deciding nothing', async () => {
    // Arrange
    const { call, store } = fixture();
    const headers = { 'idempotency-key': 'campaign-0002' };
    await call(RM, 'POST', PATH, { body, headers });

    // Act
    const reused = await call(RM, 'POST', PATH, {
      body: { ...body, parameters: { offer: 'OTHER' } },
      headers,
    });
    const otherCaller = await call(SUPERVISOR, 'POST', PATH, {
      body: { ...body, parameters: { offer: 'OTHER' } },
      headers,
    });

    // Assess
    expect(reused.status).toBe(409);
    expect(reused.json).toMatchObject({ code: 'idempotency-key-reused' });
    expect(otherCaller.status).toBe(202);
    expect(store.writes).toBe(2);
  });

  it('refuses parameters that do not fit the template with a 422 that writes nothing and echoes no value', async () => {
    // Arrange
    const { call, store } = fixture();

    // Act
    const mobile = await call(RM, 'POST', PATH, { body: { ...body, parameters: { offer: '13812345678' } } });
    const missing = await call(RM, 'POST', PATH, { body: { ...body, parameters: {} } });
    const unknown = await call(RM, 'POST', PATH, { body: { ...body, templateId: 'no-such-template' } });

    // Assess
    expect([mobile.status, missing.status, unknown.status]).toEqual([422, 422, 422]);
    expect(mobile.json).toMatchObject({
      code: 'template-parameters',
      errors: [{ path: 'parameters.offer' }],
    });
    expect(JSON.stringify(mobile.json)).not.toContain('13812345678');
    expect(unknown.json).toMatchObject({ code: 'unknown-template' });
    expect(store.writes).toBe(0);
  });

  it('answers 404 for a customer outside the caller’s book or branch, as for one engagement does not know', async () => {
    // Arrange
    const { call, store } = fixture();

    // Act
    const otherBook = await call(OTHER_RM, 'POST', PATH, { body });
    const otherBranch = await call(OTHER_SUPERVISOR, 'POST', PATH, { body });
    const unknown = await call(RM, 'POST', '/v1/customers/cus-unknown/contacts', { body });

    // Assess
    for (const response of [otherBook, otherBranch, unknown]) {
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ code: 'customer-not-found' });
    }
    expect(store.writes).toBe(0);
  });

  it('is not for compliance, who only read the history', async () => {
    // Arrange
    const { call } = fixture();

    // Act
    const response = await call(COMPLIANCE, 'POST', PATH, { body });

    // Assess
    expect(response.status).toBe(403);
  });
});

describe('GET /v1/customers/{customerId}/contacts', () => {
  it('lists the contacts newest first with every decision and its rule, page by page', async () => {
    // Arrange: two sent, one deferred by the marketing cap.
    const { call } = fixture();
    for (let index = 0; index < 3; index += 1) await call(RM, 'POST', PATH, { body });

    // Act
    const first = await call(SUPERVISOR, 'GET', PATH, { query: { limit: '2' } });
    const second = await call(COMPLIANCE, 'GET', PATH, {
      query: { limit: '2', cursor: String(first.json.cursor) },
    });

    // Assess
    expect(first.status).toBe(200);
    const items = [...(first.json.items as unknown[]), ...(second.json.items as unknown[])];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      status: 'deferred',
      rule: 'marketing-cap',
      decisions: [{ outcome: 'deferred', rule: 'marketing-cap', at: NOW.toISOString() }],
      parameters: { offer: 'SPRING26' },
      requestedBy: 'user-rm7',
    });
    expect(items[2]).toMatchObject({ status: 'sent', rule: 'allowed', channel: 'sms', templateVersion: 2 });
    expect(items[0]).not.toHaveProperty('customerId');
    expect(second.json.cursor).toBeUndefined();
  });

  it('answers 404 for a customer outside the caller’s scope', async () => {
    // Arrange
    const { call } = fixture();

    // Act
    const response = await call(OTHER_RM, 'GET', PATH);

    // Assess
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ code: 'customer-not-found' });
  });
});
