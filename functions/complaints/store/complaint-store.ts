import type { AuditEntry, StoredAuditRecord } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type {
  Complaint,
  ComplaintCategory,
  ComplaintPriority,
  ComplaintStatus,
  SealedComplaintText,
} from '../domain/model.js';

/**
 * What the complaints capability knows of a customer: the C1 assignment facts mirrored from the
 * customers capability's events (CustomerRegistered, CustomerProfileChanged, ordered by the
 * record's `version`), and whether the customer was erased. A complaint can only be taken for a
 * customer the mirror knows: its branch decides the complaint's scope and queue.
 */
export interface MirroredCustomer {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  readonly version: number;
  readonly erased: boolean;
}

/** A change to the mirror, as one customers event brings it. */
export type CustomerMirrorChange =
  | { readonly kind: 'registered'; readonly branch: string; readonly rmId: string }
  | { readonly kind: 'profile'; readonly version: number; readonly branch: string; readonly rmId: string }
  | { readonly kind: 'erased'; readonly at: string };

/**
 * `stale`: an older version than the mirrored one (ignored). `other-branch`: the change moves the
 * customer to another branch, which the customers capability never does (the consumer
 * dead-letters it: scope is never widened on an event alone). `erased`: the customer was erased.
 */
export type MirrorOutcome = 'applied' | 'stale' | 'other-branch' | 'erased';

/** An item written beside a change (a grant, a lock), keyed in the Complaints table. */
export interface SideItem {
  readonly key: { readonly pk: string; readonly sk: string };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly mustNotExist?: boolean;
}

/** A new complaint and everything written with it, in one transaction (docs/architecture.md §6, §8). */
export interface NewComplaint {
  readonly complaint: Complaint;
  readonly sealed: SealedComplaintText;
  /** The complaint's own data key, encrypted under the customer-managed key (the key table). */
  readonly encryptedDataKey: string;
  /** `complaint.created` in the complaint's own audit chain (subject `complaint#<id>`). */
  readonly audit: AuditEntry;
  readonly events: readonly CrmEvent[];
  /** Caller and Idempotency-Key with the request's fingerprint, when the header was sent. */
  readonly idempotency?: { readonly sub: string; readonly key: string; readonly fingerprint: string };
  /**
   * A repeat: the open complaint it links to, updated in the same transaction (its `repeats`
   * and priority), guarded by the version it was read at, with its own audit entry.
   */
  readonly linkTo?: {
    readonly complaint: Complaint;
    readonly expectedVersion: number;
    readonly audit: AuditEntry;
  };
}

export type CreateOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * `open-exists`: another open complaint about the customer and category was written first
       * (the open-complaint marker is taken): the caller reads it and links as a repeat.
       * `duplicate-request`: the Idempotency-Key was used meanwhile. `link-conflict`: the open
       * complaint changed while linking; read again and retry.
       */
      readonly reason: 'open-exists' | 'duplicate-request' | 'link-conflict';
    };

export interface IdempotencyRecord {
  readonly complaintId: string;
  readonly fingerprint: string;
}

/** A complaint with the head of its audit chain, as read for a change. */
export interface StoredComplaint {
  readonly complaint: Complaint;
  /** The `seq` of the last audit record of the complaint's chain. */
  readonly auditSeq: number;
}

/**
 * One atomic change: the whole new complaint (written under the version guard), its audit
 * record and its events, together or not at all. `bumpVersion` false for workflow bookkeeping
 * (storing a task token) that a client's If-Match should not see as a change. The stored
 * version is `expectedVersion + 1` (or `expectedVersion` without the bump) whatever
 * `complaint.version` says; the returned complaint carries it.
 */
export interface ComplaintChange {
  readonly complaint: Complaint;
  readonly expectedVersion: number;
  readonly expectedAuditSeq: number;
  readonly bumpVersion: boolean;
  readonly audit?: AuditEntry | undefined;
  readonly events: readonly CrmEvent[];
  readonly sideItems?: readonly SideItem[];
  /** Closing a complaint frees the open-complaint marker of its customer and category. */
  readonly releaseOpenMarker?: boolean;
}

/**
 * A note on a complaint: its text sealed with the complaint's data key (associated data the
 * complaint id and `note.<noteId>`), stored beside the complaint, never in it.
 */
