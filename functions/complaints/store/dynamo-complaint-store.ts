import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  type AuditHead,
  type AuditSigner,
  auditPut,
  type StoredAuditRecord,
} from '../../../shared/audit/index.js';
import { encodeCursor, MAX_CONFLICT_RETRIES, queryAll } from '../../../shared/dynamodb/index.js';
import { type Labelled, type TransactItem, transactWrite } from '../../../shared/dynamodb/transaction.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { Complaint, ComplaintCategory } from '../domain/model.js';
import { complaintsEvents } from '../events.js';
import { AuditHeads } from './audit-heads.js';
import { verifiedAuditTrail } from './audit-trail.js';
import { signComplaintRecord } from './complaint-chain.js';
import type {
  ChangeOutcome,
  ComplaintChange,
  ComplaintNote,
  ComplaintStore,
  CreateOutcome,
  CustomerMirrorChange,
  IdempotencyRecord,
  ListFilters,
  ListScope,
  MirroredCustomer,
  MirrorOutcome,
  NewComplaint,
  Page,
  StoredComplaint,
} from './complaint-store.js';
import {
  auditHeadUpdate,
  type ChangeLabel,
  type ComplaintTables,
  creationItems,
  guardedPut,
  keysTable,
  markerDelete,
  notePut,
  sideItemPut,
} from './complaint-writes.js';
import { DynamoCustomerMirror } from './customer-mirror.js';
import { complaintFromItem } from './items.js';
import { complaintKey, dataKeyKey, textKey } from './keys.js';
import { listed, listQuery, receivedBetweenQuery } from './list-query.js';
import { complaintIdsOf, countDueBefore, openMarkerHolder, rememberedIdempotency } from './lookups.js';
import { deleteNotes, readSealedText, type SealedText } from './sealed-text.js';

export type { ComplaintTables } from './complaint-writes.js';

/**
 * DynamoDB adapter of the ComplaintStore port (key schema in keys.ts). Every change is one
 * TransactWriteItems: the complaint under its version and audit-head guard, the signed audit
 * record, the outbox events and whatever else belongs with it, together or not at all.
 */
