import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  cancellationCodes,
  conflictBackoff,
  isConditionalCheckFailure,
  MAX_CONFLICT_RETRIES,
  queryAll,
} from '../../../shared/dynamodb/index.js';
import { buildEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { FactsChange } from '../domain/customer-facts.js';
import type { SegmentState } from '../domain/customer-grading.js';
import { ActivitySummaryChanged, activityEvents, CustomerSegmentChanged } from '../events.js';
import {
  ERASED,
  erasedKey,
  FACTS,
  factsKey,
  GRADING_RANGE_START,
  HISTORY_PREFIX,
  historyKey,
  PARK_EXPIRY_INDEX,
  PARKED_PREFIX,
  parkedKey,
  parkShardKey,
  REGRADE_INDEX,
  regradeShardKey,
  regradeShardOf,
  SEGMENTS,
  SUMMARY_PK,
  segmentsKey,
  shardOf,
} from './grading-keys.js';
import { factsFromItem, historyFromItem, parkedFromItem, segmentsFromItem } from './grading-mapping.js';
import type {
  ActivitySummaryRecord,
  BranchSummary,
  CustomerPartition,
  FactsOutcome,
  GradingStore,
  Page,
  ParkedEvent,
  ParkOutcome,
  SegmentChangeRecord,
  StoredSegments,
} from './grading-store.js';
import { factsUpdate, notErased, type TransactItem } from './grading-writes.js';
import { customerPk } from './keys.js';
import { itemsToAggregate } from './mapping.js';
import { summaryFromItems, summaryUpdates } from './segment-summary.js';

type Item = Record<string, unknown>;

/** Deletes in flight at once while erasing a customer's partition. */
const ERASE_CONCURRENCY = 25;

/**
 * DynamoDB adapter of the GradingStore port: the Activity table (see grading-keys.ts), and
 * the ActivityOutbox table for the events a grading announces.
 */
export class DynamoGradingStore implements GradingStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly outboxTableName: string,
  ) {}

  async readCustomer(customerId: string, now: Date): Promise<CustomerPartition> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      // Month buckets, facts, segments and the summary; history and parked events sort before.
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':from': GRADING_RANGE_START },
      ConsistentRead: true,
    });
    const facts = items.find((item) => item.sk === FACTS);
    const segments = items.find((item) => item.sk === SEGMENTS);
    return {
      aggregate: itemsToAggregate(customerId, items, now),
      facts: facts === undefined ? undefined : factsFromItem(facts),
      segments: segments === undefined ? undefined : segmentsFromItem(segments),
    };
  }

  async applyFacts(customerId: string, change: FactsChange): Promise<FactsOutcome> {
    const input = factsUpdate(this.tableName, customerId, change);
    if (change.kind === 'registered') return this.register(customerId, input);
    try {
      await this.db.send(new UpdateCommand(input));
      return 'accepted';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const kept = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: factsKey(customerId), ConsistentRead: true }),
      );
      if (kept.Item === undefined) return 'unknown';
      if (change.kind !== 'assignment') return 'stale';
      const newer = typeof kept.Item.profileVersion === 'number' && kept.Item.profileVersion < change.version;
      return newer && kept.Item.branch !== change.branch ? 'other-branch' : 'stale';
    }
  }

  /** Creates the facts once, unless the customer was erased (a replayed registration). */
  private async register(customerId: string, update: UpdateCommandInput): Promise<FactsOutcome> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { ...update, UpdateExpression: update.UpdateExpression ?? '' } },
            notErased(this.tableName, customerId),
          ],
        }),
      );
      return 'accepted';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') return 'erased';
      if (codes?.[0] === 'ConditionalCheckFailed') return 'stale';
      throw error;
    }
  }

  async eraseCustomer(customerId: string, erasedAt: string): Promise<void> {
    // The marker first: from here on no registration or parking keeps anything again.
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...erasedKey(customerId), erasedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    // Then the facts: every other write is conditional on them, so nothing new is counted.
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: factsKey(customerId) }));
    await this.dropSegments(customerId);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const doomed = items.filter((item) => item.sk !== ERASED);
    for (let i = 0; i < doomed.length; i += ERASE_CONCURRENCY) {
      await Promise.all(
        doomed
          .slice(i, i + ERASE_CONCURRENCY)
          .map((item) =>
            this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } })),
          ),
      );
    }
  }

  /**
   * Deletes the grading and takes the customer out of the summary counts in one transaction,
   * conditional on the grading read; a grading that got there first is read again.
   */
  private async dropSegments(customerId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      if (attempt > 0) await conflictBackoff(attempt - 1);
      const kept = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: segmentsKey(customerId), ConsistentRead: true }),
      );
      if (kept.Item === undefined) return;
      const stored = segmentsFromItem(kept.Item);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: this.tableName,
                  Key: segmentsKey(customerId),
                  ConditionExpression: 'version = :v',
                  ExpressionAttributeValues: { ':v': stored.version },
                },
              },
              ...summaryUpdates(this.tableName, stored.state, undefined),
            ],
          }),
        );
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] !== 'ConditionalCheckFailed' && !codes?.includes('TransactionConflict')) throw error;
      }
    }
    // Thrown, the event is retried by Lambda: the erasure resumes where it stopped.
    throw new Error('The customer’s grading kept changing while it was being erased');
  }

  async saveGrading(
    previous: StoredSegments | undefined,
    state: SegmentState,
    changes: readonly SegmentChangeRecord[],
    now: Date,
    summaryChange?: ActivitySummaryRecord,
  ): Promise<'saved' | 'conflict'> {
    const version = (previous?.version ?? 0) + 1;
    const { reactivatedAt, lastActiveAt, ...kept } = state;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...segmentsKey(state.customerId),
            ...kept,
            ...(reactivatedAt === undefined ? {} : { reactivatedAt }),
            ...(lastActiveAt === undefined ? {} : { lastActiveAt }),
            version,
            regradeShard: regradeShardKey(regradeShardOf(state.customerId)),
          },
          ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(previous === undefined ? {} : { ExpressionAttributeValues: { ':v': previous.version } }),
        },
      },
      ...summaryUpdates(this.tableName, previous?.state, state),
    ];
    for (const change of changes) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...historyKey(state.customerId, change.at, version, change.dimension), ...change },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      items.push(
        outboxPut(this.outboxTableName, buildEvent(CustomerSegmentChanged, change, now), now, activityEvents),
      );
    }
    if (summaryChange !== undefined) {
      // In the grading's transaction, which keeps the summary it announces: the next grading
      // compares with exactly what was published, and a lost race publishes nothing.
      items.push(
        outboxPut(
          this.outboxTableName,
          buildEvent(ActivitySummaryChanged, summaryChange, now),
          now,
          activityEvents,
        ),
      );
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'saved';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed' || codes?.includes('TransactionConflict'))
        return 'conflict';
      throw error;
    }
  }

  async park(parked: ParkedEvent): Promise<ParkOutcome> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...parkedKey(parked.customerId, parked.key),
                  customerId: parked.customerId,
                  eventKey: parked.key,
                  event: JSON.stringify(parked.event),
                  parkedAt: parked.parkedAt,
                  parkExpiresAt: parked.expiresAt,
                  parkShard: parkShardKey(shardOf(parked.customerId)),
                },
                // The first parking of an event sets its expiry; a redelivery must not extend it.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // An erased customer is unknown again, but waits for no registration.
            notErased(this.tableName, parked.customerId),
          ],
        }),
      );
      return 'parked';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') return 'erased';
      if (codes?.[0] === 'ConditionalCheckFailed') return 'already-parked';
      throw error;
    }
  }

  async parkedFor(customerId: string): Promise<ParkedEvent[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':p': PARKED_PREFIX },
      ConsistentRead: true,
    });
    return items.map(parkedFromItem);
  }

  async unpark(customerId: string, key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: parkedKey(customerId, key) }));
  }

  async expiredParked(shard: number, now: Date, cursor?: Item): Promise<Page<ParkedEvent>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PARK_EXPIRY_INDEX,
        KeyConditionExpression: 'parkShard = :s AND parkExpiresAt <= :now',
        ExpressionAttributeValues: { ':s': parkShardKey(shard), ':now': now.toISOString() },
        ExclusiveStartKey: cursor,
        Limit: 100,
      }),
    );
    return { items: (page.Items ?? []).map(parkedFromItem), next: page.LastEvaluatedKey };
  }

  async dueForRegrade(shard: number, now: Date, cursor?: Item): Promise<Page<string>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: REGRADE_INDEX,
        KeyConditionExpression: 'regradeShard = :s AND regradeAt <= :now',
        ExpressionAttributeValues: { ':s': regradeShardKey(shard), ':now': now.toISOString() },
        ProjectionExpression: 'customerId',
        ExclusiveStartKey: cursor,
        Limit: 100,
      }),
    );
    const ids = (page.Items ?? []).map((item) => item.customerId).filter((id) => typeof id === 'string');
    return { items: ids, next: page.LastEvaluatedKey };
  }

  async segmentHistory(customerId: string, limit: number): Promise<SegmentChangeRecord[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':h': HISTORY_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(historyFromItem);
  }

  async segmentSummary(branch?: string): Promise<BranchSummary[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: branch === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: {
        ':pk': SUMMARY_PK,
        ...(branch === undefined ? {} : { ':b': `${branch}#` }),
      },
    });
    return summaryFromItems(items, branch);
  }
}
