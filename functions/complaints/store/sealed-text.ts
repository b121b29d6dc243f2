import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../shared/dynamodb/index.js';
import type { SealedComplaintText } from '../domain/model.js';
import type { ComplaintNote } from './complaint-store.js';
import { type ComplaintTables, keysTable } from './complaint-writes.js';
import { dataKeyFromItem, noteFromItem, sealedTextFromItem } from './items.js';
import { dataKeyKey, notesOf, textKey } from './keys.js';

/**
 * A complaint's sealed text, its notes and its data key (key layout in keys.ts): read together
 * to be opened, and the notes deleted after the key is shredded.
 */

export interface SealedText {
  readonly sealed: SealedComplaintText;
  readonly encryptedDataKey: string;
  readonly notes: readonly ComplaintNote[];
}

/** The sealed text, the notes and the data key; undefined once the text or the key is gone. */
export async function readSealedText(
  db: DynamoDBDocumentClient,
  tables: ComplaintTables,
  complaintId: string,
): Promise<SealedText | undefined> {
  const { pk, skPrefix } = notesOf(complaintId);
  const [items, key] = await Promise.all([
    // The notes (NOTE#…) and the text (TEXT) sort together after the complaint item.
    queryAll(db, {
      TableName: tables.complaints,
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pk, ':from': skPrefix },
      ConsistentRead: true,
    }),
    db.send(
      new GetCommand({
        TableName: keysTable(tables),
        Key: dataKeyKey(complaintId),
        ConsistentRead: true,
      }),
    ),
  ]);
  const textItem = items.find((item) => item.sk === textKey(complaintId).sk);
  if (textItem === undefined || key.Item === undefined) return undefined;
  return {
    sealed: sealedTextFromItem(textItem),
    encryptedDataKey: dataKeyFromItem(key.Item),
    notes: items.filter((item) => String(item.sk).startsWith(skPrefix)).map(noteFromItem),
  };
}

/** After a shred: the notes' sealed text, unreadable already without the key, goes too. */
export async function deleteNotes(
  db: DynamoDBDocumentClient,
  tableName: string,
  complaintId: string,
): Promise<void> {
  const { pk, skPrefix } = notesOf(complaintId);
  const notes = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  for (const note of notes) {
    await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: note.pk, sk: note.sk } }));
  }
}
