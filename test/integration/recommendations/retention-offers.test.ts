import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerRestricted } from '../../../functions/customers/events.js';
import type { AnnouncedProduct } from '../../../functions/products/events.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../../functions/recommendations/domain/settings.js';
import { offerRecommendationId } from '../../../functions/recommendations/service/retention-offer.js';
import { RetentionOfferRequested } from '../../../functions/retention/events.js';
import { recommendationsApiCaller } from '../../support/recommendations-api.js';
import { recommendationsHarness } from '../../support/recommendations-store.js';
import type { TestCaller } from '../../support/route-caller.js';

// Thursday 2026-12-03 10:00 in Shanghai.
const NOW = new Date('2026-12-03T02:00:00.000Z');
const DAY = '2026-12-03';
// A branch of this file's own, so its KPI bucket counts only what this file records.
const BRANCH = 'RT01';
const RM: TestCaller = { sub: 'user-rm9', role: 'relationship-manager', branch: BRANCH, rmId: 'rm-9' };
const ANALYST: TestCaller = { sub: 'user-ana', role: 'analyst' };

const CATALOGUE: readonly Omit<AnnouncedProduct, 'version'>[] = [
  {
    productId: 'rt-dep-3m',
    productName: '三个月定期存款',
    category: 'deposit',
    riskLevel: 'R1',
    termDays: 90,
    minimumAmount: { amount: 5_000, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
  },
  {
    productId: 'rt-wm-90d',
    productName: '稳盈 90 天理财',
    category: 'wealth-management',
    riskLevel: 'R2',
    termDays: 90,
    minimumAmount: { amount: 1_000_000, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
  },
  {
    productId: 'rt-fund-r4',
    productName: '成长精选股票基金',
    category: 'fund',
    riskLevel: 'R4',
    minimumAmount: { amount: 100, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
  },
];

let harness: Awaited<ReturnType<typeof recommendationsHarness>>;

beforeAll(async () => {
  harness = await recommendationsHarness({}, NOW);
  await harness.announce(CATALOGUE, NOW);
});
afterAll(() => harness.destroy());

let sequence = 0;
async function registered(): Promise<string> {
  sequence += 1;
  const customerId = `cus_offer_${sequence}`;
  await harness.registerCustomer(customerId, { branch: BRANCH, rmId: 'rm-9' }, NOW);
  return customerId;
}

const offerRequest = (customerId: string) => {
  const caseId = `ret_${customerId}`;
  return {
    requestId: `retention-offer-${caseId}`,
    caseId,
    customerId,
    branch: BRANCH,
    at: NOW.toISOString(),
  };
};

const api = () =>
  recommendationsApiCaller({
    store: harness.store,
    clock: harness.clock,
    settings: DEFAULT_RECOMMENDATIONS_SETTINGS,
  });

const recommendationItems = async (customerId: string) =>
  (await harness.items()).filter(
    (item) => String(item.pk).startsWith('RECOMMENDATION#') && item.customerId === customerId,
  );

describe("a retention case's offer request, through the consumer on DynamoDB Local", () => {
  it('records the best-ranked product of the list the RM sees, announced with the case, counted as made, once however often it comes', async () => {
    // Arrange
    const customerId = await registered();
    const request = offerRequest(customerId);
    const list = await api()(RM, 'GET', `/v1/customers/${customerId}/recommendations`);
    const suitable = (list.json.recommended as { productId: string }[]).map((entry) => entry.productId);

    // Act: delivered twice (a redelivery: another event id, the same request).
    await harness.deliver(RetentionOfferRequested, request, NOW);
    await harness.deliver(RetentionOfferRequested, request, NOW);

    // Assess: the first of the list, which the suitability rules passed.
    expect(suitable.length).toBeGreaterThan(1);
    expect(harness.deadLetters).toEqual([]);
    const recommendationId = offerRecommendationId(request.requestId);
    const recorded = await harness.store.get(recommendationId);
    expect(recorded).toMatchObject({
      productId: suitable[0],
      channel: 'phone',
      madeBy: 'retention',
      caseId: request.caseId,
      branch: BRANCH,
      rmId: 'rm-9',
    });
    expect(await recommendationItems(customerId)).toHaveLength(1);
    const events = await harness.outbox(customerId);
    expect(events.map((event) => event.detailType)).toEqual(['RecommendationMade']);
    expect(events[0]?.detail).toMatchObject({ recommendationId, caseId: request.caseId, channel: 'phone' });
    const kpis = await api()(ANALYST, 'GET', '/v1/recommendations/kpis', {
      query: { from: DAY, to: DAY, branch: BRANCH },
    });
    expect(kpis.json.made).toBe(1);
  });

  it('lets the RM record the answer to the offer like any recommendation', async () => {
    // Arrange
    const customerId = await registered();
    const request = offerRequest(customerId);
    await harness.deliver(RetentionOfferRequested, request, NOW);

    // Act
    const answered = await api()(
      RM,
      'POST',
      `/v1/recommendations/${offerRecommendationId(request.requestId)}/response`,
      { body: { response: 'accepted' } },
    );

    // Assess
    expect(answered.status).toBe(200);
    expect(answered.json).toMatchObject({
      response: 'accepted',
      caseId: request.caseId,
      madeBy: 'retention',
    });
  });

  it('says none is suitable for a restricted customer, once, and records nothing', async () => {
    // Arrange
    const customerId = await registered();
    await harness.deliver(
      CustomerRestricted,
      { customerId, reason: 'compliance-risk', at: NOW.toISOString() },
      NOW,
    );
    const request = offerRequest(customerId);

    // Act
    await harness.deliver(RetentionOfferRequested, request, NOW);
    await harness.deliver(RetentionOfferRequested, request, NOW);

    // Assess
    expect(await recommendationItems(customerId)).toEqual([]);
    const events = await harness.outbox(customerId);
    expect(events.map((event) => event.detailType)).toEqual(['RecommendationUnavailable']);
    expect(events[0]?.detail).toMatchObject({
      requestId: request.requestId,
      caseId: request.caseId,
      branch: BRANCH,
    });
  });

  it('says none is suitable for a customer the mirror does not know', async () => {
    // Arrange
    const request = offerRequest('cus_offer_unknown');

    // Act
    await harness.deliver(RetentionOfferRequested, request, NOW);

    // Assess
    expect(await harness.store.get(offerRecommendationId(request.requestId))).toBeUndefined();
    expect((await harness.outbox('cus_offer_unknown')).map((event) => event.detailType)).toEqual([
      'RecommendationUnavailable',
    ]);
  });
});
