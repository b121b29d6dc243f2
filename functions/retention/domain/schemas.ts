import { idField } from '../../../shared/events/fields.js';
import { branchDayRangeQuery, pageQueryFields } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import {
  ATTEMPT_CHANNELS,
  ATTEMPT_RESPONSES,
  CASE_STATUSES,
  EARLY_CLOSE_REASONS,
  RISK_LEVELS,
} from './model.js';

/**
 * Request schemas of the retention API (docs/domain-rules.md §20.7). Strict: unknown fields are
 * refused; messages never echo the value sent. Built on first use (`z.lazy`).
 */

/** A code as RETENTION_CAUSES holds them: lower-case letters, digits and `-`. */
const causeCode = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a cause code: lower-case letters, digits and -'));

/** `GET /v1/churn-risk`: the level (default `high`), a branch, a page. */
export const worklistQuerySchema = z.lazy(() =>
  z.strictObject({
    level: z._default(z.enum(RISK_LEVELS), 'high'),
    branch: z.optional(idField),
    ...pageQueryFields(),
  }),
);
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

/** `GET /v1/retention-cases`: the status (default `outreach`: the cases waiting for a contact), a page. */
export const caseListQuerySchema = z.lazy(() =>
  z.strictObject({
    status: z._default(z.enum(CASE_STATUSES), 'outreach'),
    ...pageQueryFields(),
  }),
);
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

/**
 * `POST /v1/retention-cases/{caseId}/attempts`: how the customer was approached, whether they
 * were reached, the cause they gave (a code of RETENTION_CAUSES), the offer presented (a
 * recommendation id) and their answer. Codes and ids only: never free text.
 */
export const attemptSchema = z.lazy(() =>
  z.strictObject({
    channel: z.enum(ATTEMPT_CHANNELS),
    reached: z.boolean(),
    cause: z.optional(causeCode),
    offerRecommendationId: z.optional(idField),
    response: z.optional(z.enum(ATTEMPT_RESPONSES)),
  }),
);
export type AttemptBody = z.infer<typeof attemptSchema>;

/** `POST /v1/retention-cases/{caseId}/close-early`: why the supervisor closes it now. */
export const closeEarlySchema = z.lazy(() => z.strictObject({ reason: z.enum(EARLY_CLOSE_REASONS) }));
export type CloseEarlyBody = z.infer<typeof closeEarlySchema>;

/** Longest KPI range, in days, both ends included. */
export const KPI_RANGE_MAX_DAYS = 366;

/** `GET /v1/retention/kpis`: China Standard Time days `from`..`to` (both included) and a branch. */
export const kpiQuerySchema = z.lazy(() => branchDayRangeQuery(KPI_RANGE_MAX_DAYS));
export type KpiQuery = z.infer<typeof kpiQuerySchema>;
