import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnnouncedProduct, productFields } from '../../functions/products/events.js';
import { seedDemoProducts } from '../../infra/local/demo-products.js';
import * as z from '../../shared/zod.js';
import { prcId } from '../support/customers-harness.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';
import { type OracleCustomer, oracleVerdict } from '../support/recommendations-oracle.js';

interface CapturedMessage {
  readonly channel: string;
  readonly to: string;
  readonly text: string;
}
interface Listed {
  readonly productId: string;
  readonly category: string;
  readonly reasons: readonly string[];
  readonly satisfied?: readonly string[];
}

/**
 * Suitable recommendations end to end in the local cloud (docs/domain-rules.md §19): the demo
 * catalogue created through the products API and mirrored by recommendations from ProductChanged;
 * a customer registered with a risk assessment (customers) whose suitability facts reach the
 * mirror by CustomerRegistered; marketing consent on SMS. The RM lists the products, explained;
 * records one by SMS, which engagement decides under the contact policy and delivers with the
 * product's name into the capture sink; an unsuitable one is refused with its codes; the
 * customer's decline keeps the category out of the next list; the KPIs count all of it.
 */
describe('suitable recommendations in the local cloud', () => {
  // Monday 7 December 2026, 10:00 in Beijing: outside quiet hours.
  const NOW = new Date('2026-12-07T02:00:00.000Z');
  const DAY = '2026-12-07';
  const name = '李清照';
  const mobile = '13912340812';
  // Assessed a month ago: C3, a 400-day horizon, 100,000 yuan to invest; born 1984, not senior.
  const assessment = {
    riskTolerance: 'C3',
    riskAssessedAt: '2026-11-06T03:00:00.000Z',
    investmentObjective: 'balanced',
    horizonDays: 400,
    intendedAmount: { amount: 10_000_000, currency: 'CNY' },
  } as const;
  const expected: OracleCustomer = {
    customerType: 'individual',
    ...assessment,
    senior: false,
    restricted: false,
    relationship: 'active',
    declinedAt: {},
  };
  let cloud: TestCloud;
  let rm: ReturnType<typeof api>;
  let supervisor: ReturnType<typeof api>;
  let customerId: string;
  let catalogue: readonly AnnouncedProduct[];

  beforeAll(async () => {
    cloud = await startTestCloud({ now: NOW });
    const admin = await devToken(cloud, { sub: 'e2e-admin', role: 'admin' });
    rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
    supervisor = api(cloud, await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' }));

    const seeded = await seedDemoProducts({ apiUrl: cloud.apiUrl, now: NOW }, admin);
    expect(seeded).toMatchObject({ failed: 0 });
    const products = await api(cloud, admin).get('/v1/products?limit=100');
    expect(products.status).toBe(200);
    // The catalogue as the API shows it (`name`), read as the products' announced fields.
    const announced = z.object(productFields);
    catalogue = z
      .array(z.looseObject({ name: z.string() }))
      .parse(products.json.items)
      .map((item) => announced.parse({ ...item, productName: item.name }));

    const registered = await rm.post('/v1/customers', {
      type: 'individual',
      name,
      idType: 'prc-id',
      idNumber: prcId('1984-05-21', 812),
      mobile,
      branch: 'BJ01',
      rmId: 'rm-e2e',
      ...assessment,
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    customerId = String(registered.json.customerId);
    const consent = await rm.put(
      `/v1/customers/${customerId}/consents/marketing`,
      { granted: true, channels: ['sms'] },
      { headers: { 'if-match': registered.headers.etag ?? '' } },
    );
    expect(consent.status, JSON.stringify(consent.json)).toBe(200);
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const list = async () => {
    const listed = await rm.get(`/v1/customers/${customerId}/recommendations`);
    expect(listed.status, JSON.stringify(listed.json)).toBe(200);
    return { recommended: listed.json.recommended as Listed[], excluded: listed.json.excluded as Listed[] };
  };
  const byId = (productId: string) => catalogue.find((product) => product.productId === productId);

  it('lists, records and sends a suitable product, refuses an unsuitable one and keeps a declined category out', async () => {
    // Every product of the catalogue once: the suitable ones explained, the others with their codes,
    // each as the rules say (an independent reading of them: test/support/recommendations-oracle.ts).
    const first = await list();
    expect([...first.recommended, ...first.excluded].map((p) => p.productId).sort()).toEqual(
      catalogue.map((p) => p.productId).sort(),
    );
    for (const shown of first.recommended) {
      const product = byId(shown.productId);
      if (product === undefined) throw new Error(`${shown.productId} is not in the catalogue`);
      expect(oracleVerdict(expected, product, NOW.toISOString(), false).suitable).toBe(true);
      expect(shown.satisfied).toContain('risk-within-tolerance');
    }
    for (const shown of first.excluded) {
      const product = byId(shown.productId);
      if (product === undefined) throw new Error(`${shown.productId} is not in the catalogue`);
      expect(shown.reasons).toEqual(oracleVerdict(expected, product, NOW.toISOString(), false).reasons);
    }
    expect(first.recommended.map((p) => p.productId)).toContain('WM-GROWTH-1Y');
    expect(first.excluded.find((p) => p.productId === 'FND-EQUITY')?.reasons).toEqual([
      'risk-above-tolerance',
    ]);

    // Recorded by SMS: engagement decides (consent, quiet hours, cap) and delivers the product's name.
    const made = await rm.post(
      `/v1/customers/${customerId}/recommendations`,
      { productId: 'WM-GROWTH-1Y', channel: 'sms' },
      {
        headers: { 'idempotency-key': 'e2e-rec-1' },
      },
    );
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const recommendationId = String(made.json.recommendationId);
    await cloud.settle();
    const captured = await api(cloud).get('/local/messages');
    const messages = (captured.json.messages as CapturedMessage[]).filter((message) => message.to === mobile);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'sms' });
    expect(messages[0]?.text).toContain('睿盈一年期理财');
    // The customer's name is filled in at delivery: no event carried it.
    expect(messages[0]?.text).toContain(name);

    // Unsuitable: refused with the codes, nothing recorded.
    const refused = await rm.post(
      `/v1/customers/${customerId}/recommendations`,
      { productId: 'FND-EQUITY', channel: 'face-to-face' },
      {
        headers: { 'idempotency-key': 'e2e-rec-2' },
      },
    );
    expect(refused.status).toBe(422);
    // The reasons are the problem's `errors`, one per code on `productId`.
    expect(refused.json).toMatchObject({
      code: 'recommendation-unsuitable',
      errors: [{ path: 'productId', message: 'risk-above-tolerance' }],
    });

    // Declined: the whole category is out of the next list, with its reason.
    const answered = await rm.post(`/v1/recommendations/${recommendationId}/response`, {
      response: 'declined',
    });
    expect(answered.status, JSON.stringify(answered.json)).toBe(200);
    const second = await list();
    const wealth = catalogue
      .filter((product) => product.category === 'wealth-management')
      .map((p) => p.productId);
    expect(second.recommended.filter((p) => p.category === 'wealth-management')).toEqual([]);
    for (const productId of wealth) {
      expect(second.excluded.find((p) => p.productId === productId)?.reasons).toContain('category-declined');
    }

    // The KPIs of the day: one made, one declined, the exclusions of both lists and the refusal.
    await cloud.settle();
    const kpis = await supervisor.get(`/v1/recommendations/kpis?from=${DAY}&to=${DAY}`);
    expect(kpis.status, JSON.stringify(kpis.json)).toBe(200);
    expect(kpis.json).toMatchObject({ made: 1, declined: 1, accepted: 0 });
    const excluded = kpis.json.excluded as Record<string, number>;
    expect(excluded['risk-above-tolerance']).toBeGreaterThanOrEqual(2);
    expect(excluded['category-declined']).toBe(wealth.length);
    expect(kpis.json.refused).toMatchObject({ 'risk-above-tolerance': 1 });

    // Nothing personal went on the bus.
    const bus = JSON.stringify(cloud.bus.recentEvents);
    for (const secret of [name, mobile]) expect(bus).not.toContain(secret);
  });
});
