import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemDocumentSchema, validationProblemSchema } from '../../../shared/http/problem-schema.js';
import { expectSchema } from '../../support/contract.js';
import {
  type ApiResponse,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/** Asserts an RFC 9457 response: its status, media type and a body that fits the problem schema. */
function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const problem = expectSchema(
    status === 422 ? validationProblemSchema : problemDocumentSchema,
    response.body,
  );
  expect(problem.status).toBe(status);
  if (code !== undefined) expect(problem.code).toBe(code);
  return problem;
}

/** The refusals of the customers API, one per status it produces, parsed as problem documents. */
describe('customers API refusals fit the problem schema', () => {
  let h: CustomersHarness;
  let customerId: string;
  let path: string;

  beforeAll(async () => {
    h = await customersHarness();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    customerId = String(created.json.customerId);
    path = `/v1/customers/${customerId}`;
  });
  afterAll(() => h.close());

  it('400: malformed JSON, a malformed If-Match, a forged cursor, a reveal without a purpose', async () => {
    // Act
    const json = await h.call(callers.rm, 'POST', '/v1/customers', { rawBody: '{"type":' });
    const ifMatch = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': 'latest' },
      body: { occupation: 'x' },
    });
    const cursor = await h.call(callers.rm, 'GET', '/v1/customers', {
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    const purpose = await h.call(callers.compliance, 'GET', path, { query: { view: 'full' } });

    // Assess
    expectProblem(json, 400, 'malformed-json');
    expectProblem(ifMatch, 400, 'malformed-if-match');
    expectProblem(cursor, 400, 'invalid-cursor');
    expectProblem(purpose, 400, 'access-purpose-required');
  });

  it('401 without a verified caller, with WWW-Authenticate', async () => {
    // Act
    const response = await h.call(undefined, 'GET', path);

    // Assess
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('403: a role without a list, and a reveal by a role that may only read', async () => {
    // Act
    const list = await h.call(callers.analyst, 'GET', '/v1/customers');
    const reveal = await h.call(callers.rm, 'GET', path, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'curiosity' },
    });

    // Assess
    expectProblem(list, 403, 'access-denied');
    expectProblem(reveal, 403, 'access-denied');
  });

  it('404 for a customer outside the caller’s book, with the request path as instance', async () => {
    // Act
    const response = await h.call(callers.otherRm, 'GET', path);

    // Assess
    expect(expectProblem(response, 404, 'not-found').instance).toBe(path);
  });

  it('405 with Allow for a method the path does not have', async () => {
    // Act
    const response = await h.call(callers.rm, 'DELETE', path);

    // Assess
    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.allow).toBe('GET, PATCH');
  });

  it('409 for an identity document registered already', async () => {
    // Prepare
    const body = individual();
    await h.call(callers.rm, 'POST', '/v1/customers', { body });

    // Act
    const response = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: { ...body, mobile: '13700000000' },
    });

    // Assess
    expectProblem(response, 409, 'identity-document-refused');
  });

  it('412 stale-version for a stale If-Match, 428 without one, on PATCH and consent PUT alike', async () => {
    // Act
    const stale = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"9"' },
      body: { occupation: 'x' },
    });
    const missing = await h.call(callers.rm, 'PATCH', path, { body: { occupation: 'x' } });
    const staleConsent = await h.call(callers.rm, 'PUT', `${path}/consents/marketing`, {
      headers: { 'if-match': '"9"' },
      body: { granted: false },
    });
    const missingConsent = await h.call(callers.rm, 'PUT', `${path}/consents/marketing`, {
      body: { granted: false },
    });

    // Assess: a consent is an update of the customer, refused with the same problems.
    expectProblem(stale, 412, 'stale-version');
    expectProblem(missing, 428, 'precondition-required');
    expectProblem(staleConsent, 412, 'stale-version');
    expectProblem(missingConsent, 428, 'precondition-required');
  });

  it('412 stale-version for a weak If-Match, even one quoting the current version (strong comparison)', async () => {
    // Prepare
    const before = await h.call(callers.rm, 'GET', path);

    // Act
    const weak = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': `W/${before.headers.etag}` },
      body: { occupation: 'x' },
    });
    const after = await h.call(callers.rm, 'GET', path);

    // Assess
    expect(expectProblem(weak, 412, 'stale-version').detail).toContain('weak');
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.json.occupation).toBe(before.json.occupation);
  });

  it('404, not 412, for a weak If-Match on a customer outside the caller’s book', async () => {
    // Act
    const weak = await h.call(callers.otherRm, 'PATCH', path, {
      headers: { 'if-match': 'W/"1"' },
      body: { occupation: 'x' },
    });

    // Assess: the precondition is evaluated only where the request could otherwise succeed.
    expectProblem(weak, 404, 'not-found');
  });

  it('413 for a body over 64 KiB, 415 for a body that is not JSON', async () => {
    // Act
    const large = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: individual({ occupation: 'x'.repeat(70_000) }),
    });
    const text = await h.call(callers.rm, 'POST', '/v1/customers', {
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expectProblem(large, 413, 'payload-too-large');
    expectProblem(text, 415, 'unsupported-media-type');
  });

  it('422 naming mobile and idNumber for a search with both or neither', async () => {
    // Act
    const both = await h.call(callers.rm, 'POST', '/v1/customers/search', {
      body: { mobile: '13800138000', idNumber: '11010519491231002X' },
    });
    const neither = await h.call(callers.rm, 'POST', '/v1/customers/search', { body: {} });

    // Assess
    expect(expectProblem(both, 422, 'validation').errors).toEqual([
      { path: '', message: 'give mobile or idNumber, not both' },
    ]);
    expect(expectProblem(neither, 422, 'validation').errors).toEqual([
      { path: '', message: 'give one of mobile or idNumber' },
    ]);
  });

  it('422 with errors: for the schema, and for a business rule on the request', async () => {
    // Act
    const schema = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: individual({ mobile: '12345', password: 'secret' }),
    });
    const rule = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { name: '张三' },
    });

    // Assess
    const errors = expectProblem(schema, 422, 'validation').errors ?? [];
    expect(errors.map((error) => error.path)).toEqual(expect.arrayContaining(['mobile', 'password']));
    expect(expectProblem(rule, 422, 'evidence-required').errors).toEqual([
      { path: 'evidenceRef', message: 'a change of name needs an evidenceRef' },
    ]);
  });
});
