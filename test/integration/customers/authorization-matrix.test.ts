import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type ApiResponse,
  type Caller,
  type CallOptions,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { openDueReviews } from '../../support/customers-passes.js';

/**
 * The access matrix through the real API handler: every role of the harness against every
 * endpoint of the customers capability, on customers owned by rm-1 in branch BJ01. The expected
 * table is written out here, independently of shared/auth/policy.ts:
 * - single-record endpoints answer 404 when the record is outside what the caller may see
 *   (indistinguishable from a record that does not exist), and 403 when the caller can see the
 *   record but may not do this to it;
 * - collection endpoints answer 403 to a role that has no list at all.
 */

type RoleName = keyof typeof callers;
const ROLE_NAMES = Object.keys(callers) as RoleName[];

type Endpoint =
  | 'create'
  | 'list'
  | 'search'
  | 'read'
  | 'readFull'
  | 'patch'
  | 'audit'
  | 'consent'
  | 'preferences'
  | 'erasure'
  | 'listReviews'
  | 'completeReview';

/**
 * Role × endpoint → HTTP status. The service agent's column is without any case or search
 * grant. A role the policy never lets perform the route's action gets 403 before any lookup
 * (it learns nothing about ids); a role that may, on some records, gets 404 for a record
 * outside its scope, exactly as for one that does not exist.
 */
const EXPECTED: Record<Endpoint, Record<RoleName, number>> = {
  //                 rm   otherRm foreignRm supervisor foreignSup compliance agent analyst admin
  create: row(201, 403, 403, 201, 403, 403, 403, 403, 403),
  list: row(200, 200, 200, 200, 200, 200, 403, 403, 403),
  search: row(200, 200, 200, 200, 200, 200, 200, 403, 403),
  read: row(200, 404, 404, 200, 404, 200, 404, 403, 403),
  readFull: row(403, 404, 404, 403, 404, 200, 404, 403, 403),
  // Compliance sees every customer but may not edit one: 403, not 404.
  patch: row(200, 404, 404, 200, 404, 403, 403, 403, 403),
  audit: row(403, 403, 403, 200, 404, 200, 403, 403, 403),
  // Compliance sees every customer but may not record a consent: 403, not 404.
  consent: row(200, 404, 404, 200, 404, 403, 404, 403, 403),
  // Contact preferences are an update of the record (customer:update), as PATCH is.
  preferences: row(200, 404, 404, 200, 404, 403, 403, 403, 403),
  erasure: row(202, 404, 404, 202, 404, 202, 404, 403, 403),
  listReviews: row(200, 200, 200, 200, 200, 200, 403, 403, 403),
  completeReview: row(200, 404, 404, 200, 404, 403, 403, 403, 403),
};

/** Whether a successful list or search shows rm-1's customer (or review) to the role. */
const SEES: Record<'list' | 'search' | 'listReviews', Partial<Record<RoleName, boolean>>> = {
  list: {
    rm: true,
    otherRm: false,
    foreignRm: false,
    supervisor: true,
    foreignSupervisor: false,
    compliance: true,
  },
  search: {
    rm: true,
    otherRm: false,
    foreignRm: false,
    supervisor: true,
    foreignSupervisor: false,
    compliance: true,
    agent: true,
  },
  listReviews: {
    rm: true,
    otherRm: false,
    foreignRm: false,
    supervisor: true,
    foreignSupervisor: false,
    compliance: true,
  },
};

/** The service agent on a customer it found by search (time-limited grant). */
const AGENT_AFTER_SEARCH: Record<'read' | 'readFull' | 'patch' | 'audit' | 'consent' | 'erasure', number> = {
  read: 200,
  readFull: 403,
  // The agent may see the customer now, but not edit it: 403.
  patch: 403,
  audit: 403,
  consent: 200,
  erasure: 202,
};

function row(...statuses: number[]): Record<RoleName, number> {
  return Object.fromEntries(ROLE_NAMES.map((role, i) => [role, statuses[i] ?? 0])) as Record<
    RoleName,
    number
  >;
}

const MUTATING: ReadonlySet<Endpoint> = new Set(['patch', 'consent', 'preferences', 'erasure']);
const PURPOSE = 'AML investigation case-2026-17';

let harness: CustomersHarness;
/** The customer every read and every refused write targets; it must never change. */
let shared: { customerId: string; mobile: string };
/** Found by the search row (a search grants the agent access, so it is not `shared`). */
let searchTarget: { customerId: string; mobile: string };
let sharedReviewId: string;
/** The shared customer's version once set up (opening its review may have moved it). */
let sharedVersion: number;
/** Reviews the allowed completions close, one per role. */
const reviewsToComplete: Partial<Record<RoleName, string>> = {};

