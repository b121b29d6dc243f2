import { readItem } from '../../../shared/dynamodb/items.js';
import { COMPLIANCE_STATUSES } from '../../../shared/events/external.js';
import * as z from '../../../shared/zod.js';
import { investmentObjectiveSchema, riskToleranceSchema } from '../domain/assessment-schemas.js';
import { SEALED_FIELD_NAMES, type SealedFieldName } from '../domain/classification.js';
import type { CustomerRecord } from '../domain/customer.js';
import { consentPurposeSchema } from '../domain/schemas.js';
import {
  CONTACT_CHANNELS,
  CUSTOMER_TYPES,
  RELATIONSHIP_STATES,
  RESTRICTION_REASONS,
  REVIEW_OUTCOMES,
} from '../events.js';
import type { ReviewRecord } from './review-store.js';

/**
 * What the customers store writes, as zod schemas: every item is read back through one of
 * them (`readItem`), never cast. Loose objects: storage attributes (keys, index keys) are not
 * part of the record and are left out of what the schemas return.
 */

const text = z.string();
const optionalText = z.optional(z.string());

/** One value per sealed (C2) field name: its ciphertext, or its masked display form. */
const perSealedField = () =>
  z.partialRecord(z.enum(SEALED_FIELD_NAMES as [SealedFieldName, ...SealedFieldName[]]), z.string());

const customerItem = z.lazy(() =>
  z.object({
    customerId: text,
    customerType: z.enum(CUSTOMER_TYPES),
    branch: text,
    rmId: text,
    version: z.number(),
    onboardedAt: text,
    createdAt: text,
    updatedAt: text,
    idType: optionalText,
    legalRepresentativeIdType: optionalText,
    companyName: optionalText,
    uscc: optionalText,
    occupation: optionalText,
    riskTolerance: z.optional(riskToleranceSchema),
    riskAssessedAt: optionalText,
    investmentObjective: z.optional(investmentObjectiveSchema),
    horizonDays: z.optional(z.number()),
    intendedAmount: z.optional(z.object({ amount: z.number(), currency: text })),
    senior: z.boolean(),
    seniorDayIndex: optionalText,
    sealed: perSealedField(),
    masked: perSealedField(),
    encryptedDataKey: optionalText,
    relationship: z.enum(RELATIONSHIP_STATES),
    relationshipEndedAt: optionalText,
    retentionUntil: optionalText,
    restricted: z.boolean(),
    restrictionReason: z.optional(z.enum(RESTRICTION_REASONS)),
    erasureRequestedAt: optionalText,
    shreddedAt: optionalText,
    consents: z.partialRecord(
      consentPurposeSchema,
      z.object({ granted: z.boolean(), channels: z.array(z.string()), at: text }),
    ),
    preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
    timeZone: optionalText,
    complianceStatus: z.enum(COMPLIANCE_STATUSES),
    complianceStatusAt: optionalText,
    nextReviewAt: optionalText,
    lastReviewedAt: optionalText,
    audit: z.optional(z.object({ seq: z.number(), hash: text })),
    idDocumentIndex: optionalText,
    mobileIndex: optionalText,
  }),
);

/**
 * A stored customer item as the domain record. Items written before a field existed get its
 * default: no sealed or masked fields or consents yet, an onboarding date equal to the day
 * the record was created (the relationship started in the CRM), and not senior (records
 * written before `senior` existed carry no senior day either: see docs/domain-rules.md §19.3).
 */
export function customerFromItem(item: Record<string, unknown>): CustomerRecord {
  const withDefaults = {
    sealed: {},
    masked: {},
    consents: {},
    senior: false,
    ...item,
    onboardedAt: item.onboardedAt ?? item.createdAt,
  };
  return readItem(customerItem, withDefaults, 'customer');
}

const reviewItem = z.lazy(() =>
  z.object({
    reviewId: text,
    customerId: text,
    branch: text,
    rmId: text,
    status: z.enum(['open', 'escalated', 'completed', 'overdue']),
    stage: z.enum(['rm', 'supervisor']),
    // `dueAt` is both a record field and the byDue index's sort key: the record keeps it as `reviewDueAt`.
    reviewDueAt: text,
    createdAt: text,
    rmDeadline: text,
    supervisorDeadline: text,
    rmDeadlineProvisional: z.boolean(),
    supervisorDeadlineProvisional: z.boolean(),
    missingCalendarYears: z.array(z.number().check(z.int())),
    taskToken: optionalText,
    outcome: z.optional(z.enum(REVIEW_OUTCOMES)),
    completedAt: optionalText,
    completedBy: optionalText,
    overdueAt: optionalText,
  }),
);

/**
 * A stored review item as the domain record. Reviews opened before deadlines were flagged read
 * as final, so a newly loaded year never recounts them: their workflows run a PeriodicReview
 * definition that cannot be told its deadlines moved.
 */
export function reviewFromItem(item: Record<string, unknown>): ReviewRecord {
  const withDefaults = {
    rmDeadlineProvisional: false,
    supervisorDeadlineProvisional: false,
    missingCalendarYears: [],
    ...item,
  };
  const { reviewDueAt, ...review } = readItem(reviewItem, withDefaults, 'review');
  return { ...review, dueAt: reviewDueAt };
}
