import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { countAll, queryAll } from '../../../shared/dynamodb/index.js';
import type { ComplaintCategory } from '../domain/model.js';
import type { IdempotencyRecord } from './complaint-store.js';
import { idempotencyFromItem, markerFromItem } from './items.js';
import { complaintsOfCustomer, DUE_OPEN, idempotencyKey, openMarkerKey } from './keys.js';

/**
 * The complaints table's small reads beside the complaints themselves (key layout in keys.ts):
 * the open-complaint marker, a remembered Idempotency-Key, a customer's complaint ids and the
 * count of open complaints due.
 */

/** The complaint holding the open marker of a customer and category, if any. */
export async function openMarkerHolder(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
  category: ComplaintCategory,
): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: openMarkerKey(customerId, category), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : markerFromItem(Item);
}

/** The complaint an Idempotency-Key created, while the key is remembered at `now`. */
export async function rememberedIdempotency(
  db: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
  key: string,
  now: Date,
): Promise<IdempotencyRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: idempotencyKey(sub, key), ConsistentRead: true }),
  );
  if (Item === undefined) return undefined;
  const record = idempotencyFromItem(Item);
  // TTL deletion is lazy (up to days late), so the expiry is checked here too.
  if (record.expiresAt * 1000 <= now.getTime()) return undefined;
  return { complaintId: record.complaintId, fingerprint: record.fingerprint };
}

/** The ids of a customer's complaints, from the items kept under the customer. */
export async function complaintIdsOf(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
): Promise<string[]> {
  const { pk, skPrefix } = complaintsOfCustomer(customerId);
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => String(item.sk).slice(skPrefix.length));
}

/**
 * Open complaints whose next pending deadline is at or before `instant`: a COUNT query on the
 * sparse byDue index, keys only, page by page (the due-soon metric).
 */
export function countDueBefore(
  db: DynamoDBDocumentClient,
  tableName: string,
  instant: string,
): Promise<number> {
  return countAll(db, {
    TableName: tableName,
    IndexName: 'byDue',
    KeyConditionExpression: 'dueKey = :open AND nextDueAt <= :instant',
    ExpressionAttributeValues: { ':open': DUE_OPEN, ':instant': instant },
  });
}
