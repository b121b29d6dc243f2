import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { searcherSubject } from '../../../functions/customers/service/search-guard.js';
import { type AuditRecord, auditRecordFromItem, verifyChain } from '../../../shared/audit/index.js';
import { metrics } from '../../../shared/observability/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type ApiResponse,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/** A problem without what differs on every request (its request id and path). */
function problemOf(response: ApiResponse): Record<string, unknown> {
  const { instance: _instance, requestId: _requestId, ...problem } = response.json;
  return problem;
}

// Small limits, so the attack needs a handful of requests, not thousands (docs/domain-rules.md §4.6).
const LIMITS = { searchesPerWindow: 3, searchWindowMinutes: 5, searchLockoutMinutes: 30 };

describe('lookups by personal data are limited, audited and answer alike in and out of scope', () => {
  let h: CustomersHarness;
  let clock: ControlledClock;

  beforeAll(async () => {
    h = await customersHarness({ policies: LIMITS });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.clock.reset();
    vi.restoreAllMocks();
  });

  async function searchChain(sub: string): Promise<AuditRecord[]> {
    const { Items = [] } = await h.db.send(
      new QueryCommand({
        TableName: h.tables.audit,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': searcherSubject(sub) },
      }),
    );
    return Items.map(auditRecordFromItem);
  }

  it('locks a caller out of search after the limit of a window (429, Retry-After, metric, audit); another caller searches on', async () => {
    // Start at the beginning of a window, so the searches below all fall in it.
    clock = new ControlledClock(new Date('2030-01-07T09:00:00Z'));
    h.clock.use(clock);
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const target = individual({ branch: 'SH01', rmId: 'rm-9' });
    expect((await h.call(callers.foreignRm, 'POST', '/v1/customers', { body: target })).status).toBe(201);
    const guesses = ['13800000001', '13800000002', '13800000003', '13800000004', String(target.mobile)];
    const searcher = callers.supervisor;

    const answers: ApiResponse[] = [];
    for (const mobile of guesses) {
      answers.push(await h.call(searcher, 'POST', '/v1/customers/search', { body: { mobile } }));
    }
    const other = await h.call(callers.otherRm, 'POST', '/v1/customers/search', {
      body: { mobile: String(target.mobile) },
    });

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[3];
    expect(refused?.headers['retry-after']).toBe(String(LIMITS.searchLockoutMinutes * 60));
    expect(refused?.headers['content-type']).toContain('application/problem+json');
    expect(refused?.json.code).toBe('search-limit');
    // The right guess, made while locked out, learns nothing.
    expect(problemOf(answers[4] as ApiResponse)).toEqual(problemOf(refused as ApiResponse));
    expect(JSON.stringify(answers.map((answer) => answer.json))).not.toContain(String(target.mobile));
    expect(other.status).toBe(200);
    expect(addMetric.mock.calls.filter(([name]) => name === 'SearchLockouts')).toHaveLength(1);

    const chain = await searchChain(searcher.sub);
    expect(chain.map((record) => record.action)).toEqual([
      'search.answered',
      'search.answered',
      'search.answered',
      'search.locked-out',
      'search.refused',
    ]);
    expect(chain[0]).toMatchObject({
      actor: searcher.sub,
      role: 'supervisor',
      fields: ['mobile', 'results.count-0'],
    });
    expect(verifyChain(chain).valid).toBe(true);
    for (const mobile of guesses) expect(JSON.stringify(chain)).not.toContain(mobile);

    // The lockout ends: the caller may search again, and the window starts over.
    clock.advance(LIMITS.searchLockoutMinutes * 60_000);
    const after = await h.call(searcher, 'POST', '/v1/customers/search', {
      body: { mobile: String(target.mobile) },
    });
    expect(after.status).toBe(200);
    expect(after.json.items).toEqual([]);
    expect((await searchChain(searcher.sub)).at(-1)?.fields).toEqual(['mobile', 'results.count-0']);
  });

  it('audits a search that finds someone with how many it answered, never the value', async () => {
    const body = individual();
    await h.call(callers.rm, 'POST', '/v1/customers', { body });
    const found = await h.call(callers.rm, 'POST', '/v1/customers/search', {
      body: { idType: 'prc-id', idNumber: body.idNumber },
    });

    expect(found.status).toBe(200);
    expect(found.json.items).toHaveLength(1);
    const chain = await searchChain(callers.rm.sub);
    expect(chain.at(-1)).toMatchObject({
      action: 'search.answered',
      fields: ['idNumber', 'results.count-1'],
    });
    expect(JSON.stringify(chain)).not.toContain(String(body.idNumber));
  });

  it('answers a duplicate identity document alike in and out of scope, and opens a back-office check only out of scope', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const held = individual();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: held });
    const customerId = String(created.json.customerId);
    const copy = (overrides: Record<string, unknown>) => ({
      ...individual(overrides),
      idNumber: held.idNumber,
    });

    const inScope = await h.call(callers.rm, 'POST', '/v1/customers', { body: copy({}) });
    const afterInScope = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);
    const outOfScope = await h.call(callers.foreignRm, 'POST', '/v1/customers', {
      body: copy({ branch: 'SH01', rmId: 'rm-9' }),
    });
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);

    expect(created.status).toBe(201);
    expect(inScope.status).toBe(409);
    expect(outOfScope.status).toBe(409);
    expect(problemOf(outOfScope)).toEqual(problemOf(inScope));
    expect(outOfScope.json.code).toBe('identity-document-refused');
    expect(JSON.stringify(outOfScope.json)).not.toContain(customerId);
    expect(JSON.stringify(outOfScope.json)).not.toContain(String(held.idNumber));
    const actions = (body: Record<string, unknown>) =>
      (body.records as { action: string }[]).map((record) => record.action);
    expect(actions(afterInScope.json)).toEqual(['customer.created']);
    // The first read of the trail is itself recorded (audit.read) before the referral.
    expect(actions(trail.json)).toEqual(['customer.created', 'audit.read', 'registration.referred']);
    expect((trail.json.records as AuditRecord[])[2]).toMatchObject({
      actor: callers.foreignRm.sub,
      role: 'relationship-manager',
      fields: ['idNumber'],
    });
    expect(trail.json.chain).toMatchObject({ valid: true, length: 3 });
    expect(addMetric.mock.calls.filter(([name]) => name === 'RegistrationsReferred')).toHaveLength(1);
  });

  it('answers an identity-document change to another branch’s customer’s document as a registration, with the check', async () => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const held = individual({ branch: 'SH01', rmId: 'rm-9' });
    const created = await h.call(callers.foreignRm, 'POST', '/v1/customers', { body: held });
    const own = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const changed = await h.call(callers.rm, 'PATCH', `/v1/customers/${own.json.customerId}`, {
      headers: { 'if-match': '"1"' },
      body: { idType: 'prc-id', idNumber: held.idNumber, evidenceRef: 'DOC-1' },
    });
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${created.json.customerId}/audit`);

    expect(own.status).toBe(201);
    expect(changed.status).toBe(409);
    expect(changed.json.code).toBe('identity-document-refused');
    expect((trail.json.records as AuditRecord[]).map((record) => record.action)).toEqual([
      'customer.created',
      'registration.referred',
    ]);
    expect(addMetric.mock.calls.filter(([name]) => name === 'RegistrationsReferred')).toHaveLength(1);
  });

  it('answers every customer route alike for a customer outside the caller’s scope and for none at all', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const theirs = String(created.json.customerId);
    // Same shape and length as a real id, never issued.
    const missing = `cus_${'0'.repeat(theirs.length - 4)}`;
    const requests = (id: string) =>
      [
        ['GET', `/v1/customers/${id}`, {}],
        ['PATCH', `/v1/customers/${id}`, { body: { occupation: 'teacher' }, headers: { 'if-match': '"1"' } }],
        ['GET', `/v1/customers/${id}/audit`, {}],
        [
          'PUT',
          `/v1/customers/${id}/consents/marketing`,
          { body: { granted: true, channels: ['sms'] }, headers: { 'if-match': '"1"' } },
        ],
        ['POST', `/v1/customers/${id}/erasure-requests`, { body: { basis: 'customer-request' } }],
      ] as const;
    // A supervisor of another branch may read audit trails and write consents in their own branch.
    const outsider = callers.foreignSupervisor;

    for (const [index, [method, path, options]] of requests(theirs).entries()) {
      const [, missingPath] = requests(missing)[index] ?? [];
      const notYours = await h.call(outsider, method, path, options);
      const notThere = await h.call(outsider, method, String(missingPath), options);

      expect(notYours.status, `${method} ${path}`).toBe(404);
      expect(notThere.status, `${method} ${path}`).toBe(404);
      // Byte for byte, once the request id and the path (the caller's own input) are set aside.
      const { 'x-request-id': _a, ...yoursHeaders } = notYours.headers;
      const { 'x-request-id': _b, ...thereHeaders } = notThere.headers;
      expect(yoursHeaders).toEqual(thereHeaders);
      expect(JSON.stringify(problemOf(notYours))).toBe(JSON.stringify(problemOf(notThere)));
    }
  });

  it('refuses an idempotent replay once the caller lost access, whether the customer or the caller moved', async () => {
    const body = individual();
    const headers = { 'idempotency-key': 'oracle-replay-0001' };
    const first = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });
    const customerId = String(first.json.customerId);
    // The same person (sub) now holds another book: their token says so.
    const movedCaller = { ...callers.rm, rmId: 'rm-5' };

    const replayByMovedCaller = await h.call(movedCaller, 'POST', '/v1/customers', { body, headers });
    await h.call(callers.supervisor, 'PATCH', `/v1/customers/${customerId}`, {
      headers: { 'if-match': '"1"' },
      body: { rmId: 'rm-2' },
    });
    const replayAfterCustomerMoved = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });

    expect(first.status).toBe(201);
    for (const replay of [replayByMovedCaller, replayAfterCustomerMoved]) {
      expect([403, 404]).toContain(replay.status);
      expect(replay.headers['idempotent-replayed']).toBeUndefined();
      expect(JSON.stringify(replay.json)).not.toContain(customerId);
      expect(JSON.stringify(replay.json)).not.toContain(String(body.name));
    }
  });
});
