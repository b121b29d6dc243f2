import type { AuditRecord, StoredAuditRecord } from '../../../shared/audit/index.js';
import type { ScopeFilter } from '../../../shared/auth/policy.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type { CustomerRecord } from '../domain/customer.js';

/** An attribute path inside the customer item, e.g. `['sealed', 'mobile']`. */
export type AttributePath = readonly string[];

/** An item written beside a change: a lock, a schedule, a grant. */
export interface SideItem {
  readonly key: { readonly pk: string; readonly sk: string };
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Fail the whole change if it already exists (uniqueness locks). */
  readonly mustNotExist?: boolean;
}

/**
 * One atomic change to a customer: the record update, its audit record and its events are
 * written together or not at all, in one transaction (docs/architecture.md §6, §8).
 */
export interface CustomerChange {
  readonly customerId: string;
  /** The record the change was built on; the result is computed from it, not read back. */
  readonly base: CustomerRecord;
  /** Optimistic concurrency for client updates (If-Match); omitted for system changes. */
  readonly expectedVersion?: number;
  /** The audit head the new audit record chains onto; keeps the chain linear. */
  readonly expectedAuditSeq: number;
  /**
   * The `nextReviewAt` the change was computed from (`value` undefined: none). The daily
   * review scan moves it without an audit record, so a change that reschedules the review
   * states what it saw; if it moved meanwhile the change fails like an audit conflict.
   */
  readonly expectedNextReviewAt?: { readonly value: string | undefined };
  readonly bumpVersion: boolean;
  readonly set: readonly (readonly [AttributePath, unknown])[];
  readonly remove?: readonly AttributePath[];
  readonly audit: AuditRecord;
  readonly events: readonly CrmEvent[];
  readonly sideItems?: readonly SideItem[];
  readonly deleteItems?: readonly { readonly pk: string; readonly sk: string }[];
  /** Crypto-shredding: the customer's data key is deleted from the key table in the same transaction. */
  readonly deleteDataKey?: boolean;
}

export type ChangeOutcome =
  | { readonly ok: true; readonly record: CustomerRecord }
  | {
      readonly ok: false;
      readonly reason: 'not-found' | 'version-conflict' | 'audit-conflict' | 'duplicate-document';
    };

export interface NewCustomer {
  readonly record: CustomerRecord;
  readonly audit: AuditRecord;
  readonly events: readonly CrmEvent[];
  readonly identityLock: SideItem;
  readonly idempotency?: SideItem;
  readonly reviewSchedule?: undefined;
}

export type CreateOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'duplicate-document' | 'duplicate-request' };

export interface IdempotencyRecord {
  readonly customerId: string;
  readonly fingerprint: string;
}

/** The records a list may return: the policy's scope filter, once `none` is ruled out. */
export type ListScope = Exclude<ScopeFilter, { readonly kind: 'none' }>;

export interface ListFilters {
  readonly customerType?: 'individual' | 'corporate' | undefined;
  readonly relationship?: 'active' | 'closed' | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string | undefined;
}

/**
 * One complaint about a customer, as the complaints capability's events told it: open (the
 * complaints unit may read the customer) or closed (a tombstone, so a late event grants
 * nothing), and its assignee (who holds a read grant while it is open). `assignedOrder` is the
 * `<occurredAt>#<eventId>` of the assignment applied: an older one arriving late is ignored.
 */
export interface ComplaintAccess {
  readonly complaintId: string;
  readonly open: boolean;
  readonly assignee?: string | undefined;
  readonly assignedOrder?: string | undefined;
}

/** The port every customers handler depends on; DynamoDB behind it in production and tests. */
export interface CustomerStore {
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /**
   * The record's encrypted data key: kept in the key table, apart from the record
   * (operations.md §9); undefined once shredded.
   */
  dataKeyOf(record: CustomerRecord): Promise<string | undefined>;
  /** Writes `record.encryptedDataKey` to the key table, never to the record's own item. */
  create(customer: NewCustomer): Promise<CreateOutcome>;
  change(change: CustomerChange): Promise<ChangeOutcome>;
  findIdempotency(sub: string, key: string): Promise<IdempotencyRecord | undefined>;
  findByIdentityDocument(idDocumentIndex: string): Promise<string | undefined>;
  findByMobile(mobileIndex: string): Promise<readonly string[]>;
  /**
   * One page of the customers whose senior-day index (the keyed hash of the CST day they turn
   * SENIOR_AGE) is `seniorDayIndex`: those turning SENIOR_AGE that day and not yet made senior
   * (docs/domain-rules.md §19.3), ids only.
   */
  seniorDayPage(seniorDayIndex: string, limit: number, cursor?: string): Promise<Page<string>>;
  getMany(customerIds: readonly string[]): Promise<readonly CustomerRecord[]>;
  list(scope: ListScope, filters: ListFilters, limit: number, cursor?: string): Promise<Page<CustomerRecord>>;
  /**
   * Whether a service agent may read the customer through a grant: a search grant not yet
   * expired, or the grant of a complaint about the customer assigned to them and still open.
   */
  hasAgentAccess(agentSub: string, customerId: string, now: Date): Promise<boolean>;
  /** Whether a complaint about the customer is open (the complaints unit may read the customer). */
  hasOpenComplaint(customerId: string): Promise<boolean>;
  /** What the customers capability learnt of one complaint about the customer, if anything. */
  complaintAccess(customerId: string, complaintId: string): Promise<ComplaintAccess | undefined>;
  auditTrail(customerId: string): Promise<readonly StoredAuditRecord[]>;
  /** Customers whose next review is due at or before `now`. */
  dueForReview(now: Date, limit: number, cursor?: string): Promise<Page<CustomerRecord>>;
  /** One page of the customers whose erasure can be carried out at `now` (retention over), ids only. */
  dueForShredding(now: Date, limit: number, cursor?: string): Promise<Page<string>>;
}
