import { describe, expect, it } from 'vitest';
import { assessSuitability } from '../../../functions/recommendations/domain/suitability.js';
import { suitabilityCustomerOf } from '../../../functions/recommendations/domain/suitability-customer.js';
import { RecommendationMade, RecommendationUnavailable } from '../../../functions/recommendations/events.js';
import { consumeRecommendationsEvent } from '../../../functions/recommendations/service/consumer.js';
import type { RecommendationsDeps } from '../../../functions/recommendations/service/deps.js';
import { listRecommendations } from '../../../functions/recommendations/service/list.js';
import {
  answerOfferRequest,
  type OfferRequest,
  offerRecommendationId,
} from '../../../functions/recommendations/service/retention-offer.js';
import type { MirrorStore } from '../../../functions/recommendations/store/mirror-store.js';
import { RetentionOfferRequested } from '../../../functions/retention/events.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { NOW, product, recommendationsFixture } from './recommendation-fakes.js';

const RM: AuthContext = {
  sub: 'user-rm7',
  role: 'relationship-manager',
  branch: 'BJ01',
  rmId: 'rm-7',
  scopes: [],
};

const CASE_ID = 'ret_01KDVDNA00EEEEEEEEEEEEEEEE';
const request = (change: Partial<OfferRequest> = {}): OfferRequest => ({
  requestId: `retention-offer-${CASE_ID}`,
  caseId: CASE_ID,
  customerId: 'cus-1',
  branch: 'BJ01',
  at: NOW.toISOString(),
  ...change,
});

const eventsOf = <E extends { readonly detailType: string }>(outbox: readonly E[], detailType: string) =>
  outbox.filter((event) => event.detailType === detailType);

