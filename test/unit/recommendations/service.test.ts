import { describe, expect, it } from 'vitest';
import { RECOMMENDATION_CHANNELS } from '../../../functions/recommendations/events.js';
import { makeRecommendation } from '../../../functions/recommendations/service/make.js';
import { respondToRecommendation } from '../../../functions/recommendations/service/respond.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { daysBefore, recommendationsFixture } from './recommendation-fakes.js';

const RM: AuthContext = {
  sub: 'user-rm7',
  role: 'relationship-manager',
  branch: 'BJ01',
  rmId: 'rm-7',
  scopes: [],
};

describe('recording under the revision guard', () => {
  it('checks again when the facts moved between the read and the write, and records once', async () => {
    // Arrange: a segment update lands while the first check is on its way to the store.
    const { deps, store } = recommendationsFixture();
    let moved = 0;
    store.beforeRecord = () => {
      if (moved === 0) store.changeCustomer('cus-1', { segments: { compositeGrade: 'vip' } });
      moved += 1;
    };

    // Act
    const made = await makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel: 'phone' });

    // Assess
    expect(moved).toBe(2);
    expect(made.replayed).toBe(false);
    expect(store.records.size).toBe(1);
    // Ranked on the facts it was recorded under: the new grade's affinity.
    expect(made.recommendation.reasons).toContain('segment-affinity');
  });

  it('refuses what became unsuitable meanwhile with its reasons, recording nothing', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    store.beforeRecord = () => store.changeCustomer('cus-1', { restricted: true });

    // Act
    const attempt = makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel: 'phone' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'recommendation-unsuitable',
      reasons: ['customer-restricted'],
    });
    expect(store.records.size).toBe(0);
  });

  it('refuses a product suspended between the check and the write, recording nothing', async () => {
    // Arrange: the product's suspension is mirrored while the first check is on its way.
    const { deps, store } = recommendationsFixture();
    store.beforeRecord = () => {
      const product = store.products.get('wm-r2');
      if (product !== undefined && product.status === 'on-sale') {
        store.products.set('wm-r2', { ...product, status: 'suspended', version: product.version + 1 });
      }
    };

    // Act
    const attempt = makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel: 'sms' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'recommendation-unsuitable',
      reasons: ['not-on-sale'],
    });
    expect(store.records.size).toBe(0);
    expect(store.outbox).toEqual([]);
  });

  it('gives up with customer-facts-changed after three moved attempts, recording nothing', async () => {
    // Arrange: facts that move on every attempt (a stream of segment updates).
    const { deps, store } = recommendationsFixture();
    let attempts = 0;
    store.beforeRecord = () => {
      attempts += 1;
      store.changeCustomer('cus-1', { holdings: [] });
    };

    // Act
    const attempt = makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel: 'phone' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'customer-facts-changed' });
    expect(attempts).toBe(3);
    expect(store.records.size).toBe(0);
    expect(store.outbox).toEqual([]);
  });
});

describe('the send request', () => {
  it.each(RECOMMENDATION_CHANNELS)(
    'on %s: asked of engagement only for sms, email and app-push',
    async (channel) => {
      // Arrange
      const { deps, store } = recommendationsFixture();

      // Act
      const made = await makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel });

      // Assess
      const sends = ['sms', 'email', 'app-push'].includes(channel);
      const requests = store.outbox.filter((event) => event.detailType === 'RecommendationContactRequested');
      expect(requests).toHaveLength(sends ? 1 : 0);
      expect(made.recommendation.contactRequestId).toBe(
        sends ? `recommendation-${made.recommendation.recommendationId}` : undefined,
      );
      if (sends) {
        expect(requests[0]?.detail).toEqual({
          eventId: expect.any(String),
          occurredAt: '2026-12-03T02:00:00.000Z',
          requestId: `recommendation-${made.recommendation.recommendationId}`,
          customerId: 'cus-1',
          purpose: 'marketing',
          preferredChannel: channel,
          templateId: 'product-recommendation',
          parameters: { productName: '产品 wm-r2' },
          latestAt: '2026-12-10T02:00:00.000Z',
          regarding: made.recommendation.recommendationId,
        });
      }
    },
  );
});

describe('the events', () => {
  it('carry ids, codes, the category and risk level: never a name, an amount the customer stated or a date', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    store.changeCustomer('cus-1', {
      suitability: {
        riskTolerance: 'C3',
        riskAssessedAt: daysBefore(30),
        horizonDays: 400,
        intendedAmount: { amount: 123_456_789, currency: 'CNY' },
        senior: false,
      },
    });
    const made = await makeRecommendation(deps, RM, 'cus-1', { productId: 'wm-r2', channel: 'phone' });

    // Act
    await respondToRecommendation(deps, RM, made.recommendation.recommendationId, { response: 'declined' });

    // Assess
    const details = Object.fromEntries(store.outbox.map((event) => [event.detailType, event.detail]));
    expect(Object.keys(details.RecommendationMade ?? {}).sort()).toEqual(
      [
        'at',
        'branch',
        'category',
        'channel',
        'customerId',
        'eventId',
        'occurredAt',
        'productId',
        'reasons',
        'recommendationId',
        'riskLevel',
        'ruleVersion',
        'seniorConfirmed',
      ].sort(),
    );
    expect(details.RecommendationResponded).toMatchObject({
      response: 'declined',
      category: 'wealth-management',
    });
    const text = JSON.stringify(store.outbox);
    // The stated amount, the assessment's date, the product's name (only the contact request,
    // which this phone recommendation has none of, carries it) and the RM's login.
    for (const personal of ['123456789', daysBefore(30), '产品 wm-r2', 'user-rm7']) {
      expect(text).not.toContain(personal);
    }
  });
});
