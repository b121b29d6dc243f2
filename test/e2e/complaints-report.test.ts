import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintReportSchema } from '../../functions/complaints/api/report-routes.js';
import * as z from '../../shared/zod.js';
import { prcId } from '../support/customers-harness.js';
import { devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

/**
 * The complaints report end to end in the local cloud: complaints taken through the API for
 * customers registered through the customers API, then the report as JSON and as CSV, scoped by
 * role, with no personal information in either.
 */
describe('the complaints report in the local cloud', () => {
  let cloud: TestCloud;
  const tokens: Record<string, string> = {};
  const customerIds: string[] = [];

  async function call(role: string, path: string, init: RequestInit = {}) {
    return fetch(`${cloud.apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokens[role] ?? ''}`, ...(init.headers ?? {}) },
    });
  }

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    const identities = {
      rm: { sub: 'rep-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-rep' },
      agent: { sub: 'rep-agent', role: 'service-agent', branch: 'BJ01' },
      supervisor: { sub: 'rep-sup', role: 'supervisor', branch: 'BJ01' },
      manager: { sub: 'rep-cu', role: 'complaints-manager' },
      analyst: { sub: 'rep-an', role: 'analyst' },
    } as const;
    for (const [name, claims] of Object.entries(identities)) tokens[name] = await devToken(cloud, claims);
    for (const sequence of [701, 702]) {
      const response = await call('rm', '/v1/customers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'individual',
          name: '欧阳明',
          idType: 'prc-id',
          idNumber: prcId('1979-05-04', sequence),
          mobile: `1391234${sequence}0`,
          branch: 'BJ01',
          rmId: 'rm-rep',
        }),
      });
      const registered = (await response.json()) as { customerId: string };
      expect(response.status, JSON.stringify(registered)).toBe(201);
      customerIds.push(String(registered.customerId));
    }
    await cloud.settle();
    const intakes = [
      { customerId: customerIds[0], channel: 'phone', category: 'fees', productIds: ['PRD-CARD-01'] },
      {
        customerId: customerIds[0],
        channel: 'letter',
        category: 'product',
        productIds: ['PRD-CARD-01', 'PRD-WM-07'],
      },
      // A repeat of the first: linked, counted once as received and once as a repeat.
      { customerId: customerIds[0], channel: 'online', category: 'fees' },
      { customerId: customerIds[1], channel: 'phone', category: 'mis-selling' },
    ];
    for (const intake of intakes) {
      const response = await call('agent', '/v1/complaints', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...intake,
          description: '年费在销卡后仍被扣收 report-marker-DESC',
          customerRequest: '退还年费 report-marker-REQ',
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
    }
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const MARCH = '/v1/complaints/report?from=2026-03-01&to=2026-03-31';

  it('counts the period’s complaints for the complaints unit, with no personal information', async () => {
    // Act
    const response = await call('manager', MARCH);
    const text = await response.text();

    // Assess
    expect(response.status).toBe(200);
    const report = z.parse(complaintReportSchema, JSON.parse(text));
    expect(report).toMatchObject({
      received: 4,
      repeats: 1,
      byBranch: { BJ01: 4 },
      byProduct: { 'PRD-CARD-01': 2, 'PRD-WM-07': 1 },
      customers: 2,
      perTenThousandCustomers: 20_000,
      decided: 0,
      shareDecidedWithinLimit: null,
    });
    expect(report.byChannel).toMatchObject({ phone: 2, letter: 1, online: 1 });
    for (const id of customerIds) expect(text).not.toContain(id);
    expect(text).not.toContain('report-marker');
  });

  it('gives the same figures as CSV on Accept: text/csv', async () => {
    // Act
    const response = await call('analyst', MARCH, { headers: { accept: 'text/csv' } });
    const lines = (await response.text()).split('\r\n');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toContain('summary,received,4');
    expect(lines).toContain('product,PRD-CARD-01,2');
  });

  it('gives a supervisor their own branch and refuses another, and refuses an agent', async () => {
    // Act
    const own = await call('supervisor', MARCH);
    const other = await call('supervisor', `${MARCH}&branch=SH01`);
    const agent = await call('agent', MARCH);

    // Assess
    expect(own.status).toBe(200);
    expect(((await own.json()) as { branch: string }).branch).toBe('BJ01');
    expect(other.status).toBe(403);
    expect(agent.status).toBe(403);
  });
});
