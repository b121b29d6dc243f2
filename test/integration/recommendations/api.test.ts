import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerErased, CustomerRestricted } from '../../../functions/customers/events.js';
import type { AnnouncedProduct } from '../../../functions/products/events.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../../functions/recommendations/domain/settings.js';
import type { RecommendationStore } from '../../../functions/recommendations/service/ports.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { recommendationsApiCaller } from '../../support/recommendations-api.js';
import { recommendationsHarness } from '../../support/recommendations-store.js';
import type { TestCaller } from '../../support/route-caller.js';

// Thursday 2026-12-03 10:00 in Shanghai.
const NOW = new Date('2026-12-03T02:00:00.000Z');
const RM: TestCaller = { sub: 'user-rm7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const ANALYST: TestCaller = { sub: 'user-ana', role: 'analyst' };

const CATALOGUE: readonly Omit<AnnouncedProduct, 'version'>[] = [
  {
    productId: 'it-dep-1y',
    productName: '一年期定期存款',
    category: 'deposit',
    riskLevel: 'R1',
    termDays: 365,
    minimumAmount: { amount: 5_000, currency: 'CNY' },
    customerTypes: ['individual', 'corporate'],
    status: 'on-sale',
  },
  {
    productId: 'it-wm-90d',
    productName: '稳盈 90 天理财',
    category: 'wealth-management',
    riskLevel: 'R2',
    termDays: 90,
    minimumAmount: { amount: 1_000_000, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
  },
  {
    productId: 'it-fund-r4',
    productName: '成长精选股票基金',
    category: 'fund',
    riskLevel: 'R4',
    minimumAmount: { amount: 100, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
  },
  {
    productId: 'it-card-draft',
    productName: '经典信用卡',
    category: 'card',
    riskLevel: 'R1',
    minimumAmount: { amount: 0, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'draft',
  },
];

let harness: Awaited<ReturnType<typeof recommendationsHarness>>;
const clock = new ControlledClock(NOW);

beforeAll(async () => {
  harness = await recommendationsHarness();
  await harness.announce(CATALOGUE, NOW);
});
afterAll(() => harness.destroy());

let sequence = 0;
async function registered(): Promise<string> {
  sequence += 1;
  const customerId = `cus_api_${sequence}`;
  await harness.registerCustomer(customerId, { branch: 'BJ01', rmId: 'rm-7' }, NOW);
  return customerId;
}

const api = (store: RecommendationStore = harness.store) =>
  recommendationsApiCaller({ store, clock, settings: DEFAULT_RECOMMENDATIONS_SETTINGS });
const listPath = (customerId: string) => `/v1/customers/${customerId}/recommendations`;

describe('the recommendations API on the DynamoDB store', () => {
  it('lists what the mirrored facts allow and records a suitable recommendation with its events', async () => {
    // Arrange
    const customerId = await registered();
    const call = api();

    // Act
    const list = await call(RM, 'GET', listPath(customerId));
    const bySms = await call(RM, 'POST', listPath(customerId), {
      body: { productId: 'it-wm-90d', channel: 'sms' },
    });
    const inPerson = await call(RM, 'POST', listPath(customerId), {
      body: { productId: 'it-dep-1y', channel: 'face-to-face' },
    });

    // Assess
    expect(list.status).toBe(200);
    const recommended = list.json.recommended as { productId: string }[];
    expect(recommended.map((entry) => entry.productId).sort()).toEqual(['it-wm-90d']);
    expect(list.json.excluded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: 'it-dep-1y', reasons: ['term-exceeds-horizon'] }),
        expect.objectContaining({ productId: 'it-fund-r4', reasons: ['risk-above-tolerance'] }),
        expect.objectContaining({ productId: 'it-card-draft', reasons: ['not-on-sale'] }),
      ]),
    );
    expect(bySms.status).toBe(201);
    expect(inPerson.status).toBe(422);
    const id = String(bySms.json.recommendationId);
    const events = await harness.outbox(customerId);
    expect(events.map((event) => event.detailType).sort()).toEqual([
      'RecommendationContactRequested',
      'RecommendationMade',
    ]);
    expect(
      events.find((event) => event.detailType === 'RecommendationContactRequested')?.detail,
    ).toMatchObject({
      requestId: `recommendation-${id}`,
      purpose: 'marketing',
      preferredChannel: 'sms',
      templateId: 'product-recommendation',
      parameters: { productName: '稳盈 90 天理财' },
      latestAt: '2026-12-10T02:00:00.000Z',
      regarding: id,
    });
    expect(await harness.store.get(id)).toMatchObject({
      productId: 'it-wm-90d',
      channel: 'sms',
      madeBy: 'user-rm7',
    });
  });

  it('answers once, excludes a declined category from the next list and counts it all in the KPIs', async () => {
    // Arrange
    const customerId = await registered();
    const call = api();
    const made = await call(RM, 'POST', listPath(customerId), {
      body: { productId: 'it-wm-90d', channel: 'phone' },
    });
    const answerPath = `/v1/recommendations/${String(made.json.recommendationId)}/response`;

    // Act
    const declined = await call(RM, 'POST', answerPath, { body: { response: 'declined' } });
    const again = await call(RM, 'POST', answerPath, { body: { response: 'accepted' } });
    const list = await call(RM, 'GET', listPath(customerId));
    const kpis = await call(ANALYST, 'GET', '/v1/recommendations/kpis', {
      query: { from: '2026-12-03', to: '2026-12-03', branch: 'BJ01' },
    });

    // Assess
    expect(declined.json).toMatchObject({ response: 'declined', respondedBy: 'user-rm7' });
    expect([again.status, again.json.code]).toEqual([409, 'recommendation-already-answered']);
    expect(list.json.recommended).toEqual([]);
    expect(list.json.excluded).toContainEqual(
      expect.objectContaining({ productId: 'it-wm-90d', reasons: ['category-declined'] }),
    );
    expect(kpis.status).toBe(200);
    expect(kpis.json.made).toBeGreaterThanOrEqual(1);
    expect(kpis.json.declined).toBeGreaterThanOrEqual(1);
    expect(kpis.json.excluded).toMatchObject({
      'category-declined': expect.any(Number),
      'not-on-sale': expect.any(Number),
    });
    expect(kpis.json.refused).toMatchObject({ 'term-exceeds-horizon': expect.any(Number) });
  });

  it('replays a retry with the same Idempotency-Key, recording one recommendation', async () => {
    // Arrange
    const customerId = await registered();
    const call = api();
    const request = {
      body: { productId: 'it-wm-90d', channel: 'email' },
      headers: { 'idempotency-key': 'it-retry-0001' },
    };
    const first = await call(RM, 'POST', listPath(customerId), request);

    // Act
    const again = await call(RM, 'POST', listPath(customerId), request);

    // Assess
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    const made = (await harness.outbox(customerId)).filter(
      (event) => event.detailType === 'RecommendationMade',
    );
    expect(made).toHaveLength(1);
  });

  it('checks again when the facts change between the check and the write, and refuses what became unsuitable', async () => {
    // Arrange: the customer is restricted while the first check is on its way to the table.
    const customerId = await registered();
    let restricted = false;
    const racing: RecommendationStore = {
      customer: (id) => harness.store.customer(id),
      catalogue: () => harness.store.catalogue(),
      product: (id) => harness.store.product(id),
      get: (id) => harness.store.get(id),
      respond: (...args) => harness.store.respond(...args),
      countExclusions: (...args) => harness.store.countExclusions(...args),
      kpiBuckets: (...args) => harness.store.kpiBuckets(...args),
      recordOfferUnavailable: (...args) => harness.store.recordOfferUnavailable(...args),
      record: async (...args) => {
        if (!restricted) {
          restricted = true;
          await harness.deliver(
            CustomerRestricted,
            { customerId, reason: 'compliance-risk', at: NOW.toISOString() },
            NOW,
          );
        }
        return harness.store.record(...args);
      },
    };

    // Act
    const response = await api(racing)(RM, 'POST', listPath(customerId), {
      body: { productId: 'it-wm-90d', channel: 'sms' },
    });

    // Assess
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ path: 'productId', message: 'customer-restricted' }]);
    expect(await harness.outbox(customerId)).toEqual([]);
  });

  it('answers 404 for an erased customer, as for one never registered', async () => {
    // Arrange
    const customerId = await registered();
    await harness.deliver(CustomerErased, { customerId, at: NOW.toISOString() }, NOW);
    const call = api();

    // Act
    const erased = await call(RM, 'GET', listPath(customerId));
    const unknown = await call(RM, 'GET', listPath('cus_api_nobody'));

    // Assess
    for (const answer of [erased, unknown]) {
      expect([answer.status, answer.json.code]).toEqual([404, 'customer-not-found']);
    }
  });
});
