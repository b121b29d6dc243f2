import type { CONSENT_PURPOSES, CONTACT_CHANNELS, RESTRICTION_REASONS } from '../../customers/events.js';
import type {
  CONTACT_OUTCOMES,
  CONTACT_PURPOSES,
  CONTACT_RULES,
  DELIVERY_CHANNELS,
  SURVEY_DIMENSIONS,
  SURVEY_TRIGGERS,
  TASK_KINDS,
} from '../events.js';

/**
 * The engagement capability's vocabulary (docs/domain-rules.md §18). The lists are declared
 * once, with the events that carry them.
 */
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export type ConsentChannel = (typeof CONTACT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export type ContactRule = (typeof CONTACT_RULES)[number];
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];
export type SurveyTrigger = (typeof SURVEY_TRIGGERS)[number];
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number];
export type TaskKind = (typeof TASK_KINDS)[number];

/** A contact request, as a capability publishes it or a survey makes it (events.ts `contactRequestFields`). */
export interface ContactRequest {
  readonly requestId: string;
  readonly customerId: string;
  readonly purpose: ContactPurpose;
  readonly preferredChannel?: DeliveryChannel | undefined;
  readonly templateId: string;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  /** Not before this instant (default: when the request is decided). */
  readonly earliestAt?: string | undefined;
  /** Not after this instant: a contact that cannot be sent by then is dropped (`latest-passed`). */
  readonly latestAt: string;
  /** A complaint update the customer asked for: exempt from quiet hours. */
  readonly customerRequested?: boolean | undefined;
  /** The case the contact is about (a complaint id). */
  readonly regarding?: string | undefined;
  /** Who asked: the capability (`crm.complaints`) or the staff member's sub. */
  readonly requestedBy: string;
}

/** One purpose's consent as the customers capability last announced it (ConsentChanged). */
export interface MirroredConsent {
  readonly granted: boolean;
  /** The channels granted (empty when withdrawn). */
  readonly channels: readonly ConsentChannel[];
  readonly at: string;
}

/**
 * What engagement knows about a customer, mirrored from events (C1 facts only): scope, the
 * consents, restrictions, contact preferences and the composite grade.
 */
export interface CustomerFacts {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  /** CustomerProfileChanged / ContactPreferencesChanged version last applied (older events are ignored). */
  readonly version: number;
  readonly consents: Readonly<Partial<Record<ConsentPurpose, MirroredConsent>>>;
  /** Every reason processing is restricted for, now (empty: not restricted). */
  readonly restrictions: readonly RestrictionReason[];
  readonly preferredChannel?: ConsentChannel | undefined;
  /** IANA time zone quiet hours count in; absent: the configured default (Asia/Shanghai). */
  readonly timeZone?: string | undefined;
  /** Composite grade (activity's CustomerSegmentChanged, dimension `composite`). */
  readonly compositeGrade?: string | undefined;
  /** Channels whose contact point failed (a bounce, an unknown number), most recent first. */
  readonly failedChannels: readonly ConsentChannel[];
  readonly relationship: 'active' | 'closed';
  readonly erased: boolean;
}

/** What the contact policy decided for one request at one instant. */
export type ContactDecision =
  | { readonly outcome: 'sent'; readonly rule: 'allowed'; readonly channel: DeliveryChannel }
  | {
      readonly outcome: 'deferred';
      readonly rule: ContactRule;
      readonly dueAt: string;
      readonly channel?: DeliveryChannel | undefined;
    }
  | { readonly outcome: 'refused' | 'dropped'; readonly rule: ContactRule };
