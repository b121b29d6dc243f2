import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_TYPES } from '../../customers/events.js';
import type { CustomerFacts } from '../domain/customer-facts.js';
import type { SegmentState } from '../domain/customer-grading.js';
import { SCORE_DIMENSIONS } from '../domain/segmentation/composite.js';
import {
  ACTIVITY_TIERS,
  ASSET_TIERS,
  COMPLIANCE_STATUSES,
  COMPOSITE_GRADES,
  CREDIT_GRADES,
  CUSTOMER_STATUSES,
  LIFECYCLE_STAGES,
} from '../domain/segmentation/values.js';
import { SEGMENT_DIMENSIONS } from '../events.js';
import type { ParkedEvent, SegmentChangeRecord, StoredSegments } from './grading-store.js';

/**
 * Items of the grading side read back into domain values through `readItem`. Loose objects:
 * storage-only attributes (keys, index attributes) are dropped; an item of the wrong shape
 * throws with the item kind and paths only, never a value.
 */

const text = z.string().check(z.minLength(1));

const factsItem = z.lazy(() =>
  z.object({
    customerId: text,
    customerType: z.enum(CUSTOMER_TYPES),
    branch: text,
    rmId: text,
    onboardedAt: text,
    relationship: z.enum(['active', 'closed']),
    profileVersion: z.number(),
    creditGrade: z.optional(z.enum(CREDIT_GRADES)),
    creditAt: z.optional(text),
    complianceStatus: z.optional(z.enum(COMPLIANCE_STATUSES)),
    complianceAt: z.optional(text),
  }),
);

const summaryMonthItem = z.object({
  month: text,
  transactions: z.number(),
  aum: z.nullable(z.number()),
  outflows: z.number(),
});

const activitySummaryItem = z.object({
  lastTransactionDay: z.nullable(text),
  months: z.array(summaryMonthItem),
  currency: text,
});

const segmentsItem = z.lazy(() =>
  z.object({
    customerId: text,
    branch: text,
    version: z.number(),
    assetTier: z.enum(ASSET_TIERS),
    privateBanking: z.boolean(),
    activityTier: z.enum(ACTIVITY_TIERS),
    creditGrade: z.enum(CREDIT_GRADES),
    complianceStatus: z.enum(COMPLIANCE_STATUSES),
    compositeScore: z.number(),
    compositeGrade: z.enum(COMPOSITE_GRADES),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    status: z.enum(CUSTOMER_STATUSES),
    contributions: z.array(
      z.object({
        dimension: z.enum(SCORE_DIMENSIONS),
        weight: z.number(),
        percent: z.number(),
        points: z.number(),
      }),
    ),
    gradedAt: text,
    configVersion: z.number(),
    reactivatedAt: z.optional(text),
    lastActiveAt: z.optional(text),
    regradeAt: text,
    activitySummary: z.optional(activitySummaryItem),
  }),
);

const historyItem = z.lazy(() =>
  z.object({
    customerId: text,
    dimension: z.enum(SEGMENT_DIMENSIONS),
    from: z.nullable(text),
    to: text,
    at: text,
  }),
);

const parkedItem = z.lazy(() =>
  z.object({
    customerId: text,
    eventKey: text,
    event: text,
    parkedAt: text,
    parkExpiresAt: text,
  }),
);

const envelope = z.lazy(() =>
  z.object({ source: text, detailType: text, id: text, time: text, detail: z.unknown() }),
);

export function factsFromItem(item: unknown): CustomerFacts {
  return readItem(factsItem, item, 'customer facts');
}

export function segmentsFromItem(item: unknown): StoredSegments {
  const { version, ...state } = readItem(segmentsItem, item, 'segments');
  return { state: state satisfies SegmentState, version };
}

export function historyFromItem(item: unknown): SegmentChangeRecord {
  return readItem(historyItem, item, 'segment history');
}

export function parkedFromItem(item: unknown): ParkedEvent {
  const parked = readItem(parkedItem, item, 'parked event');
  let event: unknown;
  try {
    event = JSON.parse(parked.event);
  } catch {
    throw new Error('Activity table parked event item does not hold JSON');
  }
  return {
    customerId: parked.customerId,
    key: parked.eventKey,
    event: readItem(envelope, event, 'parked event'),
    parkedAt: parked.parkedAt,
    expiresAt: parked.parkExpiresAt,
  };
}
