import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { readItem } from '../../../shared/dynamodb/items.js';
import { conditionFailedIndexes, isConditionalCheckFailure } from '../../../shared/dynamodb/write-errors.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import * as z from '../../../shared/zod.js';
import { customersEvents } from '../events.js';
import type { DeliveryLedger, DeliveryMarker } from './delivery-ledger.js';
import { deliveryKey, deliveryReportKey, ENTITY } from './keys.js';

/**
 * How long a contact's marker is kept (DynamoDB TTL): longer than EventBridge retries a
 * delivery (24 h) and a dead letter waits for redrive (14 days), and long enough for a
 * gateway's late report to find its contact.
 */
export const DELIVERY_MARKER_DAYS = 30;

const markerItem = z.object({
  contactId: z.string(),
  customerId: z.string(),
  channel: z.enum(['sms', 'email', 'app-push']),
  status: z.enum(['sending', 'delivered', 'failed']),
});

const expiry = (now: Date): number => Math.floor(now.getTime() / 1000) + DELIVERY_MARKER_DAYS * 86_400;

/** DynamoDB adapter of the delivery ledger, in the Customers table beside the records. */
export class DynamoDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(marker: Omit<DeliveryMarker, 'status'>, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: this.#item(marker, 'sending', now),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async settle(contactId: string, status: 'delivered' | 'failed', event: CrmEvent, now: Date): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table,
              Key: deliveryKey(contactId),
              UpdateExpression: 'SET #status = :status, settledAt = :at',
              ConditionExpression: '#status = :sending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': status,
                ':at': now.toISOString(),
                ':sending': 'sending',
              },
            },
          },
          outboxPut(this.table, event, now, customersEvents),
        ],
      }),
    );
  }

  async release(contactId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: deliveryKey(contactId),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      // Already settled: nothing to give up.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async refuse(marker: Omit<DeliveryMarker, 'status'>, event: CrmEvent, now: Date): Promise<boolean> {
    return this.#putWithEvent(this.#item(marker, 'failed', now), event, now);
  }

  async find(contactId: string): Promise<DeliveryMarker | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: deliveryKey(contactId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : readItem(markerItem, Item, 'delivery');
  }

  async report(contactId: string, status: string, event: CrmEvent, now: Date): Promise<boolean> {
    const item = {
      ...deliveryReportKey(contactId, status),
      entityType: ENTITY.delivery,
      contactId,
      status,
      at: now.toISOString(),
      expiresAt: expiry(now),
    };
    return this.#putWithEvent(item, event, now);
  }

  #item(marker: Omit<DeliveryMarker, 'status'>, status: DeliveryMarker['status'], now: Date) {
    return {
      ...deliveryKey(marker.contactId),
      entityType: ENTITY.delivery,
      contactId: marker.contactId,
      customerId: marker.customerId,
      channel: marker.channel,
      status,
      at: now.toISOString(),
      expiresAt: expiry(now),
    };
  }

  /** Puts `item` if it does not exist, with `event` in its outbox: false when it existed. */
  async #putWithEvent(item: Record<string, unknown>, event: CrmEvent, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            outboxPut(this.table, event, now, customersEvents),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailedIndexes(error)?.includes(0)) return false;
      throw error;
    }
  }
}