export class DynamoComplaintStore implements ComplaintStore {
  readonly #heads = new AuditHeads();
  readonly #mirror: DynamoCustomerMirror;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: ComplaintTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {
    this.#mirror = new DynamoCustomerMirror(db, tables.complaints);
  }

  customer(customerId: string): Promise<MirroredCustomer | undefined> {
    return this.#mirror.get(customerId);
  }

  applyCustomerChange(customerId: string, change: CustomerMirrorChange): Promise<MirrorOutcome> {
    return this.#mirror.apply(customerId, change);
  }

  openComplaintFor(customerId: string, category: ComplaintCategory): Promise<string | undefined> {
    return openMarkerHolder(this.db, this.tables.complaints, customerId, category);
  }

  idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined> {
    return rememberedIdempotency(this.db, this.tables.complaints, sub, key, this.clock.now());
  }

  async create(entry: NewComplaint): Promise<CreateOutcome> {
    const first = await this.tryCreate(entry, entry.linkTo === undefined);
    // A complaint with new facts gets its own clock, but the marker stays with the older open
    // complaint (docs/domain-rules.md, complaints: repeats): written again without it.
    if (!first.ok && first.reason === 'open-exists' && entry.complaint.newFacts) {
      return this.tryCreate(entry, false);
    }
    return first;
  }

  async get(complaintId: string): Promise<StoredComplaint | undefined> {
    const stored = await this.read(complaintId);
    return stored === undefined ? undefined : { complaint: stored.complaint, auditSeq: stored.head.seq };
  }

  sealedText(complaintId: string): Promise<SealedText | undefined> {
    return readSealedText(this.db, this.tables, complaintId);
  }

  async change(change: ComplaintChange): Promise<ChangeOutcome> {
    const complaintId = change.complaint.complaintId;
    const base = await this.headFor(complaintId, change.expectedVersion, change.expectedAuditSeq);
    if (!base.ok) return base;
    const record =
      change.audit === undefined
        ? undefined
        : await signComplaintRecord(this.signer, complaintId, base.head, change.audit);
    const head = record ?? base.head;
    const stored: Complaint = {
      ...change.complaint,
      version: change.expectedVersion + (change.bumpVersion ? 1 : 0),
    };
    const release =
      change.releaseOpenMarker === true || stored.status === 'closed' ? await this.markerRelease(stored) : [];
    const items: Labelled<ChangeLabel>[] = [
      {
        label: 'complaint',
        item: guardedPut(this.tables.complaints, stored, head, change.expectedVersion, base.head),
      },
      ...(record === undefined
        ? []
        : [{ label: 'audit' as const, item: auditPut(this.tables.audit, record) }]),
      ...(change.sideItems ?? []).map((side) => ({
        label: 'side-item' as const,
        item: sideItemPut(this.tables.complaints, side),
      })),
      ...release,
      ...this.outbox(change.events),
    ];
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) {
      this.#heads.remember(complaintId, head);
      return { ok: true, complaint: stored };
    }
    if (failed.includes('side-item') && !failed.includes('complaint')) {
      throw new Error('An item written with the complaint change exists already');
    }
    return this.whyRefused(complaintId, change.expectedVersion);
  }

  async appendAudit(complaintId: string, expectedAuditSeq: number, entry: AuditEntry): Promise<boolean> {
    return this.appendWith(complaintId, expectedAuditSeq, entry, []);
  }

  async addNote(
    complaintId: string,
    expectedAuditSeq: number,
    note: ComplaintNote,
    audit: AuditEntry,
  ): Promise<boolean> {
    return this.appendWith(complaintId, expectedAuditSeq, audit, [
      notePut(this.tables.complaints, complaintId, note),
    ]);
  }

  auditTrail(complaintId: string): Promise<StoredAuditRecord[]> {
    return verifiedAuditTrail(
      this.db,
      this.tables.audit,
      this.signer,
      complaintId,
      async () => (await this.read(complaintId))?.head,
    );
  }

  async list(
    scope: ListScope,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Complaint>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand(listQuery(this.tables.complaints, scope, filters, limit, cursor)),
    );
    return { items: Items.map((item) => listed(item)), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async receivedBetween(from: string, to: string, branch?: string): Promise<Complaint[]> {
    const items = await queryAll(this.db, receivedBetweenQuery(this.tables.complaints, from, to, branch));
    return items.map((item) => listed(item));
  }

  complaintsOf(customerId: string): Promise<string[]> {
    return complaintIdsOf(this.db, this.tables.complaints, customerId);
  }

  async shredText(complaintId: string, audit: AuditEntry): Promise<void> {
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt += 1) {
      const stored = await this.read(complaintId);
      if (stored === undefined) return;
      if (stored.complaint.textErased) break;
      const record = await signComplaintRecord(this.signer, complaintId, stored.head, audit);
      const version = stored.complaint.version;
      const erased: Complaint = { ...stored.complaint, version: version + 1, textErased: true };
      // The key is what matters: without it the text and the notes are unreadable (crypto-shredding).
      const failed = await transactWrite(this.db, [
        {
          label: 'complaint',
          item: guardedPut(this.tables.complaints, erased, record, version, stored.head),
        },
        { label: 'audit', item: auditPut(this.tables.audit, record) },
        {
          label: 'key',
          item: { Delete: { TableName: keysTable(this.tables), Key: dataKeyKey(complaintId) } },
        },
        { label: 'text', item: { Delete: { TableName: this.tables.complaints, Key: textKey(complaintId) } } },
      ]);
      if (failed.length === 0) {
        this.#heads.remember(complaintId, record);
        break;
      }
      // The complaint moved meanwhile: read it again and shred from there.
      if (attempt === MAX_CONFLICT_RETRIES)
        throw new Error('The complaint kept changing while its text was shredded');
    }
    await deleteNotes(this.db, this.tables.complaints, complaintId);
  }

  /** Open complaints whose next pending deadline is at or before `instant` (the due-soon metric). */
  dueBefore(instant: string): Promise<number> {
    return countDueBefore(this.db, this.tables.complaints, instant);
  }

  /** Customers the mirror knows and that were not erased, of one branch or all (the report's denominator). */
  customerCount(branch?: string): Promise<number> {
    return this.#mirror.count(branch);
  }

  /** A complaint item read through its schema, with its audit head (remembered). */
  private async read(
    complaintId: string,
  ): Promise<{ readonly complaint: Complaint; readonly head: AuditHead } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.complaints,
        Key: complaintKey(complaintId),
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    const stored = complaintFromItem(Item);
    this.#heads.remember(complaintId, stored.head);
    return stored;
  }

  /** The head a change extends: known from an earlier read in this process, else read now. */
  private async headFor(
    complaintId: string,
    expectedVersion: number,
    expectedAuditSeq: number,
  ): Promise<{ readonly ok: true; readonly head: AuditHead } | Extract<ChangeOutcome, { ok: false }>> {
    const known = this.#heads.get(complaintId, expectedAuditSeq);
    if (known !== undefined) return { ok: true, head: known };
    const stored = await this.read(complaintId);
    if (stored === undefined) return { ok: false, reason: 'not-found' };
    if (stored.complaint.version !== expectedVersion) return { ok: false, reason: 'version-conflict' };
    if (stored.head.seq !== expectedAuditSeq) return { ok: false, reason: 'audit-conflict' };
    return { ok: true, head: stored.head };
  }

  private async whyRefused(complaintId: string, expectedVersion: number): Promise<ChangeOutcome> {
    const current = await this.read(complaintId);
    if (current === undefined) return { ok: false, reason: 'not-found' };
    if (current.complaint.version !== expectedVersion) return { ok: false, reason: 'version-conflict' };
    return { ok: false, reason: 'audit-conflict' };
  }

  /** An audit record (and `extra` items) alone: the head moves, the version does not. */
  private async appendWith(
    complaintId: string,
    expectedAuditSeq: number,
    entry: AuditEntry,
    extra: readonly TransactItem[],
  ): Promise<boolean> {
    let head = this.#heads.get(complaintId, expectedAuditSeq);
    if (head === undefined) {
      const stored = await this.read(complaintId);
      if (stored === undefined || stored.head.seq !== expectedAuditSeq) return false;
      head = stored.head;
    }
    const record = await signComplaintRecord(this.signer, complaintId, head, entry);
    const failed = await transactWrite(this.db, [
      { label: 'complaint', item: auditHeadUpdate(this.tables.complaints, complaintId, record, head) },
      { label: 'audit', item: auditPut(this.tables.audit, record) },
      ...extra.map((item) => ({ label: 'extra' as const, item })),
    ]);
    if (failed.length > 0) return false;
    this.#heads.remember(complaintId, record);
    return true;
  }

  private async tryCreate(entry: NewComplaint, takeMarker: boolean): Promise<CreateOutcome> {
    const { complaint } = entry;
    const now = this.clock.now();
    const link = entry.linkTo === undefined ? undefined : await this.linkWrite(entry.linkTo);
    if (link !== undefined && !link.ok) return { ok: false, reason: 'link-conflict' };
    const created = await signComplaintRecord(this.signer, complaint.complaintId, undefined, entry.audit);
    const items = creationItems(this.tables, entry, created, takeMarker, now, {
      link: link === undefined ? [] : link.items,
      outbox: this.outbox(entry.events),
    });
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) {
      this.#heads.remember(complaint.complaintId, created);
      if (link !== undefined) this.#heads.remember(link.complaintId, link.head);
      return { ok: true };
    }
    if (failed.includes('complaint')) throw new Error('A complaint with this id exists already');
    if (failed.includes('idempotency')) return { ok: false, reason: 'duplicate-request' };
    if (failed.includes('marker')) return { ok: false, reason: 'open-exists' };
    if (failed.includes('link')) return { ok: false, reason: 'link-conflict' };
    throw new Error('The text or the data key of this complaint id exists already');
  }

  /**
   * The open complaint a repeat links to, written whole under the version it was read at and
   * the head of its chain now, with its own audit record (`complaint.repeat-linked`).
   */
  private async linkWrite(linkTo: NonNullable<NewComplaint['linkTo']>): Promise<
    | { readonly ok: false }
    | {
        readonly ok: true;
        readonly complaintId: string;
        readonly head: AuditHead;
        readonly items: readonly Labelled<'link'>[];
      }
  > {
    const complaintId = linkTo.complaint.complaintId;
    const current = await this.read(complaintId);
    if (current === undefined || current.complaint.version !== linkTo.expectedVersion) return { ok: false };
    const record = await signComplaintRecord(this.signer, complaintId, current.head, linkTo.audit);
    const linked: Complaint = { ...linkTo.complaint, version: linkTo.expectedVersion + 1 };
    return {
      ok: true,
      complaintId,
      head: record,
      items: [
        {
          label: 'link',
          item: guardedPut(this.tables.complaints, linked, record, linkTo.expectedVersion, current.head),
        },
        { label: 'link', item: auditPut(this.tables.audit, record) },
      ],
    };
  }

  /**
   * Frees the open-complaint marker of a closed complaint's customer and category, only if it
   * still names this complaint (a repeat's marker is the complaint it links to).
   */
  private async markerRelease(complaint: Complaint): Promise<Labelled<'marker'>[]> {
    const holder = await this.openComplaintFor(complaint.customerId, complaint.category);
    if (holder !== complaint.complaintId) return [];
    return [markerDelete(this.tables.complaints, complaint)];
  }

  private outbox(events: readonly CrmEvent[]): Labelled<'other'>[] {
    const now = this.clock.now();
    return events.map((event) => ({
      label: 'other',
      item: outboxPut(this.tables.complaints, event, now, complaintsEvents),
    }));
  }
}
