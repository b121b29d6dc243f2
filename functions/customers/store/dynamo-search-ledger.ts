import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditRecord,
  type AuditSigner,
  auditPut,
  signAuditRecord,
} from '../../../shared/audit/index.js';
import {
  conditionFailedIndexes,
  isConditionalCheckFailure,
  readItem,
} from '../../../shared/dynamodb/index.js';
import * as z from '../../../shared/zod.js';
import type { CustomerTables } from './dynamo-customer-store.js';
import { ENTITY, searcherKey, searchWindowKey } from './keys.js';
import type { SearcherState, SearchLedger, SearchWindow } from './search-ledger.js';

// Loose: keys and the entity type are storage attributes.
const searcherItem = z.object({
  lockedUntil: z.optional(z.string()),
  auditSeq: z.optional(z.number()),
  auditHash: z.optional(z.string()),
});

/** DynamoDB adapter of the search ledger: items of the Customers table (see keys.ts). */
export class DynamoSearchLedger implements SearchLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CustomerTables,
    private readonly signer: AuditSigner,
  ) {}

  async state(sub: string): Promise<SearcherState> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.customers, Key: searcherKey(sub), ConsistentRead: true }),
    );
    if (Item === undefined) return {};
    const item = readItem(searcherItem, Item, 'searcher');
    return {
      lockedUntil: item.lockedUntil === undefined ? undefined : new Date(item.lockedUntil),
      audit:
        item.auditSeq === undefined || item.auditHash === undefined
          ? undefined
          : { seq: item.auditSeq, hash: item.auditHash },
    };
  }

  async count(sub: string, window: SearchWindow, limit: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: searchWindowKey(sub, window.start),
          UpdateExpression: 'ADD searches :one SET entityType = :entity, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(searches) OR searches < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':entity': ENTITY.searchWindow,
            ':expires': window.expiresAt,
            ':limit': limit,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async lockOut(sub: string, until: Date, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: searcherKey(sub),
          UpdateExpression: 'SET entityType = :entity, lockedUntil = :until',
          // ISO 8601 UTC strings of one format compare as the instants they name.
          ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil <= :now',
          ExpressionAttributeValues: {
            ':entity': ENTITY.searcher,
            ':until': until.toISOString(),
            ':now': now.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async appendAudit(sub: string, record: AuditRecord): Promise<boolean> {
    const previous = record.seq - 1;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tables.customers,
                Key: searcherKey(sub),
                UpdateExpression: 'SET entityType = :entity, auditSeq = :seq, auditHash = :hash',
                // The head moves only from the appended record's predecessor (seq and hash).
                ConditionExpression:
                  previous === 0
                    ? 'attribute_not_exists(auditSeq)'
                    : 'auditSeq = :previous AND auditHash = :previousHash',
                ExpressionAttributeValues: {
                  ':entity': ENTITY.searcher,
                  ':seq': record.seq,
                  ':hash': record.hash,
                  ...(previous === 0 ? {} : { ':previous': previous, ':previousHash': record.prevHash }),
                },
              },
            },
            auditPut(this.tables.audit, await signAuditRecord(this.signer, record)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailedIndexes(error) !== undefined) return false;
      throw error;
    }
  }
}
