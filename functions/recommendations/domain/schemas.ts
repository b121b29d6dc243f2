import { idField } from '../../../shared/events/fields.js';
import { branchDayRangeQuery } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { RECOMMENDATION_CHANNELS, RECOMMENDATION_RESPONSES } from '../events.js';
import { SENIOR_CONFIRMATION_REASONS } from './suitability.js';

/**
 * Request schemas of the recommendations API (docs/domain-rules.md §19.5–19.7). Strict: unknown
 * fields are refused; messages never echo the value sent. Built on first use (`z.lazy`).
 */

/**
 * `POST /v1/customers/{customerId}/recommendations`: the product, the channel and, for a senior
 * customer and a product above the level they may see without one, the RM's confirmation (its
 * reason code: who and when are the caller and now, never taken from the body).
 */
export const makeRecommendationSchema = z.lazy(() =>
  z.strictObject({
    productId: idField,
    channel: z.enum(RECOMMENDATION_CHANNELS),
    seniorConfirmation: z.optional(z.strictObject({ reason: z.enum(SENIOR_CONFIRMATION_REASONS) })),
  }),
);
export type MakeRecommendationInput = z.infer<typeof makeRecommendationSchema>;

/** `POST /v1/recommendations/{recommendationId}/response`: the customer's answer. */
export const respondSchema = z.lazy(() => z.strictObject({ response: z.enum(RECOMMENDATION_RESPONSES) }));
export type RespondInput = z.infer<typeof respondSchema>;

/** Longest KPI range, in days, both ends included. */
export const KPI_RANGE_MAX_DAYS = 366;

/** `GET /v1/recommendations/kpis`: China Standard Time days `from`..`to` (both included) and a branch. */
export const kpiQuerySchema = z.lazy(() => branchDayRangeQuery(KPI_RANGE_MAX_DAYS));
export type KpiQuery = z.infer<typeof kpiQuerySchema>;
