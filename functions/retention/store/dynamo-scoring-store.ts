import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { counterUpdate } from '../../../shared/dynamodb/counters.js';
import { kpiBucketUpdate } from '../../../shared/dynamodb/day-buckets.js';
import {
  type Labelled,
  revisionGuardedPut,
  type TransactItem,
  transactWrite,
} from '../../../shared/dynamodb/index.js';
import { isConditionalCheckFailure } from '../../../shared/dynamodb/write-errors.js';
import { outboxPut } from '../../../shared/outbox/outbox-item.js';
import { retentionEvents } from '../events.js';
import type { RiskHistoryEntry, StoredFeatures } from '../service/ports.js';
import { customerPartition, featuresKey, HISTORY_PREFIX, riskKey } from './keys.js';
import {
  featuresFromItem,
  featuresItem,
  historyFromItem,
  historyItem,
  levelCountsListing,
  type RiskRecord,
  riskAttributes,
  riskFromItem,
} from './scoring-items.js';
import type {
  FeaturesWrite,
  KpiIncrements,
  LevelCountMove,
  RescoreWrite,
  ScoringStore,
} from './scoring-store.js';

/** A transaction holds at most 100 items. */
const TRANSACTION_LIMIT = 100;

/**
 * An Update that sets every defined attribute and removes every undefined one, guarded by the
 * item's revision (0: the item must not exist) and bumping it: how the RISK item is written, so
 * an attribute the case service owns (`openCaseId`) is never overwritten.
 */
function revisionGuardedUpdate(
  tableName: string,
  key: Readonly<Record<string, string>>,
  attributes: Readonly<Record<string, unknown>>,
  expectedRevision: number,
): TransactItem {
  const names: Record<string, string> = { '#revision': 'revision' };
  const values: Record<string, unknown> = { ':next': expectedRevision + 1 };
  const sets = ['#revision = :next'];
  const removes: string[] = [];
  Object.entries(attributes).forEach(([name, value], index) => {
    names[`#a${index}`] = name;
    if (value === undefined) {
      removes.push(`#a${index}`);
    } else {
      values[`:a${index}`] = value;
      sets.push(`#a${index} = :a${index}`);
    }
  });
  if (expectedRevision > 0) values[':expected'] = expectedRevision;
  return {
    Update: {
      TableName: tableName,
      Key: { ...key },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * DynamoDB adapter of the scoring store (docs/domain-rules.md §20.1, §20.4). The features item is
 * replaced whole under its revision, with the KPI counters of the change (and, on erasure, the
 * risk item's deletion and its level count) in the same transaction. A rescore is one
 * transaction: the features revision checked, the risk item updated under its own revision, a
 * history entry, the trimmed entries deleted, the level counts moved, ChurnRiskChanged in the
 * outbox and the alert KPIs; a failed guard writes nothing and answers false.
 */
export class DynamoScoringStore implements ScoringStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async features(customerId: string): Promise<StoredFeatures | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: featuresKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : featuresFromItem(Item);
  }

  async putFeatures(write: FeaturesWrite): Promise<boolean> {
    const items: Labelled<string>[] = [
      {
        label: 'features',
        item: revisionGuardedPut(this.tableName, featuresItem(write.record), write.expectedRevision),
      },
    ];
    this.pushKpis(items, write.kpis);
    if (write.erasure !== undefined)
      this.pushErasure(items, write.record.features.customerId, write.erasure.risk);
    return (await transactWrite(this.db, items)).length === 0;
  }

  async purgeHistory(customerId: string): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': HISTORY_PREFIX },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      const keys = (page.Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk }));
      for (let index = 0; index < keys.length; index += TRANSACTION_LIMIT) {
        const deletes = keys.slice(index, index + TRANSACTION_LIMIT).map((Key) => ({
          label: 'history',
          item: { Delete: { TableName: this.tableName, Key } },
        }));
        await transactWrite(this.db, deletes);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  async risk(customerId: string): Promise<RiskRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: riskKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : riskFromItem(Item);
  }

  async writeRescore(write: RescoreWrite): Promise<boolean> {
    const { customerId } = write;
    const items: Labelled<string>[] = [
      {
        label: 'features',
        item: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: featuresKey(customerId),
            ConditionExpression: '#revision = :revision AND erased = :false',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':revision': write.featuresRevision, ':false': false },
          },
        },
      },
      {
        label: 'risk',
        item: revisionGuardedUpdate(
          this.tableName,
          riskKey(customerId),
          {
            ...riskAttributes({ customerId, ...write.risk }),
            pendingAlertAt: write.risk.pendingAlertAt,
            // What the consumer compares with the features revision to skip an event that
            // changed nothing (service/rescore.ts `rescoreOwed`).
            scoredRevision: write.featuresRevision,
          },
          write.riskRevision,
        ),
      },
    ];
    if (write.history !== undefined) {
      const key = { pk: customerPartition(customerId), sk: write.history.sk };
      items.push({
        label: 'history',
        item: {
          Put: {
            TableName: this.tableName,
            Item: historyItem(key, write.history.entry),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    for (const sk of write.historyDeletes) {
      items.push({
        label: 'trim',
        item: { Delete: { TableName: this.tableName, Key: { pk: customerPartition(customerId), sk } } },
      });
    }
    this.pushLevelCounts(items, write.levelCounts);
    if (write.event !== undefined) {
      const now = new Date(write.risk.score.scoredAt);
      items.push({ label: 'event', item: outboxPut(this.tableName, write.event, now, retentionEvents) });
    }
    this.pushKpis(items, write.kpis);
    return (await transactWrite(this.db, items)).length === 0;
  }

  async alertHandled(customerId: string, alertAt: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: riskKey(customerId),
          UpdateExpression: 'REMOVE pendingAlertAt',
          ConditionExpression: 'pendingAlertAt = :at',
          ExpressionAttributeValues: { ':at': alertAt },
        }),
      );
    } catch (error) {
      // Another alert (or an erasure) replaced it meanwhile: that one is its rescore's business.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async history(customerId: string, limit: number): Promise<readonly RiskHistoryEntry[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerPartition(customerId), ':prefix': HISTORY_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map(historyFromItem);
  }

  /** The risk item goes with the tombstone; a rescore that created one meanwhile fails the write. */
  private pushErasure(items: Labelled<string>[], customerId: string, risk: RiskRecord | undefined): void {
    if (risk === undefined) {
      items.push({
        label: 'risk',
        item: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: riskKey(customerId),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
      return;
    }
    items.push({
      label: 'risk',
      item: {
        Delete: {
          TableName: this.tableName,
          Key: riskKey(customerId),
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': risk.revision },
        },
      },
    });
    this.pushLevelCounts(items, [{ branch: risk.branch, increments: { [risk.score.level]: -1 } }]);
  }

  private pushKpis(items: Labelled<string>[], kpis: KpiIncrements | undefined): void {
    if (kpis === undefined) return;
    const update = kpiBucketUpdate(this.tableName, kpis.branch, kpis.day, kpis.increments);
    if (update !== undefined) items.push({ label: 'kpis', item: update });
  }

  private pushLevelCounts(items: Labelled<string>[], moves: readonly LevelCountMove[]): void {
    for (const move of moves) {
      const { key, listing } = levelCountsListing(move.branch);
      const update = counterUpdate(this.tableName, key, move.increments, listing);
      if (update !== undefined) items.push({ label: 'levels', item: update });
    }
  }
}
