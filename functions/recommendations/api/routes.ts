import { defineRoute } from '../../../shared/http/contract.js';
import { idParams } from '../../../shared/http/params.js';
import { kpiQuerySchema, makeRecommendationSchema, respondSchema } from '../domain/schemas.js';
import {
  answeredRecommendationExample,
  kpiAnswerExample,
  kpiAnswerSchema,
  recommendationExample,
  recommendationListExample,
  recommendationListSchema,
  recommendationSchema,
} from './responses.js';

/**
 * The recommendations API (docs/domain-rules.md §19.4–19.7): every operation's contract.
 * `api/route-handlers.ts` implements them.
 */
export const recommendationsRoutes = {
  listRecommendations: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}/recommendations',
    summary: "A customer's suitable products, ranked and explained, and the excluded ones with their reasons",
    description:
      "Every product of the catalogue judged now by the suitability rules (risk level within a valid assessment's tolerance, else R1 only; term and minimum within what the customer stated; on sale, in its window, for the customer's type and grade; not restricted; a loan needs a credit grade other than `risk`; a senior customer above R2 needs an RM confirmation; no category declined in the last 90 days). The suitable ones ranked (score 0-100 with its affinity reasons and the rules passed), at most RECOMMENDATION_LIST_LIMIT, `moreSuitable` counting the rest; every other product listed in `excluded` with every reason code (a draft or withdrawn product: `not-on-sale`). A restricted customer gets every product excluded with `customer-restricted`. Same scope as the customer record: an RM their own book, a supervisor their branch, compliance every customer (read only); a customer never registered, erased or outside the caller's scope is the same 404 `customer-not-found`.",
    action: 'recommendation:list',
    params: idParams('customerId'),
    responses: {
      200: {
        description: 'The suitable products ranked and the excluded ones with their reasons',
        schema: recommendationListSchema,
        example: recommendationListExample,
      },
    },
    problems: [404],
  }),
  makeRecommendation: defineRoute({
    method: 'POST',
    path: '/v1/customers/{customerId}/recommendations',
    summary: 'Record a recommendation made to a customer',
    description:
      'Checked now by the same suitability rules as the list, whoever asks: an unsuitable product is a 422 `recommendation-unsuitable` whose `errors` name every reason code (`path` `productId`, `message` the code); nothing is recorded. A product not in the catalogue is a 422 `unknown-product`; a `seniorConfirmation` for a customer who is not senior, or for a product they may be shown without one, a 422 `senior-confirmation-not-applicable`. The RM and the time are the caller and now. Recorded with the rule version, its score and reasons; on `sms`, `email` or `app-push` it is also sent through the engagement contact path as marketing (consent, quiet hours and the marketing cap decide; `contactRequestId` names the request). An RM records for their own book, a supervisor for their branch (else 404 `customer-not-found`). With an Idempotency-Key a retry answers the recorded recommendation (`Idempotent-Replayed: true`); the same key with another body is a 409 `idempotency-key-reused`. Facts that kept changing while it was checked are a 409 `customer-facts-changed` (send it again).',
    action: 'recommendation:make',
    params: idParams('customerId'),
    body: makeRecommendationSchema,
    headers: { 'idempotency-key': 'optional' },
    responses: {
      201: {
        description: 'The recorded recommendation',
        schema: recommendationSchema,
        example: recommendationExample,
        headers: ['idempotent-replayed'],
      },
    },
    problems: [404, 409],
    maxBodyBytes: 4 * 1024,
  }),
  respondToRecommendation: defineRoute({
    method: 'POST',
    path: '/v1/recommendations/{recommendationId}/response',
    summary: "Record the customer's answer to a recommendation",
    description:
      "`accepted`, `declined` (the product's category is not recommended to the customer again for RECOMMENDATION_DECLINED_DAYS, 90 by default) or `not-interested` (ranked lower). Answered once: a second answer is a 409 `recommendation-already-answered`. Whoever serves the customer now may record it (an RM their own book, a supervisor their branch); a recommendation unknown, or of a customer erased or outside the caller's scope, is a 404 `recommendation-not-found`.",
    action: 'recommendation:respond',
    params: idParams('recommendationId'),
    body: respondSchema,
    responses: {
      200: {
        description: 'The recommendation with its answer',
        schema: recommendationSchema,
        example: answeredRecommendationExample,
      },
    },
    problems: [404, 409],
    maxBodyBytes: 1024,
  }),
  readRecommendationKpis: defineRoute({
    method: 'GET',
    path: '/v1/recommendations/kpis',
    summary: 'Recommendation KPIs of a range of days',
    description:
      'Summed over the daily counters of `from` to `to` (China Standard Time days, both included, at most 366): recommendations made, accepted, declined and not interested, the conversion rate (accepted ÷ made, null when none were made), the same per product category and per branch, the exclusions shown to RMs per reason and the recommendations refused as unsuitable per reason. A supervisor reads their own branch (another is a 403 `branch-out-of-scope`); compliance and analysts every branch or the one named.',
    action: 'recommendation:kpis',
    query: kpiQuerySchema,
    responses: {
      200: { description: 'The KPIs of the range', schema: kpiAnswerSchema, example: kpiAnswerExample },
    },
  }),
};
