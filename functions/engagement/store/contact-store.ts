import type { CrmEvent } from '../../../shared/events/index.js';
import type { DELIVERY_FAILURES } from '../../customers/events.js';
import type {
  ConsentChannel,
  ContactOutcome,
  ContactPurpose,
  ContactRule,
  DeliveryChannel,
} from '../domain/model.js';
import type { KpiIncrements } from './kpi-counters.js';

/**
 * The contact path's records (docs/domain-rules.md §18.1): one contact per request, with every
 * decision taken on it, and the marketing-cap ledger of each customer. Ids, codes, instants and
 * the template's non-personal parameters only: never a name, an address or free text.
 */

/** One decision taken on a contact (the first when requested, the next ones when it was due again). */
export interface DecisionEntry {
  readonly at: string;
  readonly outcome: ContactOutcome;
  readonly rule: ContactRule;
  readonly channel?: DeliveryChannel | undefined;
  readonly dueAt?: string | undefined;
}

/** Why a dispatched contact was not delivered. */
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

/** Where a contact stands: decided (sent, deferred, refused, dropped), then what delivery made of a sent one. */
export type ContactStatus = ContactOutcome | 'delivered' | 'failed';

/** What delivery reported about a sent contact (ContactDelivered / ContactDeliveryFailed). */
export interface DeliveryResult {
  readonly result: 'delivered' | 'failed';
  readonly at: string;
  readonly channel: ConsentChannel;
  readonly provider?: string | undefined;
  readonly reason?: DeliveryFailure | undefined;
  readonly contactPointFailed?: boolean | undefined;
}

/** A contact: the request as asked, and what was decided and delivered. */
export interface ContactRecord {
  readonly contactId: string;
  readonly customerId: string;
  readonly requestId: string;
  readonly purpose: ContactPurpose;
  readonly templateId: string;
  /** The template version the text was rendered from (a sent contact). */
  readonly templateVersion?: number | undefined;
  readonly preferredChannel?: DeliveryChannel | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly earliestAt?: string | undefined;
  readonly latestAt: string;
  readonly customerRequested?: boolean | undefined;
  readonly regarding?: string | undefined;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly status: ContactStatus;
  /** The rule of the last decision. */
  readonly rule: ContactRule;
  /** The channel chosen by the last decision that chose one. */
  readonly channel?: DeliveryChannel | undefined;
  /** When a deferred contact is decided again. */
  readonly dueAt?: string | undefined;
  /** Every decision, oldest first. */
  readonly decisions: readonly DecisionEntry[];
  readonly delivery?: DeliveryResult | undefined;
  /** Bumped by every write: the guard of a change to an existing contact. */
  readonly revision: number;
}

/** The sends of one customer's marketing cap window, and the version every send is guarded by. */
export interface MarketingLedger {
  /** Instants of the marketing contacts sent, still inside the window when last written. */
  readonly sends: readonly string[];
  /** 0 when the customer has no ledger yet. */
  readonly version: number;
}

/** KPI counters added with a write, in the bucket of `branch` on the day of `at`. */
export interface KpiAddition {
  readonly branch: string;
  readonly at: string;
  readonly increments: KpiIncrements;
}

/**
 * One decision written atomically: the contact (new, or replacing the revision read), the
 * request's dedupe item (with a new contact), the marketing ledger (a marketing send, guarded by
 * the version read), the outbox events and the KPI counters.
 */
export interface ContactWrite {
  /** When the decision was taken (the outbox items' time). */
  readonly at: string;
  readonly contact: ContactRecord;
  /** The revision the contact was read at; absent for a new contact. */
  readonly expectedRevision?: number | undefined;
  readonly ledger?: { readonly expectedVersion: number; readonly sends: readonly string[] } | undefined;
  readonly events: readonly CrmEvent[];
  readonly kpi?: KpiAddition | undefined;
}

/**
 * `written`; `ledger-moved`: another send changed the ledger since it was read (decide again);
 * `duplicate-request`: the request was decided meanwhile by another delivery; `contact-moved`:
 * the contact was changed meanwhile (decided again, refused by a withdrawal).
 */
export type ContactWriteOutcome = 'written' | 'ledger-moved' | 'duplicate-request' | 'contact-moved';

/** A page of a customer's contacts, newest first. */
export interface ContactPage {
  readonly items: readonly ContactRecord[];
  readonly cursor?: string | undefined;
}

/** A contact the minute job decides again. */
export interface DueContactRef {
  readonly customerId: string;
  readonly contactId: string;
}

export interface ContactStore {
  /** The contact a request was decided as, if it was. */
  contactOfRequest(requestId: string): Promise<DueContactRef | undefined>;
  contact(customerId: string, contactId: string): Promise<ContactRecord | undefined>;
  /** The customer's marketing ledger (empty, version 0, when none was written). */
  ledger(customerId: string): Promise<MarketingLedger>;
  record(write: ContactWrite): Promise<ContactWriteOutcome>;
  /** One page of the customer's contacts, newest first. */
  contactsOf(customerId: string, limit: number, cursor?: string): Promise<ContactPage>;
  /** Every deferred contact due at or before `now`, oldest due first. */
  dueContacts(now: string): Promise<readonly DueContactRef[]>;
  /** The customer's deferred contacts (a withdrawal or an erasure refuses them). */
  deferredOf(customerId: string): Promise<readonly ContactRecord[]>;
}
