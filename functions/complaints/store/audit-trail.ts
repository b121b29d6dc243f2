import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type AuditHead,
  type AuditSigner,
  auditRecordFromItem,
  auditSubject,
  type StoredAuditRecord,
  verifySignedChain,
} from '../../../shared/audit/index.js';
import { queryAll } from '../../../shared/dynamodb/index.js';
import { AuditChainBrokenError } from './audit-chain-broken.js';

/**
 * A complaint's audit trail, verified against the head its complaint item keeps (`readHead`)
 * before it is returned; a broken chain throws AuditChainBrokenError.
 */
export async function verifiedAuditTrail(
  db: DynamoDBDocumentClient,
  auditTable: string,
  signer: AuditSigner,
  complaintId: string,
  readHead: () => Promise<AuditHead | undefined>,
): Promise<StoredAuditRecord[]> {
  // The head first, then the records: a record appended in between makes the trail longer
  // than the head read, so the head is read again before the chain is judged against it.
  let head = await readHead();
  const items = await queryAll(db, {
    TableName: auditTable,
    KeyConditionExpression: 'subject = :s',
    ExpressionAttributeValues: { ':s': auditSubject('complaint', complaintId) },
    ConsistentRead: true,
  });
  const records = items.map(auditRecordFromItem);
  if (head !== undefined && records.length > head.seq) head = await readHead();
  // The complaint's head catches a removed last record; the MACs a record rewritten with its
  // hashes recomputed (docs/domain-rules.md §12).
  const verdict = await verifySignedChain(records, signer, { head });
  if (!verdict.valid) throw new AuditChainBrokenError(verdict.brokenAtSeq, verdict.reason);
  return records;
}
