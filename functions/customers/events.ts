import { defineEvent } from '../../shared/events/define.js';
import { currencyField, minorUnitsField } from '../../shared/events/external.js';
import { fieldNameField, idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';

/**
 * Events of the customers capability (docs/domain-rules.md §15). Ids, codes and C1 attributes
 * only: a profile change names the fields that changed, never their old or new values.
 */
export const CUSTOMERS_SOURCE = 'crm.customers';

export const CUSTOMER_TYPES = ['individual', 'corporate'] as const;
/** Consent purposes and contact channels (docs/domain-rules.md §7). */
export const CONSENT_PURPOSES = [
  'marketing',
  'product-recommendation',
  'third-party-sharing',
  'analytics',
] as const;
export const CONTACT_CHANNELS = ['sms', 'email', 'app-push', 'phone'] as const;
/** Why processing of a customer is restricted (docs/domain-rules.md §8, §9.2). */
export const RESTRICTION_REASONS = ['erasure-requested', 'compliance-risk'] as const;
/** Whether the relationship with the bank is open or has ended (the record is then kept for retention). */
export const RELATIONSHIP_STATES = ['active', 'closed'] as const;
/** How a periodic information review ended: details confirmed as they were, or corrected. */
export const REVIEW_OUTCOMES = ['confirmed', 'updated'] as const;

/** A customer's assessed risk tolerance, C1 (most conservative) to C5 (docs/domain-rules.md §19). */
export const RISK_TOLERANCES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
/** What the customer said they invest for, recorded with the risk assessment. */
export const INVESTMENT_OBJECTIVES = [
  'capital-preservation',
  'income',
  'balanced',
  'growth',
  'aggressive-growth',
] as const;

/**
 * The C1 facts suitability decides on (docs/domain-rules.md §19), as they are after the change:
 * the risk assessment (tolerance, when it was made, objective, horizon in days, the amount the
 * customer intends to invest) and `senior` (aged 65 or more), which the customers capability
 * computes from the encrypted birth date; no other capability ever sees the birth date. Each
 * assessment field is absent when not recorded.
 */
export const suitabilityFactsField = z.strictObject({
  riskTolerance: z.optional(z.enum(RISK_TOLERANCES)),
  /** When the assessment was made, normalised to UTC. */
  riskAssessedAt: z.optional(instantField),
  investmentObjective: z.optional(z.enum(INVESTMENT_OBJECTIVES)),
  horizonDays: z.optional(z.number().check(z.int(), z.positive(), z.lte(36_500))),
  intendedAmount: z.optional(z.strictObject({ amount: minorUnitsField, currency: currencyField })),
  senior: z.boolean(),
});

/**
 * A customer was registered in the CRM (`at`, record version 1). `onboardedAt` is when the
 * relationship with the bank started (account opening, C1): earlier than `at` for a customer
 * migrated from core banking.
 */
export const CustomerRegistered = defineEvent(
  CUSTOMERS_SOURCE,
  'CustomerRegistered',
  {
    customerId: idField,
    customerType: z.enum(CUSTOMER_TYPES),
    branch: idField,
    rmId: idField,
    onboardedAt: instantField,
    /** Absent in events published before suitability existed: read as no assessment, not senior. */
    suitability: z.optional(suitabilityFactsField),
    at: instantField,
  },
  'A customer was registered in the CRM (record version 1, `at`). `onboardedAt` is when the relationship with the bank started (account opening): earlier than `at` for a customer migrated from core banking. `suitability` carries the C1 facts suitability decides on: the risk assessment when one was recorded (tolerance, when, objective, horizon in days, intended amount) and `senior` (aged 65 or more today in China Standard Time), never the birth date it is computed from.',
);

/**
 * A customer's profile changed; `changedFields` are field names, never values. It also
 * carries the record's assignment facts as they are after the change (`branch`, `rmId`,
 * `relationship`, all C1), so a consumer can keep a mirror of them, ordered by `version`.
 */
export const CustomerProfileChanged = defineEvent(
  CUSTOMERS_SOURCE,
  'CustomerProfileChanged',
  {
    customerId: idField,
    version: z.number().check(z.int(), z.positive()),
    changedFields: z.array(fieldNameField).check(z.minLength(1), z.maxLength(100)),
    branch: idField,
    rmId: idField,
    relationship: z.enum(RELATIONSHIP_STATES),
    /** The suitability facts after the change. Absent in events published before they existed. */
    suitability: z.optional(suitabilityFactsField),
    at: instantField,
  },
  "A customer's profile changed. `changedFields` names the fields, never their values. It also carries the assignment facts after the change (`branch`, `rmId`, `relationship`) and the suitability facts after the change (`suitability`: the risk assessment and `senior`, never the birth date), so a consumer can mirror them, ordered by `version`. The daily senior job publishes it with `changedFields: ['senior']` on the day a customer turns 65.",
);

/** A consent was granted or withdrawn, for a purpose and optionally one channel. */
export const ConsentChanged = defineEvent(
  CUSTOMERS_SOURCE,
  'ConsentChanged',
  {
    customerId: idField,
    purpose: z.enum(CONSENT_PURPOSES),
    channel: z.optional(z.enum(CONTACT_CHANNELS)),
    granted: z.boolean(),
    /**
     * The channels the purpose is granted on after the change (empty when withdrawn). Absent in
     * events published before it existed: a consumer then reads a grant as every channel.
     */
    channels: z.optional(z.array(z.enum(CONTACT_CHANNELS)).check(z.maxLength(CONTACT_CHANNELS.length))),
    at: instantField,
  },
  'A consent was granted or withdrawn for a purpose (and optionally one channel); `channels` lists the channels granted after the change. A withdrawal takes effect at once.',
);

/** Processing of a customer is restricted: no marketing, recommendations or outreach. */
export const CustomerRestricted = defineEvent(
  CUSTOMERS_SOURCE,
  'CustomerRestricted',
  {
    customerId: idField,
    reason: z.enum(RESTRICTION_REASONS),
    at: instantField,
  },
  'Processing of the customer is restricted (an erasure request, or a compliance risk): no marketing, recommendations or outreach until lifted.',
);

/**
 * One reason for restricting a customer no longer holds (compliance status no longer `risk`).
 * Other reasons may still restrict processing: an erasure request is never lifted.
 */
export const CustomerRestrictionLifted = defineEvent(
  CUSTOMERS_SOURCE,
  'CustomerRestrictionLifted',
  {
    customerId: idField,
    reason: z.enum(RESTRICTION_REASONS),
    at: instantField,
  },
  'One reason for restricting the customer no longer holds (the compliance status is no longer `risk`). Another reason may still restrict processing: an erasure request is never lifted.',
);

/** A customer's personal data was crypto-shredded and the record anonymised. */
export const CustomerErased = defineEvent(
  CUSTOMERS_SOURCE,
  'CustomerErased',
  {
    customerId: idField,
    at: instantField,
  },
  "The customer's personal data was crypto-shredded and the record anonymised at the end of retention. Every capability purges or anonymises what it keeps about the customer.",
);

/**
 * A periodic information review is due; the RM must complete it by `deadline`, which is
 * provisional when it was counted over a year the working-day calendar has no data for.
 */
export const ReviewDue = defineEvent(
  CUSTOMERS_SOURCE,
  'ReviewDue',
  {
    reviewId: idField,
    customerId: idField,
    branch: idField,
    rmId: idField,
    dueAt: instantField,
    deadline: instantField,
    deadlineProvisional: z.boolean(),
  },
  'A periodic information review is due; the relationship manager must complete it by `deadline` (10 working days by default). `deadlineProvisional` is true when the deadline was counted over a year the working-day calendar has no data for (weekends only as rest days): it is counted again when that year is loaded, and `GET /v1/reviews` then shows the corrected deadline.',
);

/**
 * The RM missed the deadline; the branch supervisor must complete the review by `deadline`
 * (provisional as for ReviewDue).
 */
export const ReviewEscalated = defineEvent(
  CUSTOMERS_SOURCE,
  'ReviewEscalated',
  {
    reviewId: idField,
    customerId: idField,
    branch: idField,
    deadline: instantField,
    deadlineProvisional: z.boolean(),
  },
  'The relationship manager missed the review deadline; the branch supervisor must complete it by `deadline`. `deadlineProvisional` is true when the deadline was counted over a year the working-day calendar has no data for: it is counted again when that year is loaded, and `GET /v1/reviews` then shows the corrected deadline. Announced once per review.',
);

/** A review was completed. */
export const ReviewCompleted = defineEvent(
  CUSTOMERS_SOURCE,
  'ReviewCompleted',
  {
    reviewId: idField,
    customerId: idField,
    outcome: z.enum(REVIEW_OUTCOMES),
    at: instantField,
  },
  'A periodic review was completed: the details were confirmed or updated.',
);

/** Neither the RM nor the supervisor completed the review in time (an SLA breach). */
export const ReviewOverdue = defineEvent(
  CUSTOMERS_SOURCE,
  'ReviewOverdue',
  {
    reviewId: idField,
    customerId: idField,
    branch: idField,
    deadline: instantField,
    at: instantField,
  },
  'Neither the relationship manager nor the supervisor completed the review in time: a regulatory SLA breach.',
);

/** How a customer prefers to be contacted (C1): a channel, and the time zone quiet hours count in. */
export const ContactPreferencesChanged = defineEvent(
  CUSTOMERS_SOURCE,
  'ContactPreferencesChanged',
  {
    customerId: idField,
    version: z.number().check(z.int(), z.positive()),
    preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
    /** An IANA time zone, e.g. `Asia/Shanghai`; absent: none recorded (the reader's default applies). */
    timeZone: z.optional(
      z.string().check(z.regex(/^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$/, 'Expected an IANA time zone')),
    ),
    at: instantField,
  },
  "The customer's contact preferences changed: the preferred channel and the time zone quiet hours are counted in (each optional: absent when none is recorded, and the reader's default applies). C1; ordered by `version`.",
);

/** Why a dispatched contact was not delivered (docs/domain-rules.md §18.5). */
export const DELIVERY_FAILURES = [
  'bounced',
  'failed',
  'no-contact-point',
  'consent-withdrawn',
  'restricted',
  'customer-erased',
] as const;

/** A contact dispatched by engagement was handed to the provider (SES, SMS, the bank's gateway) or the gateway reported it delivered. */
export const ContactDelivered = defineEvent(
  CUSTOMERS_SOURCE,
  'ContactDelivered',
  {
    contactId: idField,
    customerId: idField,
    channel: z.enum(CONTACT_CHANNELS),
    provider: z.enum(['ses', 'sms', 'gateway', 'capture']),
    at: instantField,
  },
  'A contact was delivered: accepted by the provider (SES, End User Messaging SMS, the bank gateway, or the local capture sink), or reported delivered by the gateway.',
);

/**
 * A contact could not be delivered. `contactPointFailed` marks an address that does not work
 * (a bounce, an unknown number): a signal later capabilities read.
 */
export const ContactDeliveryFailed = defineEvent(
  CUSTOMERS_SOURCE,
  'ContactDeliveryFailed',
  {
    contactId: idField,
    customerId: idField,
    channel: z.enum(CONTACT_CHANNELS),
    reason: z.enum(DELIVERY_FAILURES),
    contactPointFailed: z.boolean(),
    at: instantField,
  },
  'A contact could not be delivered, with the reason; `contactPointFailed` marks an address that does not work (bounced, unknown), a signal for later capabilities.',
);

/** Every event the customers capability publishes. */
export const customersEvents = [
  CustomerRegistered,
  CustomerProfileChanged,
  ConsentChanged,
  CustomerRestricted,
  CustomerRestrictionLifted,
  CustomerErased,
  ReviewDue,
  ReviewEscalated,
  ReviewCompleted,
  ReviewOverdue,
  ContactPreferencesChanged,
  ContactDelivered,
  ContactDeliveryFailed,
] as const;
