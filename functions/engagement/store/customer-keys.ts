import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  engagementKeyContext,
  type FieldSealer,
  type RecordCipher,
} from '../../../shared/crypto/record-cipher.js';
import { isConditionalCheckFailure } from '../../../shared/dynamodb/index.js';

/**
 * Each customer's engagement data key (survey free text, visit notes), in the EngagementKeys
 * table: created on the customer's first sealed text, written once (`attribute_not_exists`),
 * opened with the customer's encryption context, deleted when the customer is erased, which
 * shreds every text sealed with it in every copy (the table has no backups).
 */
export interface CustomerKeys {
  /** The customer's sealer, the key created on first use (two first uses agree on one key). */
  sealerFor(customerId: string): Promise<FieldSealer>;
  /** The customer's sealer when a key exists (undefined after erasure: the texts are gone). */
  existingSealerFor(customerId: string): Promise<FieldSealer | undefined>;
  /** Deletes the customer's key (erasure). Deleting a key that is not there is not an error. */
  shred(customerId: string): Promise<void>;
}

export class DynamoCustomerKeys implements CustomerKeys {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: () => RecordCipher,
  ) {}

  async sealerFor(customerId: string): Promise<FieldSealer> {
    const existing = await this.existingSealerFor(customerId);
    if (existing !== undefined) return existing;
    const { encryptedDataKey, sealer } = await this.cipher().newRecordKey(engagementKeyContext(customerId));
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { customerId, encryptedDataKey },
          ConditionExpression: 'attribute_not_exists(customerId)',
        }),
      );
      return sealer;
    } catch (error) {
      // Another request created the customer's key first: use that one.
      if (!isConditionalCheckFailure(error)) throw error;
      const winner = await this.existingSealerFor(customerId);
      if (winner === undefined) throw new Error('The engagement data key vanished while it was created');
      return winner;
    }
  }

  async existingSealerFor(customerId: string): Promise<FieldSealer | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { customerId }, ConsistentRead: true }),
    );
    const encryptedDataKey = Item?.encryptedDataKey;
    if (typeof encryptedDataKey !== 'string') return undefined;
    return this.cipher().openRecordKey(encryptedDataKey, engagementKeyContext(customerId));
  }

  async shred(customerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { customerId } }));
  }
}
