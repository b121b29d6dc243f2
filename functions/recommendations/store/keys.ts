/**
 * Key schema of the Recommendations table (single-table design, docs/domain-rules.md §19).
 * Every key is built here and nowhere else.
 *
 * | item                          | pk                            | sk             | GSI keys / notes |
 * |-------------------------------|-------------------------------|----------------|------------------|
 * | customer facts (C1 mirror)    | CUSTOMER#<customerId>         | FACTS          | written by the consumer; `revision` guards every write, bumped by answers too |
 * | customer answers              | CUSTOMER#<customerId>         | ANSWERS        | one attribute per category: the latest decline or not-interested answer (written by `respond`) |
 * | product (catalogue mirror)    | PRODUCT#<productId>           | CURRENT        | byEntity (entityType PRODUCT, listKey productId): the whole catalogue in one paged query |
 * | recommendation                | RECOMMENDATION#<id>           | RECORD         | written once (`attribute_not_exists`): an id recorded again is a replay |
 * | retention offer request       | OFFER-REQUEST#<requestId>     | ANSWER         | written once with the offer's recommendation or RecommendationUnavailable: a request answered again is a replay |
 * | KPI bucket (counters)         | KPI#<branch>                  | DAY#<yyyy-mm-dd> | byEntity (entityType KPI_DAY, listKey `<yyyy-mm-dd>#<branch>`: every branch's days of a range in one query) |
 * | outbox event                  | OUTBOX#<eventId>              | EVENT          | (shared/outbox) |
 *
 * `customer()` reads the customer's two items in one Query (sk BETWEEN `ANSWERS` AND `FACTS`).
 * KPI days are China Standard Time dates (docs/domain-rules.md §19.7); a branch's range of days
 * is one query on its partition, every branch's one query on byEntity, as engagement's buckets.
 * Idempotency-Key replays need no item of their own: the API derives the recommendation id from
 * the caller and the key, and the recommendation item is written once.
 */
export const PRODUCT_ENTITY = 'PRODUCT';

export const FACTS_SK = 'FACTS';
export const ANSWERS_SK = 'ANSWERS';

const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;

export const factsKey = (customerId: string) => ({ pk: customerPk(customerId), sk: FACTS_SK });
export const answersKey = (customerId: string) => ({ pk: customerPk(customerId), sk: ANSWERS_SK });
/** The partition of a customer's facts and answers (`ANSWERS` sorts before `FACTS`). */
export const customerPartition = (customerId: string) => customerPk(customerId);

export const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'CURRENT' });
export const productListKey = (productId: string) => productId;

export const recommendationKey = (recommendationId: string) => ({
  pk: `RECOMMENDATION#${recommendationId}`,
  sk: 'RECORD',
});

/** A retention case's offer request, answered once (docs/domain-rules.md §20.5). */
export const offerRequestKey = (requestId: string) => ({ pk: `OFFER-REQUEST#${requestId}`, sk: 'ANSWER' });

/** KPI buckets are laid out as every capability's (shared/dynamodb/day-buckets.ts). */
export { KPI_DAY_ENTITY, kpiBucketKey, kpiDayListKey } from '../../../shared/dynamodb/day-buckets.js';
