import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  cancellationCodes,
  conflictBackoff,
  MAX_CONFLICT_RETRIES,
  queryAll,
} from '../../../shared/dynamodb/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { ActivityAggregate } from '../domain/aggregate.js';
import type {
  ActivityStore,
  BalanceRecord,
  HoldingRecord,
  MergeOutcome,
  TransactionRecord,
  TransactionWriteResult,
} from './activity-store.js';
import { factsKey } from './grading-keys.js';
import {
  balanceAttribute,
  customerPk,
  holdingAttribute,
  idempotencyExpiresAt,
  monthExpiresAt,
  monthKeyOf,
  summaryKey,
  transactionKey,
} from './keys.js';
import { itemsToAggregate } from './mapping.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Positions in the transaction, read back from the cancellation reasons.
const IDEMPOTENCY = 0;
const MONTH = 1;
const SUMMARY = 2;

/** DynamoDB adapter of the ActivityStore port (one table, see keys.ts). */
export class DynamoActivityStore implements ActivityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async recordTransaction(record: TransactionRecord): Promise<TransactionWriteResult> {
    let withSummary = record.delta.lastSuccessfulAt !== undefined;
    let conflicts = 0;
    for (let writes = 1; ; writes += 1) {
      try {
        await this.db.send(
          new TransactWriteCommand({ TransactItems: this.transactionItems(record, withSummary) }),
        );
        return { outcome: 'accepted', writes };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[IDEMPOTENCY] === 'ConditionalCheckFailed') return { outcome: 'duplicate', writes };
        if (codes.at(-1) === 'ConditionalCheckFailed') return { outcome: 'unknown-customer', writes };
        if (codes[MONTH] === 'ConditionalCheckFailed') return { outcome: 'out-of-range', writes };
        if (withSummary && codes[SUMMARY] === 'ConditionalCheckFailed') {
          // A later success is recorded already: the max is right as it stands, so count
          // the transaction without touching it.
          withSummary = false;
          continue;
        }
        if (codes.includes('TransactionConflict') && conflicts < MAX_CONFLICT_RETRIES) {
          await conflictBackoff(conflicts);
          conflicts += 1;
          continue;
        }
        throw error;
      }
    }
  }

  private transactionItems(record: TransactionRecord, withSummary: boolean): TransactItem[] {
    const { customerId, delta } = record;
    const names: Record<string, string> = { '#exp': 'expiresAt' };
    const values: Record<string, unknown> = { ':exp': monthExpiresAt(delta.month) };
    // Counter names hold dots and hyphens: always through placeholders, never as paths.
    const adds = Object.entries(delta.counters).map(([name, increment], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = increment;
      // The most a counter may hold before this increment so that it stays exact after it.
      values[`:m${i}`] = Number.MAX_SAFE_INTEGER - increment;
      return `#c${i} :c${i}`;
    });
    // Every counter stays within 2^53 − 1 (docs/domain-rules.md §13.6): checked by DynamoDB in
    // the same write, so two transactions racing cannot pass it together.
    const inRange = Object.keys(delta.counters)
      .map((_name, i) => `(attribute_not_exists(#c${i}) OR #c${i} <= :m${i})`)
      .join(' AND ');
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...transactionKey(record.transactionId, record.status),
            expiresAt: idempotencyExpiresAt(this.clock.now()),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: monthKeyOf(customerId, delta.month),
          UpdateExpression: `SET #exp = :exp ADD ${adds.join(', ')}`,
          ConditionExpression: inRange,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    if (withSummary && delta.lastSuccessfulAt !== undefined) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: summaryKey(customerId),
          UpdateExpression: 'SET lastSuccessfulAt = :t',
          // `<=` rather than `<`: an equal instant rewrites the same value, and saves the
          // second write that a refusal would cost. Canonical ISO strings compare as times.
          ConditionExpression: 'attribute_not_exists(lastSuccessfulAt) OR lastSuccessfulAt <= :t',
          ExpressionAttributeValues: { ':t': delta.lastSuccessfulAt },
        },
      });
    }
    // Last, so that its cancellation code is the last one.
    items.push(this.knownCustomer(customerId));
    return items;
  }

  /** The condition every write carries: the customer's mirrored facts exist. */
  private knownCustomer(customerId: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: factsKey(customerId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }

  async recordBalance(record: BalanceRecord): Promise<MergeOutcome> {
    return this.keepGreatest(record.customerId, balanceAttribute(record.month), {
      ...record.point,
      orderKey: record.orderKey,
    });
  }

  async recordHolding(record: HoldingRecord): Promise<MergeOutcome> {
    return this.keepGreatest(record.customerId, holdingAttribute(record.productId), {
      ...record.state,
      orderKey: record.orderKey,
    });
  }

  /**
   * Sets a summary attribute to `value` unless the one stored has an order key at or after
   * `value.orderKey`, provided the customer is known. One transaction of a condition check
   * and a conditional update (which creates the summary item if need be).
   */
  private async keepGreatest(
    customerId: string,
    attribute: string,
    value: Readonly<Record<string, unknown>> & { readonly orderKey: string },
  ): Promise<MergeOutcome> {
    const items: TransactItem[] = [
      this.knownCustomer(customerId),
      {
        Update: {
          TableName: this.tableName,
          Key: summaryKey(customerId),
          UpdateExpression: 'SET #a = :v',
          ConditionExpression: 'attribute_not_exists(#a) OR #a.#k < :k',
          ExpressionAttributeNames: { '#a': attribute, '#k': 'orderKey' },
          ExpressionAttributeValues: { ':v': value, ':k': value.orderKey },
        },
      },
    ];
    for (let conflicts = 0; ; conflicts += 1) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return 'accepted';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[0] === 'ConditionalCheckFailed') return 'unknown-customer';
        if (codes[1] === 'ConditionalCheckFailed') return 'stale';
        if (!codes.includes('TransactionConflict') || conflicts >= MAX_CONFLICT_RETRIES) throw error;
        await conflictBackoff(conflicts);
      }
    }
  }

  async getAggregate(customerId: string, now: Date): Promise<ActivityAggregate> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ConsistentRead: true,
    });
    return itemsToAggregate(customerId, items, now);
  }
}