async function register(): Promise<{ customerId: string; mobile: string }> {
  const body = individual();
  const response = await harness.call(callers.rm, 'POST', '/v1/customers', { body });
  expect(response.status).toBe(201);
  return { customerId: String(response.json.customerId), mobile: String(body.mobile) };
}

function request(
  endpoint: Endpoint,
  customerId: string,
  reviewId: string,
): { method: string; path: string; opts: CallOptions } {
  const record = `/v1/customers/${customerId}`;
  switch (endpoint) {
    case 'create':
      return { method: 'POST', path: '/v1/customers', opts: { body: individual() } };
    case 'list':
      return { method: 'GET', path: '/v1/customers', opts: {} };
    case 'search':
      return {
        method: 'POST',
        path: '/v1/customers/search',
        opts: { body: { mobile: searchTarget.mobile } },
      };
    case 'read':
      return { method: 'GET', path: record, opts: {} };
    case 'readFull':
      return {
        method: 'GET',
        path: record,
        opts: { query: { view: 'full' }, headers: { 'X-Access-Purpose': PURPOSE } },
      };
    case 'patch':
      return {
        method: 'PATCH',
        path: record,
        // Fresh customers are at version 1; refused calls are refused before the version is compared.
        opts: { body: { occupation: 'teacher' }, headers: { 'If-Match': '"1"' } },
      };
    case 'audit':
      return { method: 'GET', path: `${record}/audit`, opts: {} };
    case 'consent':
      return {
        method: 'PUT',
        path: `${record}/consents/marketing`,
        // Like PATCH: fresh customers are at version 1, refused calls are refused before it counts.
        opts: { body: { granted: true, channels: ['sms'] }, headers: { 'If-Match': '"1"' } },
      };
    case 'preferences':
      return {
        method: 'PUT',
        path: `${record}/contact-preferences`,
        opts: { body: { preferredChannel: 'email' }, headers: { 'If-Match': '"1"' } },
      };
    case 'erasure':
      return {
        method: 'POST',
        path: `${record}/erasure-requests`,
        opts: { body: { basis: 'customer-request' } },
      };
    case 'listReviews':
      return { method: 'GET', path: '/v1/reviews', opts: {} };
    case 'completeReview':
      return {
        method: 'POST',
        path: `/v1/reviews/${reviewId}/complete`,
        opts: { body: { outcome: 'confirmed' } },
      };
  }
}

async function send(
  caller: Caller | undefined,
  endpoint: Endpoint,
  customerId: string,
  reviewId = sharedReviewId,
): Promise<ApiResponse> {
  const { method, path, opts } = request(endpoint, customerId, reviewId);
  return harness.call(caller, method, path, opts);
}

function expectProblem(response: ApiResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json.status).toBe(status);
}

function ids(response: ApiResponse, key: 'customerId'): string[] {
  const items = Array.isArray(response.json.items) ? (response.json.items as Record<string, unknown>[]) : [];
  return items.map((item) => String(item[key]));
}

beforeAll(async () => {
  harness = await customersHarness();
  shared = await register();
  searchTarget = await register();
  const reviewRm = await register();
  const reviewSupervisor = await register();

  // Seven months on, every customer above is due for its 6-monthly review.
  harness.clock.use(new ControlledClock(new Date(Date.now() + 7 * 31 * 24 * 3_600_000)));
  try {
    const { opened } = await openDueReviews(harness.deps, harness.jobItems('review-scan'));
    expect(opened).toBe(4);
  } finally {
    harness.clock.reset();
  }
  const listed = await harness.call(callers.compliance, 'GET', '/v1/reviews', { query: { limit: '100' } });
  const reviews = (listed.json.items ?? []) as { reviewId: string; customerId: string }[];
  const reviewOf = (customerId: string) =>
    reviews.find((review) => review.customerId === customerId)?.reviewId ?? '';
  sharedReviewId = reviewOf(shared.customerId);
  reviewsToComplete.rm = reviewOf(reviewRm.customerId);
  reviewsToComplete.supervisor = reviewOf(reviewSupervisor.customerId);
  expect([sharedReviewId, reviewsToComplete.rm, reviewsToComplete.supervisor]).not.toContain('');
  sharedVersion = Number((await send(callers.rm, 'read', shared.customerId)).json.version);
});

afterAll(() => {
  harness.clock.reset();
  harness?.close();
});

