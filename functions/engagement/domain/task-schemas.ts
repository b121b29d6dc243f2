import { idField } from '../../../shared/events/fields.js';
import { pageQueryFields } from '../../../shared/http/params.js';
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

const MS_PER_DAY = 86_400_000;
/** A calendar date (the KPI buckets are UTC days). */
const isoDate = () =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    z.refine((value) => {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
    }, 'must be a real calendar date'),
  );

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY;

export const kpiQuerySchema = z.lazy(() =>
  z
    .strictObject({
      from: isoDate(),
      to: isoDate(),
      branch: z.optional(idField),
    })
    .check(
      z.refine((query) => !(daysBetween(query.from, query.to) < 0), {
        message: 'must not be before from',
        path: ['to'],
      }),
      z.refine((query) => !(daysBetween(query.from, query.to) >= KPI_RANGE_MAX_DAYS), {
        message: `must be at most ${KPI_RANGE_MAX_DAYS} days after from, both included`,
        path: ['to'],
      }),
    ),
);
export type KpiQuery = z.infer<typeof kpiQuerySchema>;
