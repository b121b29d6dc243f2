import { defineEvent } from '../../shared/events/define.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';
import { contactRequestFields } from '../engagement/events.js';
import {
  ATTEMPT_CHANNELS,
  CASE_OUTCOMES,
  CHURN_SIGNALS,
  EARLY_CLOSE_REASONS,
  RETENTION_STRATEGIES,
  RISK_LEVELS,
} from './domain/model.js';

/**
 * Events of the retention capability (docs/domain-rules.md §20): ids, codes, levels and scores
 * only; never a name, an amount, a contact detail or anything the customer said.
 */
export const RETENTION_SOURCE = 'crm.retention';

const level = z.enum(RISK_LEVELS);
const signals = z.array(z.enum(CHURN_SIGNALS)).check(z.maxLength(CHURN_SIGNALS.length));
/** A probability with three decimals (0.000–1.000). */
const scoreField = z.number().check(z.gte(0), z.lte(1));
/** A cause code from the RETENTION_CAUSES setting (lower-case code, never free text). */
const causeField = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'Expected a cause code'));
const caseIds = { caseId: idField, customerId: idField, branch: idField };

/**
 * A customer's churn risk level changed (`from` is null at the first score): the score, the
 * signals that drove it (largest contribution first) and the model version that scored it.
 */
export const ChurnRiskChanged = defineEvent(
  RETENTION_SOURCE,
  'ChurnRiskChanged',
  {
    customerId: idField,
    branch: idField,
    from: z.nullable(level),
    level,
    score: scoreField,
    reasons: signals,
    modelVersion: z.int().check(z.gte(1)),
    at: instantField,
  },
  "A customer's churn risk level changed (low, medium, high; `from` null at the first score), with the score, the signals that drove it and the model version. Codes and a probability only.",
);

/** A retention case opened for a `medium` or `high` alert; at most one open case per customer. */
export const RetentionCaseOpened = defineEvent(
  RETENTION_SOURCE,
  'RetentionCaseOpened',
  {
    ...caseIds,
    level: z.enum(['medium', 'high']),
    strategy: z.enum(RETENTION_STRATEGIES),
    reasons: signals,
    /** The RM's outreach is due by the end of the 3rd working day. */
    outreachDueAt: instantField,
    /** The 30-day window from the alert, when the outcome is decided. */
    windowEndsAt: instantField,
    at: instantField,
  },
  'A retention case opened for a medium or high churn alert: its strategy, the signals behind it, when the outreach is due (3 working days) and when the 30-day window ends.',
);

/** The outreach was not done by its due time: the case went to the branch supervisor. */
export const RetentionCaseEscalated = defineEvent(
  RETENTION_SOURCE,
  'RetentionCaseEscalated',
  { ...caseIds, at: instantField },
  "The RM's outreach was not done within 3 working days: the case was escalated to the branch supervisor.",
);

/** An attempt to reach the customer was recorded on a case. */
export const RetentionAttemptRecorded = defineEvent(
  RETENTION_SOURCE,
  'RetentionAttemptRecorded',
  {
    ...caseIds,
    attempt: z.int().check(z.gte(1)),
    channel: z.enum(ATTEMPT_CHANNELS),
    reached: z.boolean(),
    cause: z.optional(causeField),
    offerMade: z.boolean(),
    at: instantField,
  },
  'An attempt to reach the customer was recorded on a retention case: channel, whether the customer was reached, the cause they gave (a code), whether an offer was made.',
);

/** A case closed with its outcome. */
export const RetentionCaseClosed = defineEvent(
  RETENTION_SOURCE,
  'RetentionCaseClosed',
  {
    ...caseIds,
    outcome: z.enum(CASE_OUTCOMES),
    /** The cause the customer gave (the latest recorded), `unknown` when none was. */
    cause: causeField,
    strategy: z.enum(RETENTION_STRATEGIES),
    level: z.enum(['medium', 'high']),
    /** Present when a supervisor closed it before the window ended. */
    earlyReason: z.optional(z.enum(EARLY_CLOSE_REASONS)),
    at: instantField,
  },
  'A retention case closed at the end of its 30-day window (or early, by a supervisor, with a reason code): the outcome after the customer was scored again (retained, reactivated, lost), the cause and the strategy.',
);

/**
 * The retention capability asks engagement to contact the customer: a care contact (purpose
 * `care`, no product content) or an offer (purpose `marketing`). Engagement decides under the
 * contact policy like any other request (docs/domain-rules.md §18.1).
 */
export const RetentionContactRequested = defineEvent(
  RETENTION_SOURCE,
  'RetentionContactRequested',
  contactRequestFields,
  'The retention capability asks engagement to contact a customer at risk: a care contact (purpose care, no product content) or an offer (purpose marketing). Engagement decides under the contact policy.',
);

/** A `medium` case asks engagement for a satisfaction survey (trigger `retention`). */
export const RetentionSurveyRequested = defineEvent(
  RETENTION_SOURCE,
  'RetentionSurveyRequested',
  { requestId: idField, ...caseIds, at: instantField },
  'A medium-risk retention case asks engagement to send the customer a satisfaction survey (trigger retention), through the contact path.',
);

/**
 * A price-or-yield case asks the recommendations capability for an offer: it records the
 * best-ranked suitable product for the customer (RecommendationMade with the case id) or says
 * none is suitable (RecommendationUnavailable).
 */
export const RetentionOfferRequested = defineEvent(
  RETENTION_SOURCE,
  'RetentionOfferRequested',
  { requestId: idField, ...caseIds, at: instantField },
  'A price-or-yield retention case asks the recommendations capability for an offer: the best-ranked suitable product, recorded as a recommendation for the RM to present, or word that none is suitable.',
);

/** Every event the retention capability publishes. */
export const retentionEvents = [
  ChurnRiskChanged,
  RetentionCaseOpened,
  RetentionCaseEscalated,
  RetentionAttemptRecorded,
  RetentionCaseClosed,
  RetentionContactRequested,
  RetentionSurveyRequested,
  RetentionOfferRequested,
] as const;
