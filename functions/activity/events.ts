import { defineEvent } from '../../shared/events/define.js';
import { currencyField, minorUnitsField } from '../../shared/events/external.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';

/**
 * Events of the activity capability (activity ingestion, segmentation and grading). Segment
 * values (tiers, grades, scores) are C1 (docs/domain-rules.md §2.1), so they may travel.
 */
export const ACTIVITY_SOURCE = 'crm.activity';

/** The graded dimensions (docs/domain-rules.md §14.3–14.5) a change is reported on. */
export const SEGMENT_DIMENSIONS = [
  'assetTier',
  'privateBanking',
  'activityTier',
  'creditGrade',
  'complianceStatus',
  'compositeGrade',
  'lifecycleStage',
  'status',
] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/**
 * The lifecycle stages (docs/domain-rules.md §14.5): the values CustomerSegmentChanged carries
 * for `lifecycleStage`, declared here so a consuming capability reads them from the events.
 */
export const LIFECYCLE_STAGES = [
  'new',
  'growing',
  'mature',
  'declining',
  'dormant',
  'churned',
  'reactivated',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A segment value as events carry it: an enum value, or `true`/`false` for privateBanking. */
const segmentValueField = z.string().check(z.regex(/^[a-z][a-z-]{0,31}$/, 'Expected a segment value'));

/**
 * One dimension of a customer's segments changed at `at` (the grading time). `from` is null
 * when the customer is graded for the first time. One event per changed dimension.
 */
export const CustomerSegmentChanged = defineEvent(
  ACTIVITY_SOURCE,
  'CustomerSegmentChanged',
  {
    customerId: idField,
    dimension: z.enum(SEGMENT_DIMENSIONS),
    from: z.nullable(segmentValueField),
    to: segmentValueField,
    at: instantField,
  },
  "One dimension of a customer's segments changed at `at` (the grading time); `from` is null at the first grading. One event per changed dimension; segment values are C1.",
);

/** A civil day in China Standard Time, `YYYY-MM-DD`. */
const cstDayField = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Expected YYYY-MM-DD'));
/** A calendar month in China Standard Time, `YYYY-MM`. */
const monthField = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected YYYY-MM'));

/** How many complete months an activity summary carries (the churn signals look back 6). */
export const SUMMARY_MONTHS = 6;

/**
 * One complete CST month of a customer's activity: successful transactions, the AUM of the
 * month's latest balance snapshot (null when the month has none), and the successful
 * `transfer-out` amount (money leaving for another institution), in `currency` minor units.
 */
export const summaryMonthField = z.strictObject({
  month: monthField,
  transactions: z.int().check(z.gte(0)),
  aum: z.nullable(minorUnitsField),
  outflows: minorUnitsField,
});

/**
 * A customer's activity summary changed materially: the day of the last successful transaction,
 * or a complete month's figures (a month completed, or late data for one). Only complete months
 * are summarised, so a busy customer causes at most one event a day (their last transaction
 * day), not one per transaction. The churn early warning keeps its features from it
 * (docs/domain-rules.md §20.1). Counts and amounts are C1 aggregates; never an account.
 */
export const ActivitySummaryChanged = defineEvent(
  ACTIVITY_SOURCE,
  'ActivitySummaryChanged',
  {
    customerId: idField,
    /** The CST day of the latest successful transaction; null when there has been none. */
    lastTransactionDay: z.nullable(cstDayField),
    /** The last SUMMARY_MONTHS complete months, newest first (fewer for a new customer). */
    months: z.array(summaryMonthField).check(z.maxLength(SUMMARY_MONTHS)),
    currency: currencyField,
    at: instantField,
  },
  "A customer's activity summary changed materially: the CST day of the last successful transaction, or the figures of the last six complete months (successful transactions, month-end AUM, transfers out). At most one event a day for a busy customer; aggregates only.",
);

/** Every event the activity capability publishes. */
export const activityEvents = [CustomerSegmentChanged, ActivitySummaryChanged] as const;
