import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import { clock } from '../../../shared/time/clock.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ListScope, Page } from './customer-store.js';
import {
  branchKey,
  customerKey,
  ENTITY,
  REVIEW_DUE,
  reviewKey,
  reviewListKey,
  reviewListPrefix,
  reviewStatusDueKey,
  rmKey,
} from './keys.js';
import type { ReviewRecord, ReviewStage, ReviewStatus, ReviewStore } from './review-store.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const STORAGE = new Set(['pk', 'sk', 'entityType', 'branchKey', 'rmKey', 'listKey', 'dueKey', 'dueAt']);

function toRecord(item: Record<string, unknown>): ReviewRecord {
  const record = Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE.has(name)));
  // `dueAt` is both a record field and the byDue sort key; the record keeps it as `reviewDueAt`.
  return { ...record, dueAt: item.reviewDueAt } as unknown as ReviewRecord;
}

/** Index attributes of a review in a given status: its lists and its deadline queue. */
function statusIndex(
  review: Pick<ReviewRecord, 'reviewId' | 'branch' | 'rmId'>,
  status: ReviewStatus,
  deadline: string,
) {
  return {
    status,
    branchKey: branchKey(review.branch),
    rmKey: rmKey(review.rmId),
    listKey: reviewListKey(status, deadline, review.reviewId),
    dueKey: reviewStatusDueKey(status),
    dueAt: `${deadline}#${review.reviewId}`,
  };
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException')
  );
}

/** DynamoDB adapter of the ReviewStore port (reviews live in the Customers table). */
export class DynamoReviewStore implements ReviewStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private outbox(events: readonly CrmEvent[]): TransactItem[] {
    return events.map((event) => outboxPut(this.tableName, event, clock.now()));
  }

  async openForDueCustomer(
    review: ReviewRecord,
    customer: { customerId: string; expectedNextReviewAt: string; nextReviewAt: string },
    events: readonly CrmEvent[],
  ): Promise<'opened' | 'already-moved'> {
    const { dueAt, ...rest } = review;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...reviewKey(review.reviewId),
            entityType: ENTITY.review,
            ...rest,
            reviewDueAt: dueAt,
            ...statusIndex(review, review.status, review.rmDeadline),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: customerKey(customer.customerId),
          UpdateExpression: 'SET nextReviewAt = :next, dueAt = :next, dueKey = :dueKey',
          ConditionExpression: 'nextReviewAt = :expected AND #relationship = :active',
          ExpressionAttributeNames: { '#relationship': 'relationship' },
          ExpressionAttributeValues: {
            ':next': customer.nextReviewAt,
            ':expected': customer.expectedNextReviewAt,
            ':dueKey': REVIEW_DUE,
            ':active': 'active',
          },
        },
      },
      ...this.outbox(events),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'opened';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-moved';
      throw error;
    }
  }

  async get(reviewId: string): Promise<ReviewRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: reviewKey(reviewId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toRecord(Item);
  }

  async awaitStage(
    reviewId: string,
    stage: ReviewStage,
    taskToken: string,
    events: readonly CrmEvent[],
  ): Promise<ReviewRecord | undefined> {
    const current = await this.get(reviewId);
    if (current === undefined || current.status === 'completed' || current.status === 'overdue')
      return undefined;
    const status: ReviewStatus = stage === 'rm' ? 'open' : 'escalated';
    const deadline = stage === 'rm' ? current.rmDeadline : current.supervisorDeadline;
    const index = statusIndex(current, status, deadline);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: reviewKey(reviewId),
                UpdateExpression:
                  'SET stage = :stage, taskToken = :token, #status = :status, listKey = :listKey, dueKey = :dueKey, dueAt = :dueAt',
                ConditionExpression: '#status IN (:open, :escalated)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':stage': stage,
                  ':token': taskToken,
                  ':status': status,
                  ':listKey': index.listKey,
                  ':dueKey': index.dueKey,
                  ':dueAt': index.dueAt,
                  ':open': 'open',
                  ':escalated': 'escalated',
                },
              },
            },
            ...this.outbox(events),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    return { ...current, stage, status, taskToken };
  }

  async complete(
    review: ReviewRecord,
    outcome: 'confirmed' | 'updated',
    by: string,
    at: Date,
    events: readonly CrmEvent[],
  ): Promise<boolean> {
    const index = statusIndex(review, 'completed', at.toISOString());
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: reviewKey(review.reviewId),
                UpdateExpression:
                  'SET #status = :completed, outcome = :outcome, completedAt = :at, completedBy = :by, listKey = :listKey, dueKey = :dueKey, dueAt = :dueAt',
                ConditionExpression: '#status IN (:open, :escalated)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':completed': 'completed',
                  ':outcome': outcome,
                  ':at': at.toISOString(),
                  ':by': by,
                  ':listKey': index.listKey,
                  ':dueKey': index.dueKey,
                  ':dueAt': index.dueAt,
                  ':open': 'open',
                  ':escalated': 'escalated',
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: customerKey(review.customerId),
                UpdateExpression: 'SET lastReviewedAt = :at',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':at': at.toISOString() },
              },
            },
            ...this.outbox(events),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markOverdue(reviewId: string, at: Date, events: readonly CrmEvent[]): Promise<boolean> {
    const current = await this.get(reviewId);
    if (current === undefined || current.status === 'completed') return false;
    const index = statusIndex(current, 'overdue', current.supervisorDeadline);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: reviewKey(reviewId),
                UpdateExpression:
                  'SET #status = :overdue, overdueAt = :at, listKey = :listKey, dueKey = :dueKey, dueAt = :dueAt REMOVE taskToken',
                ConditionExpression: '#status IN (:open, :escalated)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':overdue': 'overdue',
                  ':at': at.toISOString(),
                  ':listKey': index.listKey,
                  ':dueKey': index.dueKey,
                  ':dueAt': index.dueAt,
                  ':open': 'open',
                  ':escalated': 'escalated',
                },
              },
            },
            ...this.outbox(events),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async list(
    scope: ListScope,
    status: ReviewStatus,
    limit: number,
    cursor?: string,
  ): Promise<Page<ReviewRecord>> {
    const query =
      scope.kind === 'all'
        ? { IndexName: 'byDue', keyName: 'dueKey', keyValue: reviewStatusDueKey(status), prefix: undefined }
        : scope.kind === 'branch'
          ? {
              IndexName: 'byBranch',
              keyName: 'branchKey',
              keyValue: branchKey(scope.branch),
              prefix: reviewListPrefix(status),
            }
          : {
              IndexName: 'byRm',
              keyName: 'rmKey',
              keyValue: rmKey(scope.rmId),
              prefix: reviewListPrefix(status),
            };
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: query.IndexName,
        KeyConditionExpression:
          query.prefix === undefined
            ? `${query.keyName} = :k`
            : `${query.keyName} = :k AND begins_with(listKey, :p)`,
        ExpressionAttributeValues: {
          ':k': query.keyValue,
          ...(query.prefix === undefined ? {} : { ':p': query.prefix }),
        },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { [query.keyName]: query.keyValue }),
      }),
    );
    return { items: Items.map(toRecord), cursor: encodeCursor(LastEvaluatedKey) };
  }
}
