import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { countAll, isConditionalCheckFailure } from '../../../shared/dynamodb/index.js';
import type { CustomerMirrorChange, MirroredCustomer, MirrorOutcome } from './complaint-store.js';
import { mirroredFromItem } from './items.js';
import { MIRROR_ENTITY, mirrorKey, mirrorListKey } from './keys.js';

/**
 * The complaints capability's mirror of the customers' C1 assignment facts (branch, RM) and
 * erasure, one item per customer, kept by the same rules as the activity capability's mirror
 * (docs/domain-rules.md §13.2): each write is one conditional update, so the delivery order of
 * the events does not matter.
 * - The highest record version wins: a registration is version 1, a profile change carries the
 *   record's version; an older or equal one is `stale` and writes nothing.
 * - A change that would move the customer to another branch is `other-branch` and writes
 *   nothing: no CRM change does that, so an event alone never widens anyone's scope.
 * - Erasure sticks: once erased, nothing of the customer is written again (`erased`).
 */
export class DynamoCustomerMirror {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<MirroredCustomer | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: mirrorKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : mirroredFromItem(Item);
  }

  async apply(customerId: string, change: CustomerMirrorChange): Promise<MirrorOutcome> {
    try {
      await this.db.send(new UpdateCommand(this.update(customerId, change)));
      return 'applied';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    // The condition did not hold: say why, from what is kept.
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: mirrorKey(customerId), ConsistentRead: true }),
    );
    if (Item?.erased === true) return 'erased';
    if (change.kind === 'profile' && typeof Item?.version === 'number' && Item.version < change.version) {
      return 'other-branch';
    }
    return 'stale';
  }

  /**
   * Customers known and not erased, of one branch or all: a COUNT query on byEntity (the
   * mirror's items sort by `<branch>#<customerId>` there), keys and the erasure flag only.
   */
  count(branch?: string): Promise<number> {
    return countAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byEntity',
      KeyConditionExpression:
        branch === undefined
          ? 'entityType = :entity'
          : 'entityType = :entity AND begins_with(listKey, :branch)',
      FilterExpression: '#erased = :no',
      ExpressionAttributeNames: { '#erased': 'erased' },
      ExpressionAttributeValues: {
        ':entity': MIRROR_ENTITY,
        ':no': false,
        ...(branch === undefined ? {} : { ':branch': `${branch}#` }),
      },
    });
  }

  private update(customerId: string, change: CustomerMirrorChange): UpdateCommandInput {
    const base = {
      TableName: this.tableName,
      Key: mirrorKey(customerId),
      ExpressionAttributeNames: { '#version': 'version', '#erased': 'erased' },
    };
    switch (change.kind) {
      case 'registered':
        // Version 1: written only when nothing is kept (a profile change may have come first).
        return {
          ...base,
          UpdateExpression:
            'SET customerId = :id, entityType = :entity, listKey = :listKey, branch = :branch, rmId = :rm, #version = :one, #erased = :no',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeValues: {
            ':id': customerId,
            ':entity': MIRROR_ENTITY,
            ':listKey': mirrorListKey(change.branch, customerId),
            ':branch': change.branch,
            ':rm': change.rmId,
            ':one': 1,
            ':no': false,
          },
        };
      case 'profile':
        // The event carries the whole assignment, so it may create the facts too.
        return {
          ...base,
          UpdateExpression:
            'SET customerId = :id, entityType = :entity, listKey = :listKey, branch = :branch, rmId = :rm, #version = :version, #erased = :no',
          ConditionExpression:
            'attribute_not_exists(pk) OR (#erased = :no AND #version < :version AND branch = :branch)',
          ExpressionAttributeValues: {
            ':id': customerId,
            ':entity': MIRROR_ENTITY,
            ':listKey': mirrorListKey(change.branch, customerId),
            ':branch': change.branch,
            ':rm': change.rmId,
            ':version': change.version,
            ':no': false,
          },
        };
      case 'erased':
        // Kept facts stay (C1: branch and RM); the first erasure's time is kept on a redelivery.
        return {
          ...base,
          UpdateExpression:
            'SET customerId = :id, entityType = :entity, #erased = :yes, erasedAt = if_not_exists(erasedAt, :at), #version = if_not_exists(#version, :zero)',
          ExpressionAttributeValues: {
            ':id': customerId,
            ':entity': MIRROR_ENTITY,
            ':yes': true,
            ':at': change.at,
            ':zero': 0,
          },
        };
    }
  }
}
