import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { readItem } from '../dynamodb/items.js';
import * as z from '../zod.js';
import type { SignedAuditRecord, StoredAuditRecord } from './signed-chain.js';

/** A Put of an audit record, usable as one element of a lib-dynamodb `TransactWriteCommand`. */
export interface AuditPut extends TransactWriteItem {
  readonly Put: {
    readonly TableName: string;
    readonly Item: SignedAuditRecord;
    readonly ConditionExpression: string;
  };
}

/**
 * The Put that appends `record` to the audit table (partition `subject`, sort key `seq`).
 * The condition makes the append fail if that position is taken, so two concurrent
 * changes cannot both extend the chain from the same head (one transaction is cancelled) and
 * no write through this module can replace a record. Only signed records are written
 * (`signAuditRecord`), so verification can tell a record the audit key signed from one
 * rewritten later.
 *
 * @example
 *   const record = await signAuditRecord(signer, appendAuditRecord(head, entry));
 *   new TransactWriteCommand({ TransactItems: [customerUpdate, auditPut(auditTable, record), ...outbox] });
 */
export function auditPut(tableName: string, record: SignedAuditRecord): AuditPut {
  const { purpose, requestId, ...required } = record;
  return {
    Put: {
      TableName: tableName,
      // Undefined optional attributes are dropped: the document client refuses them.
      Item: {
        ...required,
        fields: [...record.fields],
        ...(purpose === undefined ? {} : { purpose }),
        ...(requestId === undefined ? {} : { requestId }),
      },
      ConditionExpression: 'attribute_not_exists(seq)',
    },
  };
}

const nonEmpty = z.string().check(z.minLength(1));

// Not strict: storage-only attributes are stripped, not refused.
const auditItemSchema = z.object({
  subject: nonEmpty,
  seq: z.number().check(z.int(), z.positive()),
  at: z.string(),
  actor: nonEmpty,
  role: nonEmpty,
  action: nonEmpty,
  purpose: z.optional(z.string()),
  fields: z.array(z.string()),
  requestId: z.optional(z.string()),
  prevHash: z.string(),
  hash: z.string(),
  mac: z.optional(z.string()),
});

/**
 * An audit record read back from the table, with its MAC when it has one. Storage-only
 * attributes are dropped; an item that is not an audit record throws (verify the chain, with
 * `verifySignedChain`, to detect tampering).
 */
export function auditRecordFromItem(item: Record<string, unknown>): StoredAuditRecord {
  return readItem(auditItemSchema, item, 'audit record');
}