export interface ComplaintNote {
  readonly noteId: string;
  /** ISO 8601 UTC; notes are returned oldest first. */
  readonly at: string;
  /** Staff id of the writer. */
  readonly author: string;
  readonly sealedText: string;
}

export type ChangeOutcome =
  | { readonly ok: true; readonly complaint: Complaint }
  | { readonly ok: false; readonly reason: 'not-found' | 'version-conflict' | 'audit-conflict' };

/** The complaints a list may return (the service has ruled out callers with no scope). */
export type ListScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'rm'; readonly rmId: string; readonly branch: string }
  /**
   * A service agent: assigned to them (`view` `mine`, the default), or unassigned in their queue
   * (`view` `queue`). Two lists, so that each page is one query with one cursor.
   */
  | {
      readonly kind: 'agent';
      readonly sub: string;
      readonly queue: string;
      readonly view?: 'mine' | 'queue' | undefined;
    };

export interface ListFilters {
  readonly status?: ComplaintStatus | undefined;
  readonly assignee?: string | undefined;
  readonly branch?: string | undefined;
  readonly priority?: ComplaintPriority | undefined;
  readonly category?: ComplaintCategory | undefined;
  /** Only complaints whose next pending deadline is before this instant. */
  readonly dueBefore?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque, for the next page; absent on the last page. */
  readonly cursor?: string | undefined;
}

/** Persistence port of the complaints capability; `dynamo-complaint-store.ts` is its adapter. */
export interface ComplaintStore {
  customer(customerId: string): Promise<MirroredCustomer | undefined>;
  applyCustomerChange(customerId: string, change: CustomerMirrorChange): Promise<MirrorOutcome>;

  /** The open complaint about this customer and category (the open-complaint marker), if any. */
  openComplaintFor(customerId: string, category: ComplaintCategory): Promise<string | undefined>;
  idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined>;
  create(entry: NewComplaint): Promise<CreateOutcome>;

  get(complaintId: string): Promise<StoredComplaint | undefined>;
  /** The sealed text, the notes (oldest first) and the encrypted data key; undefined once shredded. */
  sealedText(complaintId: string): Promise<
    | {
        readonly sealed: SealedComplaintText;
        readonly encryptedDataKey: string;
        readonly notes: readonly ComplaintNote[];
      }
    | undefined
  >;
  change(change: ComplaintChange): Promise<ChangeOutcome>;
  /**
   * Appends an audit record that changes nothing else (a read of the free text), before the
   * text is returned (fail closed). False when the chain moved meanwhile (read again).
   */
  appendAudit(complaintId: string, expectedAuditSeq: number, entry: AuditEntry): Promise<boolean>;
  /**
   * Adds a note and its audit record (`complaint.note-added`) together, guarded by the audit
   * head the caller read (the complaint's version does not move: a note changes nothing of it).
   * False when the chain moved meanwhile (read again).
   */
  addNote(
    complaintId: string,
    expectedAuditSeq: number,
    note: ComplaintNote,
    audit: AuditEntry,
  ): Promise<boolean>;
  /**
   * The complaint's audit chain, oldest first, every record's signature and the chain's head
   * checked: a broken chain throws `AuditChainBrokenError` (fail closed).
   */
  auditTrail(complaintId: string): Promise<StoredAuditRecord[]>;

  list(scope: ListScope, filters: ListFilters, limit: number, cursor?: string): Promise<Page<Complaint>>;
  /** Every complaint received in [from, to), of one branch or all: the report's input. */
  receivedBetween(from: string, to: string, branch?: string): Promise<Complaint[]>;
  /**
   * Customers the mirror knows and that were not erased, of one branch or all: the report's
   * "per 10,000 customers" denominator, counted when the report is made.
   */
  customerCount(branch?: string): Promise<number>;
  /**
   * Open complaints whose next pending deadline (`nextDueAt`) is at or before `instant` (the
   * sparse byDue index): the due-soon metric's count.
   */
  dueBefore(instant: string): Promise<number>;
  /** Complaints of a customer, for erasure. */
  complaintsOf(customerId: string): Promise<string[]>;
  /** Crypto-shreds a complaint's text: deletes its data key and sealed text, marks it erased. */
  shredText(complaintId: string, audit: AuditEntry): Promise<void>;
}
