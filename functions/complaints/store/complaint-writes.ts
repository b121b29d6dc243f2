import type { AuditHead, SignedAuditRecord } from '../../../shared/audit/index.js';
import { auditPut } from '../../../shared/audit/index.js';
import type { Labelled, TransactItem } from '../../../shared/dynamodb/transaction.js';
import type { Complaint } from '../domain/model.js';
import { complaintItem } from './complaint-item.js';
import type { ComplaintNote, NewComplaint, SideItem } from './complaint-store.js';
import {
  complaintKey,
  customerComplaintKey,
  dataKeyKey,
  idempotencyKey,
  noteKey,
  openMarkerKey,
  textKey,
} from './keys.js';

/**
 * How a complaint's writes are stored: each item of a TransactWriteItems built here, under the
 * guard it is written with (key layout in keys.ts, the complaint item in complaint-item.ts).
 */

export interface ComplaintTables {
  readonly complaints: string;
  readonly audit: string;
  /** The key table (`COMPLAINT_KEYS_TABLE`): only the functions that seal, open or shred have it. */
  readonly keys: string;
}

/** How long an Idempotency-Key is remembered, as for customers' registrations (24 hours). */
const IDEMPOTENCY_HOURS = 24;

export type CreateLabel = 'complaint' | 'marker' | 'idempotency' | 'link' | 'other';
export type ChangeLabel = 'complaint' | 'audit' | 'side-item' | 'marker' | 'other';

export function keysTable(tables: ComplaintTables): string {
  if (tables.keys === '') {
    throw new Error('This function is not given the key table (COMPLAINT_KEYS_TABLE; see its definition)');
  }
  return tables.keys;
}

/**
 * The Put of a whole complaint item, only over the item read at `expectedVersion` whose chain
 * ends at `expectedHead`: a concurrent change or audit append cancels the transaction.
 */
export function guardedPut(
  tableName: string,
  complaint: Complaint,
  head: AuditHead,
  expectedVersion: number,
  expectedHead: AuditHead,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: complaintItem(complaint, head),
      ConditionExpression:
        'attribute_exists(pk) AND #version = :expectedVersion AND #audit.#seq = :expectedSeq AND #audit.#hash = :expectedHash',
      ExpressionAttributeNames: {
        '#version': 'version',
        '#audit': 'audit',
        '#seq': 'seq',
        '#hash': 'hash',
      },
      ExpressionAttributeValues: {
        ':expectedVersion': expectedVersion,
        ':expectedSeq': expectedHead.seq,
        ':expectedHash': expectedHead.hash,
      },
    },
  };
}

/** The complaint's audit head moved to `record`, only from `head`: the version does not move. */
export function auditHeadUpdate(
  tableName: string,
  complaintId: string,
  record: SignedAuditRecord,
  head: AuditHead,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: complaintKey(complaintId),
      UpdateExpression: 'SET #audit = :head',
      ConditionExpression:
        'attribute_exists(pk) AND #audit.#seq = :expectedSeq AND #audit.#hash = :expectedHash',
      ExpressionAttributeNames: { '#audit': 'audit', '#seq': 'seq', '#hash': 'hash' },
      ExpressionAttributeValues: {
        ':head': { seq: record.seq, hash: record.hash },
        ':expectedSeq': head.seq,
        ':expectedHash': head.hash,
      },
    },
  };
}

export function notePut(tableName: string, complaintId: string, note: ComplaintNote): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...noteKey(complaintId, note.at, note.noteId), entityType: 'NOTE', complaintId, ...note },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function sideItemPut(tableName: string, side: SideItem): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...side.attributes, ...side.key },
      ...(side.mustNotExist === true ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

/** Written once: an existing key is never overwritten (it would orphan the sealed values). */
export function dataKeyPut(
  tableName: string,
  complaintId: string,
  encryptedDataKey: string,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...dataKeyKey(complaintId), encryptedDataKey, createdAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(complaintId)',
    },
  };
}

/**
 * The Delete of the open-complaint marker of a closed complaint's customer and category, only
 * if it still names this complaint (a repeat's marker is the complaint it links to).
 */
export function markerDelete(tableName: string, complaint: Complaint): Labelled<'marker'> {
  return {
    label: 'marker',
    item: {
      Delete: {
        TableName: tableName,
        Key: openMarkerKey(complaint.customerId, complaint.category),
        ConditionExpression: 'complaintId = :id',
        ExpressionAttributeValues: { ':id': complaint.complaintId },
      },
    },
  };
}

/**
 * Everything a new complaint is written with: the complaint, its first audit record, its sealed
 * text, the customer's link to it, the open marker (when it takes it), the Idempotency-Key, the
 * repeat's link items, the outbox events and its data key.
 */
export function creationItems(
  tables: ComplaintTables,
  entry: NewComplaint,
  created: SignedAuditRecord,
  takeMarker: boolean,
  now: Date,
  linked: { readonly link: readonly Labelled<'link'>[]; readonly outbox: readonly Labelled<'other'>[] },
): Labelled<CreateLabel>[] {
  const { complaint } = entry;
  return [
    {
      label: 'complaint',
      item: {
        Put: {
          TableName: tables.complaints,
          Item: complaintItem(complaint, created),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    },
    { label: 'other', item: auditPut(tables.audit, created) },
    {
      label: 'other',
      item: sideItemPut(tables.complaints, {
        key: textKey(complaint.complaintId),
        attributes: { entityType: 'TEXT', complaintId: complaint.complaintId, ...entry.sealed },
        mustNotExist: true,
      }),
    },
    {
      label: 'other',
      item: sideItemPut(tables.complaints, {
        key: customerComplaintKey(complaint.customerId, complaint.complaintId),
        attributes: { entityType: 'CUSTOMER_COMPLAINT', complaintId: complaint.complaintId },
      }),
    },
    ...(takeMarker
      ? [
          {
            label: 'marker' as const,
            item: sideItemPut(tables.complaints, {
              key: openMarkerKey(complaint.customerId, complaint.category),
              attributes: { entityType: 'OPEN_MARKER', complaintId: complaint.complaintId },
              mustNotExist: true,
            }),
          },
        ]
      : []),
    ...(entry.idempotency === undefined
      ? []
      : [
          {
            label: 'idempotency' as const,
            item: sideItemPut(tables.complaints, {
              key: idempotencyKey(entry.idempotency.sub, entry.idempotency.key),
              attributes: {
                entityType: 'IDEMPOTENCY',
                complaintId: complaint.complaintId,
                fingerprint: entry.idempotency.fingerprint,
                expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
              },
              mustNotExist: true,
            }),
          },
        ]),
    ...linked.link,
    ...linked.outbox,
    {
      label: 'other',
      item: dataKeyPut(keysTable(tables), complaint.complaintId, entry.encryptedDataKey, now),
    },
  ];
}