describe.each(Object.keys(EXPECTED) as Endpoint[])('%s', (endpoint) => {
  it.each(ROLE_NAMES)('as %s', async (role) => {
    const expected = EXPECTED[endpoint][role];
    const allowed = expected < 300;
    // An allowed write gets a customer (or review) of its own; a refused one targets `shared`.
    const customerId = allowed && MUTATING.has(endpoint) ? (await register()).customerId : shared.customerId;
    const reviewId =
      endpoint === 'completeReview' && allowed ? (reviewsToComplete[role] ?? '') : sharedReviewId;

    const response = await send(callers[role], endpoint, customerId, reviewId);

    if (allowed) {
      expect(response.status, JSON.stringify(response.json)).toBe(expected);
    } else {
      expectProblem(response, expected);
    }
    if (allowed && (endpoint === 'list' || endpoint === 'search' || endpoint === 'listReviews')) {
      const target = endpoint === 'search' ? searchTarget.customerId : shared.customerId;
      expect(ids(response, 'customerId').includes(target)).toBe(SEES[endpoint][role]);
    }
  });
});

describe('what the allowed single-record reads show', () => {
  it('shows the RM and the supervisor the full name, everything else masked', async () => {
    for (const role of ['rm', 'supervisor'] as const) {
      const response = await send(callers[role], 'read', shared.customerId);

      expect(response.json).toMatchObject({ view: 'masked', name: '张三丰' });
      expect(String(response.json.mobile)).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
  });

  it('shows the compliance officer masked forms, and everything with a stated purpose', async () => {
    const masked = await send(callers.compliance, 'read', shared.customerId);
    const full = await send(callers.compliance, 'readFull', shared.customerId);

    expect(masked.json.name).toBe('张**');
    expect(full.json).toMatchObject({ view: 'full', name: '张三丰', mobile: shared.mobile });
  });

  it('refuses an unmasked read without a purpose even to compliance', async () => {
    const response = await harness.call(callers.compliance, 'GET', `/v1/customers/${shared.customerId}`, {
      query: { view: 'full' },
    });

    expectProblem(response, 400);
  });
});

describe('a record outside the caller’s scope', () => {
  it('is answered exactly like a record that does not exist', async () => {
    const hidden = await send(callers.otherRm, 'read', shared.customerId);
    const missing = await send(callers.otherRm, 'read', 'cus_00000000000000000000000000');

    expectProblem(hidden, 404);
    expectProblem(missing, 404);
    const { instance: _a, requestId: _b, ...hiddenBody } = hidden.json;
    const { instance: _c, requestId: _d, ...missingBody } = missing.json;
    expect(hiddenBody).toEqual(missingBody);
  });
});

describe('the service agent', () => {
  let found: { customerId: string; mobile: string };
  const agentEndpoints = Object.keys(AGENT_AFTER_SEARCH) as (keyof typeof AGENT_AFTER_SEARCH)[];

  beforeAll(async () => {
    found = await register();
  });

  it.each(agentEndpoints)(
    'gets 404 on %s before finding the customer (403 where it never may)',
    async (endpoint) => {
      const never = endpoint === 'patch' || endpoint === 'audit';
      expectProblem(await send(callers.agent, endpoint, found.customerId), never ? 403 : 404);
    },
  );

  it('finds the customer by search and may then act on it within its grant', async () => {
    const search = await harness.call(callers.agent, 'POST', '/v1/customers/search', {
      body: { mobile: found.mobile },
    });
    expect(search.status).toBe(200);
    expect(ids(search, 'customerId')).toEqual([found.customerId]);

    // In the table's order: reads first, then consent, then erasure (which restricts the record).
    const statuses: Partial<Record<keyof typeof AGENT_AFTER_SEARCH, number>> = {};
    for (const endpoint of agentEndpoints) {
      statuses[endpoint] = (await send(callers.agent, endpoint, found.customerId)).status;
    }
    expect(statuses).toEqual(AGENT_AFTER_SEARCH);
    const read = await send(callers.agent, 'read', found.customerId);
    expect(read.json.name).toBe('张三丰');
    expect(read.json.mobile).not.toBe(found.mobile);
  });

  it('still has no customer list after a search', async () => {
    expectProblem(await send(callers.agent, 'list', found.customerId), 403);
  });

  it('loses access when the grant expires', async () => {
    const later = new ControlledClock(new Date(Date.now() + 9 * 3_600_000));
    harness.clock.use(later);
    try {
      expectProblem(await send(callers.agent, 'read', found.customerId), 404);
    } finally {
      harness.clock.reset();
    }
  });

  it('is not granted access to another customer by that search', async () => {
    expectProblem(await send(callers.agent, 'read', shared.customerId), 404);
  });
});

describe('without a token', () => {
  it.each(Object.keys(EXPECTED) as Endpoint[])('%s answers 401', async (endpoint) => {
    const response = await send(undefined, endpoint, shared.customerId);

    expectProblem(response, 401);
  });
});

describe('refused calls', () => {
  it('left the shared customer unchanged', async () => {
    const response = await send(callers.rm, 'read', shared.customerId);

    expect(response.json).toMatchObject({
      version: sharedVersion,
      occupation: 'engineer',
      restricted: false,
      consents: {},
    });
    expect(response.headers.etag).toBe(`"${sharedVersion}"`);
  });
});
