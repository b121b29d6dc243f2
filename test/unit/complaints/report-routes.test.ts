import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { reportRouteHandlers } from '../../../functions/complaints/api/report-handlers.js';
import {
  complaintReportExample,
  complaintReportRoutes,
  complaintReportSchema,
} from '../../../functions/complaints/api/report-routes.js';
import type { Complaint } from '../../../functions/complaints/domain/model.js';
import { complaintsPolicy } from '../../../functions/complaints/policy.js';
import { ROLES, type Role } from '../../../shared/auth/types.js';
import { createHttpApi, type HttpApiHandler } from '../../../shared/http/api-handler.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';

const NOW = new Date('2026-03-01T02:00:00.000Z');

function fakeAuthorizer(event: APIGatewayProxyEventV2) {
  const role = ROLES.find((known) => known === event.headers['x-test-role']);
  if (role === undefined) throw new UnauthorizedError();
  return { sub: `user-${role}`, role, branch: event.headers['x-test-branch'], scopes: [] };
}

function received(complaintId: string, branch: string, receivedAt: string): Complaint {
  return {
    complaintId,
    version: 1,
    customerId: `cus-${complaintId}`,
    branch,
    rmId: 'rm-1',
    queue: branch,
    channel: 'phone',
    category: 'fees',
    priority: 'normal',
    priorityFactors: [],
    status: 'awaiting-acknowledgement',
    receivedAt,
    createdAt: receivedAt,
    createdBy: 'agent-1',
    productIds: [],
    vulnerableCustomer: false,
    newFacts: false,
    representativeCount: 0,
    repeats: [],
    clock: { receivedAt, pauses: [], approvedExtensions: [] },
    deadlines: [],
    breaches: [],
    extensions: [],
    textErased: false,
  };
}

/** The store's two report reads over a fixed set: complaints in [from, to) of a branch, customers per branch. */
class ReportStore {
  readonly asked: { from: string; to: string; branch: string | undefined }[] = [];
  readonly complaints = [
    received('c1', 'BJ01', '2026-01-31T16:00:00.000Z'),
    received('c2', 'BJ01', '2026-02-10T00:00:00.000Z'),
    received('c3', 'SH01', '2026-02-11T00:00:00.000Z'),
    // 1 March 00:00 in Beijing: outside a February report.
    received('c4', 'SH01', '2026-02-28T16:00:00.000Z'),
  ];
  readonly customers: Record<string, number> = { BJ01: 4000, SH01: 1000 };

  async receivedBetween(from: string, to: string, branch?: string): Promise<Complaint[]> {
    this.asked.push({ from, to, branch });
    return this.complaints.filter(
      (c) => c.receivedAt >= from && c.receivedAt < to && (branch === undefined || c.branch === branch),
    );
  }

  async customerCount(branch?: string): Promise<number> {
    return branch === undefined
      ? Object.values(this.customers).reduce((a, b) => a + b, 0)
      : (this.customers[branch] ?? 0);
  }
}

interface Caller {
  readonly role: Role;
  readonly branch?: string;
}

const FEBRUARY = { from: '2026-02-01', to: '2026-02-28' };

