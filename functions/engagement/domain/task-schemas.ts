import { branchDayRangeQuery, pageQueryFields } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { TASK_KINDS } from '../events.js';
import { csatSchema, customerWordsSchema, npsSchema } from './schemas.js';
import { TASK_STATUSES, VISIT_CHANNELS } from './task.js';

/**
 * Request schemas of the return-visit and KPI routes (docs/domain-rules.md §18.6–18.7). Strict:
 * unknown fields are refused; messages never echo the value sent. Built on first use (`z.lazy`).
 */

/** Longest visit note (C2, sealed with the customer's engagement key). */
export const VISIT_NOTES_MAX = 2000;
/** Longest KPI range, in days, both ends included. */
export const KPI_RANGE_MAX_DAYS = 366;

export const attemptSchema = z.lazy(() =>
  z.strictObject({
    channel: z.enum(VISIT_CHANNELS),
    reached: z.boolean(),
    resolved: z.optional(z.boolean()),
    csat: z.optional(csatSchema()),
    nps: z.optional(npsSchema()),
    /** What the customer said (C2): sealed, never returned, logged or evented. */
    notes: z.optional(customerWordsSchema(VISIT_NOTES_MAX)),
    followUpNeeded: z.boolean(),
  }),
);
export type AttemptInput = z.infer<typeof attemptSchema>;

export const listTasksQuerySchema = z.lazy(() =>
  z.strictObject({
    status: z.optional(z.enum(TASK_STATUSES)),
    kind: z.optional(z.enum(TASK_KINDS)),
    ...pageQueryFields(),
  }),
);
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

/** The KPI range: UTC days (the buckets'), both included. */
export const kpiQuerySchema = z.lazy(() => branchDayRangeQuery(KPI_RANGE_MAX_DAYS));
export type KpiQuery = z.infer<typeof kpiQuerySchema>;