describe("a retention case's offer request", () => {
  it('records the best-ranked product of the list the RM is shown, suitable under the rules, for the RM to present by phone', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    const list = await listRecommendations(deps, RM, 'cus-1');

    // Act
    const answer = await answerOfferRequest(deps, request());

    // Assess
    expect(answer).toBe('recorded');
    const recorded = store.records.get(offerRecommendationId(request().requestId));
    expect(recorded).toMatchObject({
      productId: list.recommended[0]?.productId,
      channel: 'phone',
      madeBy: 'retention',
      caseId: CASE_ID,
      customerId: 'cus-1',
      branch: 'BJ01',
      rmId: 'rm-7',
    });
    const chosen = store.products.get(recorded?.productId ?? '');
    const customer = store.customers.get('cus-1');
    if (chosen === undefined || customer === undefined) throw new Error('the fixture has both');
    const verdict = assessSuitability(
      suitabilityCustomerOf(customer),
      chosen,
      { now: NOW.toISOString() },
      deps.settings,
    );
    expect(verdict.suitable).toBe(true);
    expect(recorded?.satisfied).toEqual(verdict.satisfied);
    // Announced with the case id; a phone offer asks engagement to send nothing.
    const [made] = eventsOf(store.outbox, 'RecommendationMade');
    expect(parseEventDetail(RecommendationMade, made?.detail)).toMatchObject({
      recommendationId: recorded?.recommendationId,
      channel: 'phone',
      caseId: CASE_ID,
    });
    expect(eventsOf(store.outbox, 'RecommendationContactRequested')).toEqual([]);
    // Counted as made in the day's bucket, like any recommendation.
    const [bucket] = await store.kpiBuckets('2026-12-03', '2026-12-03', 'BJ01');
    expect(bucket?.byCategory[chosen.category]?.made).toBe(1);
  });

  it('records nothing more when the request is delivered again', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    await answerOfferRequest(deps, request());

    // Act
    await answerOfferRequest(deps, request());

    // Assess
    expect(store.records.size).toBe(1);
    expect(store.writes).toBe(1);
    expect(eventsOf(store.outbox, 'RecommendationMade')).toHaveLength(1);
  });

  it('says none is suitable for a restricted customer, once, and records nothing', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    store.changeCustomer('cus-1', { restricted: true });

    // Act
    const answer = await answerOfferRequest(deps, request());
    await answerOfferRequest(deps, request());

    // Assess
    expect(answer).toBe('unavailable');
    expect(store.records.size).toBe(0);
    const unavailable = eventsOf(store.outbox, 'RecommendationUnavailable');
    expect(unavailable).toHaveLength(1);
    expect(parseEventDetail(RecommendationUnavailable, unavailable[0]?.detail)).toMatchObject({
      requestId: request().requestId,
      caseId: CASE_ID,
      customerId: 'cus-1',
      branch: 'BJ01',
      at: NOW.toISOString(),
    });
    expect(await store.kpiBuckets('2026-12-03', '2026-12-03')).toEqual([]);
  });

  it('says none is suitable when every product is excluded (here: above the customer tolerance)', async () => {
    // Arrange: a catalogue of one R4 fund for a C3 customer.
    const { deps, store } = recommendationsFixture();
    store.products.clear();
    store.putProduct(product('fund-r4', { category: 'fund', riskLevel: 'R4' }));

    // Act
    const answer = await answerOfferRequest(deps, request());

    // Assess
    expect(answer).toBe('unavailable');
    expect(store.records.size).toBe(0);
  });

  it.each([
    ['unknown to the mirror', 'cus-unknown'],
    ['erased', 'cus-1'],
  ])('says none is suitable for a customer %s, in the branch the case names', async (_case, customerId) => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    store.changeCustomer('cus-1', { erased: true });

    // Act
    const answer = await answerOfferRequest(deps, request({ customerId, branch: 'SH02' }));

    // Assess
    expect(answer).toBe('unavailable');
    expect(store.records.size).toBe(0);
    expect(eventsOf(store.outbox, 'RecommendationUnavailable')[0]?.detail).toMatchObject({
      customerId,
      branch: 'SH02',
    });
  });

  it('keeps its first answer: a request found unavailable records nothing when delivered again after a product became suitable', async () => {
    // Arrange
    const { deps, store } = recommendationsFixture();
    store.changeCustomer('cus-1', { restricted: true });
    await answerOfferRequest(deps, request());
    store.changeCustomer('cus-1', { restricted: false });

    // Act
    await answerOfferRequest(deps, request());

    // Assess
    expect(store.records.size).toBe(0);
    expect(store.outbox.map((event) => event.detailType)).toEqual(['RecommendationUnavailable']);
  });

  it('judges again on the facts as they are when they changed between the read and the write', async () => {
    // Arrange: the customer is restricted while the first judgement is on its way to the store.
    const { deps, store } = recommendationsFixture();
    store.beforeRecord = () => {
      store.beforeRecord = undefined;
      store.changeCustomer('cus-1', { restricted: true });
    };

    // Act
    const answer = await answerOfferRequest(deps, request());

    // Assess
    expect(answer).toBe('unavailable');
    expect(store.records.size).toBe(0);
    expect(store.outbox.map((event) => event.detailType)).toEqual(['RecommendationUnavailable']);
  });
});

describe('the consumer', () => {
  const unusedMirror: MirrorStore = {
    facts: () => Promise.reject(new Error('an offer request reads no facts mirror item')),
    putFacts: () => Promise.reject(new Error('an offer request writes no facts')),
    putProduct: () => Promise.reject(new Error('an offer request writes no product')),
  };

  it('answers RetentionOfferRequested as it is delivered', async () => {
    // Arrange
    const { store, clock, deps } = recommendationsFixture();
    const consumerDeps: RecommendationsDeps = { ...deps, mirror: unusedMirror };
    const event = consumedEvent(RetentionOfferRequested, request(), clock.now(), 'eb-1');

    // Act
    await consumeRecommendationsEvent(consumerDeps, event);

    // Assess
    expect(store.records.get(offerRecommendationId(request().requestId))?.caseId).toBe(CASE_ID);
  });

  it('refuses a malformed offer request as unprocessable, recording nothing', async () => {
    // Arrange
    const { store, clock, deps } = recommendationsFixture();
    const consumerDeps: RecommendationsDeps = { ...deps, mirror: unusedMirror };
    const event = {
      ...consumedEvent(RetentionOfferRequested, request(), clock.now(), 'eb-2'),
      detail: { requestId: 'r-1', customerId: 'cus-1' },
    };

    // Act
    const attempt = consumeRecommendationsEvent(consumerDeps, event);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnprocessableEventError);
    expect(store.records.size).toBe(0);
    expect(store.outbox).toEqual([]);
  });
});
