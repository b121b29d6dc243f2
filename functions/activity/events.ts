import { defineEvent } from '../../shared/events/define.js';
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

/** Every event the activity capability publishes. */
export const activityEvents = [CustomerSegmentChanged] as const;