describe('GET /v1/complaints/report', () => {
  let store: ReportStore;
  let api: HttpApiHandler;
  let quiet: MockInstance[];

  function report(
    caller: Caller,
    query: Record<string, string>,
    accept?: string,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const headers: Record<string, string> = { 'x-test-role': caller.role };
    if (caller.branch !== undefined) headers['x-test-branch'] = caller.branch;
    if (accept !== undefined) headers.accept = accept;
    return api(httpEvent({ method: 'GET', path: '/v1/complaints/report', headers, query }), lambdaContext());
  }

  beforeEach(() => {
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    store = new ReportStore();
    api = createHttpApi(reportRouteHandlers({ store, clock: new ControlledClock(NOW) }), {
      policy: complaintsPolicy,
      authorize: fakeAuthorizer,
    });
  });

  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('gives the complaints unit every branch, counting whole Beijing days, per 10,000 customers', async () => {
    // Act
    const response = await report({ role: 'complaints-manager' }, FEBRUARY);

    // Assess
    expect(response.statusCode).toBe(200);
    const body = z.parse(complaintReportSchema, jsonBody(response));
    expect(store.asked).toEqual([
      { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z', branch: undefined },
    ]);
    // c1, c2, c3 over 5,000 customers: 6 per 10,000.
    expect(body).toMatchObject({ received: 3, byBranch: { BJ01: 2, SH01: 1 }, customers: 5000 });
    expect(body.perTenThousandCustomers).toBe(6);
    expect(body.branch).toBeUndefined();
  });

  it.each<Role>(['compliance-officer', 'analyst', 'complaints-manager'])(
    'lets %s limit the report to one branch',
    async (role) => {
      // Act
      const body = jsonBody(await report({ role }, { ...FEBRUARY, branch: 'SH01' }));

      // Assess: c3 only, over SH01's 1,000 customers.
      expect(body).toMatchObject({
        branch: 'SH01',
        received: 1,
        customers: 1000,
        perTenThousandCustomers: 10,
      });
    },
  );

  it('gives a supervisor their own branch, asked or not', async () => {
    // Act
    const unasked = jsonBody(await report({ role: 'supervisor', branch: 'BJ01' }, FEBRUARY));
    const asked = jsonBody(
      await report({ role: 'supervisor', branch: 'BJ01' }, { ...FEBRUARY, branch: 'BJ01' }),
    );

    // Assess
    expect(unasked).toMatchObject({ branch: 'BJ01', received: 2, byBranch: { BJ01: 2 } });
    expect(asked).toEqual(unasked);
  });

  it('refuses a supervisor another branch, or no branch at all, with 403 and reads nothing', async () => {
    // Act
    const other = await report({ role: 'supervisor', branch: 'BJ01' }, { ...FEBRUARY, branch: 'SH01' });
    const none = await report({ role: 'supervisor' }, FEBRUARY);

    // Assess
    expect(other.statusCode).toBe(403);
    expect(jsonBody(other).code).toBe('branch-out-of-scope');
    expect(none.statusCode).toBe(403);
    expect(store.asked).toEqual([]);
  });

  it.each<Role>(['relationship-manager', 'service-agent', 'admin'])('refuses %s with 403', async (role) => {
    // Act
    const response = await report({ role, branch: 'BJ01' }, FEBRUARY);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(store.asked).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['no period', {}],
    ['a date that is not one', { from: '2026-02-30', to: '2026-03-01' }],
    ['a time instead of a date', { from: '2026-02-01T00:00:00Z', to: '2026-02-28' }],
    ['an unknown parameter', { ...FEBRUARY, customerId: 'cus-1' }],
    ['a branch that is not an id', { ...FEBRUARY, branch: 'Beijing branch' }],
    ['a reversed period', { from: '2026-02-28', to: '2026-02-01' }],
    ['more than 366 days', { from: '2025-01-01', to: '2026-01-02' }],
  ])('answers %s with 422, reading nothing and echoing nothing', async (_, query) => {
    // Act
    const response = await report({ role: 'analyst' }, query);

    // Assess
    expect(response.statusCode).toBe(422);
    expect(store.asked).toEqual([]);
    expect(response.body).not.toContain('Beijing branch');
  });

  it('takes a period of exactly 366 days', async () => {
    // Act
    const response = await report({ role: 'analyst' }, { from: '2025-03-01', to: '2026-03-01' });

    // Assess
    expect(response.statusCode).toBe(200);
  });

  it('answers Accept: text/csv with the same figures as CSV', async () => {
    // Act
    const response = await report({ role: 'complaints-manager' }, FEBRUARY, 'text/csv');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/csv/);
    const lines = (response.body ?? '').split('\r\n');
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toContain('summary,received,3');
    expect(lines).toContain('branch,SH01,1');
    expect(lines).toContain('summary,perTenThousandCustomers,6');
  });

  it('answers JSON when the client prefers it over CSV', async () => {
    // Act
    const response = await report(
      { role: 'complaints-manager' },
      FEBRUARY,
      'application/json, text/csv;q=0.5',
    );

    // Assess
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(jsonBody(response).received).toBe(3);
  });

  it('documents an example the response schema takes, and its CSV form', () => {
    const answer = complaintReportRoutes.complaintsReport.responses[200];

    expect(z.parse(complaintReportSchema, complaintReportExample)).toEqual(complaintReportExample);
    expect(answer?.textForms?.[0]?.mediaType).toBe('text/csv');
    expect(answer?.textForms?.[0]?.example.split('\r\n')).toContain('summary,received,4');
  });
});
