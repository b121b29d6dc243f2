import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  isConditionalCheckFailure,
  type Labelled,
  revisionGuardedPut,
  transactWrite,
} from '../../../shared/dynamodb/index.js';
import type { AnnouncedProduct } from '../../products/events.js';
import type { MirrorRecord } from '../domain/facts-mirror.js';
import { factsFromItem, factsItem, productItem } from './items.js';
import { answersKey, factsKey } from './keys.js';
import type { MirrorStore } from './mirror-store.js';

/**
 * DynamoDB adapter of the consumer's mirrors. The facts item is replaced whole under its
 * revision (shared/dynamodb/revision-put.ts), so two events about one customer applied at once
 * both land and an answer recorded meanwhile (which bumps the revision) is never overwritten
 * unseen. A product is replaced only by a higher version: one conditional Put, no read.
 */
export class DynamoMirrorStore implements MirrorStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async facts(customerId: string): Promise<MirrorRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: factsKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : factsFromItem(Item);
  }

  async putFacts(facts: MirrorRecord, expectedRevision: number): Promise<boolean> {
    const items: Labelled<'facts' | 'answers'>[] = [
      { label: 'facts', item: revisionGuardedPut(this.tableName, factsItem(facts), expectedRevision) },
    ];
    // The erasure clears the customer's answers with the facts (docs/domain-rules.md §19.5).
    if (facts.erased) {
      items.push({
        label: 'answers',
        item: { Delete: { TableName: this.tableName, Key: answersKey(facts.customerId) } },
      });
    }
    return (await transactWrite(this.db, items)).length === 0;
  }

  async putProduct(product: AnnouncedProduct): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: productItem(product),
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': product.version },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }
}
