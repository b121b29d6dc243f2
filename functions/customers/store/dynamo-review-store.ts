import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../../../shared/dynamodb/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import { customersEvents } from '../events.js';
import type { ListScope, Page } from './customer-store.js';
import { reviewFromItem } from './items.js';
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
    private readonly clock: Clock,
  ) {}

  private outbox(events: readonly CrmEvent[]): TransactItem[] {
    return events.map((event) => outboxPut(this.tableName, event, this.clock.now(), customersEvents));
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
    return Item === undefined ? undefined : reviewFromItem(Item);
  }

  /**
   * Moves an open or escalated review to `status`: its list and deadline-queue keys follow,
   * `fields` are set, and the change commits with `alsoWrite` and the events, or not at all.
   * False when the review was no longer open or escalated.
   */
  private async transition(
    review: ReviewRecord,
    status: ReviewStatus,
    deadline: string,
    fields: Readonly<Record<string, unknown>>,
    options: { readonly removeToken?: boolean; readonly alsoWrite?: readonly TransactItem[] },
    events: readonly CrmEvent[],
  ): Promise<boolean> {
    const index = statusIndex(review, status, deadline);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': status,
      ':listKey': index.listKey,
      ':dueKey': index.dueKey,
      ':dueAt': index.dueAt,
      ':open': 'open',
      ':escalated': 'escalated',
    };
    const sets = ['#status = :status', 'listKey = :listKey', 'dueKey = :dueKey', 'dueAt = :dueAt'];
    Object.entries(fields).forEach(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
    });
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: reviewKey(review.reviewId),
                UpdateExpression: `SET ${sets.join(', ')}${options.removeToken === true ? ' REMOVE taskToken' : ''}`,
                ConditionExpression: '#status IN (:open, :escalated)',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...(options.alsoWrite ?? []),
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
    const moved = await this.transition(current, status, deadline, { stage, taskToken }, {}, events);
    return moved ? { ...current, stage, status, taskToken } : undefined;
  }

  async complete(
    review: ReviewRecord,
    outcome: 'confirmed' | 'updated',
    by: string,
    at: Date,
    events: readonly CrmEvent[],
  ): Promise<boolean> {
    const stampCustomer: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: customerKey(review.customerId),
        UpdateExpression: 'SET lastReviewedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      },
    };
    return this.transition(
      review,
      'completed',
      at.toISOString(),
      { outcome, completedAt: at.toISOString(), completedBy: by },
      { removeToken: true, alsoWrite: [stampCustomer] },
      events,
    );
  }

  async markOverdue(reviewId: string, at: Date, events: readonly CrmEvent[]): Promise<boolean> {
    const current = await this.get(reviewId);
    if (current === undefined || current.status === 'completed') return false;
    return this.transition(
      current,
      'overdue',
      current.supervisorDeadline,
      { overdueAt: at.toISOString() },
      { removeToken: true },
      events,
    );
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
    return { items: Items.map(reviewFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }
}
