import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditSigner, auditPut, signAuditRecord } from '../../../shared/audit/index.js';
import {
  cancellationCodes,
  decodeCursor,
  encodeCursor,
  isConditionalCheckFailure,
} from '../../../shared/dynamodb/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { ReviewDeadlines } from '../domain/review-deadlines.js';
import { customersEvents } from '../events.js';
import type { ListScope, Page } from './customer-store.js';
import { customerUpdate } from './customer-update.js';
import type { CustomerTables } from './dynamo-customer-store.js';
import { reviewFromItem } from './items.js';
import {
  branchKey,
  customerKey,
  dueCursorShape,
  ENTITY,
  listCursorShape,
  REVIEW_DUE,
  reviewKey,
  reviewListKey,
  reviewListPrefix,
  reviewStatusDueKey,
  rmKey,
} from './keys.js';
import type {
  ReviewCompletion,
  ReviewRecord,
  ReviewStage,
  ReviewStatus,
  ReviewStore,
} from './review-store.js';

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

/** How a transition ended: moved, refused by the review's own condition, or by another item's. */
type TransitionOutcome = 'moved' | 'not-open' | 'other-condition';

/** The deadline a review in `status` is listed and queued by: the one its current step waits for. */
function currentDeadline(status: ReviewStatus, deadlines: ReviewDeadlines): string {
  return status === 'escalated' ? deadlines.supervisorDeadline : deadlines.rmDeadline;
}

/**
 * DynamoDB adapter of the ReviewStore port. Reviews live in the Customers table; completing one
 * also writes the customer's audit record to the CustomerAudit table.
 */
export class DynamoReviewStore implements ReviewStore {
  private readonly tableName: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CustomerTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {
    this.tableName = tables.customers;
  }

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
   * `not-open` when the review was no longer open or escalated; `other-condition` when an item
   * of `alsoWrite` refused.
   */
  private async transition(
    review: ReviewRecord,
    status: ReviewStatus,
    deadline: string,
    fields: Readonly<Record<string, unknown>>,
    options: { readonly removeToken?: boolean; readonly alsoWrite?: readonly TransactItem[] },
    events: readonly CrmEvent[],
  ): Promise<TransitionOutcome> {
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
      return 'moved';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The review's own condition is the first item; anything else (another item's
      // condition, a conflicting transaction) leaves the review as it was.
      return cancellationCodes(error)?.[0] === 'ConditionalCheckFailed' ? 'not-open' : 'other-condition';
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
    return moved === 'moved' ? { ...current, stage, status, taskToken } : undefined;
  }

  async complete(
    review: ReviewRecord,
    completion: ReviewCompletion,
    events: readonly CrmEvent[],
  ): Promise<'completed' | 'not-open' | 'customer-changed'> {
    const at = completion.at.toISOString();
    const customer: TransactItem[] = [
      { Update: customerUpdate(this.tableName, completion.customer) },
      auditPut(this.tables.audit, await signAuditRecord(this.signer, completion.customer.audit)),
    ];
    const outcome = await this.transition(
      review,
      'completed',
      at,
      { outcome: completion.outcome, completedAt: at, completedBy: completion.by },
      { removeToken: true, alsoWrite: customer },
      events,
    );
    return outcome === 'moved' ? 'completed' : outcome === 'not-open' ? 'not-open' : 'customer-changed';
  }

  async reschedule(review: ReviewRecord, deadlines: ReviewDeadlines): Promise<boolean> {
    const index = statusIndex(review, review.status, currentDeadline(review.status, deadlines));
    const tokenCondition =
      review.taskToken === undefined ? 'attribute_not_exists(taskToken)' : 'taskToken = :token';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: reviewKey(review.reviewId),
          UpdateExpression:
            'SET rmDeadline = :rm, supervisorDeadline = :sup, rmDeadlineProvisional = :rmProvisional, supervisorDeadlineProvisional = :supProvisional, missingCalendarYears = :missing, listKey = :listKey, dueAt = :dueAt',
          // Still where it was read: same status, same deadlines, same waiting step. Otherwise the
          // workflow moved on meanwhile and the caller reads it again.
          ConditionExpression: `#status = :status AND rmDeadline = :oldRm AND supervisorDeadline = :oldSup AND ${tokenCondition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':rm': deadlines.rmDeadline,
            ':sup': deadlines.supervisorDeadline,
            ':rmProvisional': deadlines.rmDeadlineProvisional,
            ':supProvisional': deadlines.supervisorDeadlineProvisional,
            ':missing': [...deadlines.missingCalendarYears],
            ':listKey': index.listKey,
            ':dueAt': index.dueAt,
            ':status': review.status,
            ':oldRm': review.rmDeadline,
            ':oldSup': review.supervisorDeadline,
            ...(review.taskToken === undefined ? {} : { ':token': review.taskToken }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async markOverdue(reviewId: string, at: Date, events: readonly CrmEvent[]): Promise<boolean> {
    const current = await this.get(reviewId);
    if (current === undefined || current.status === 'completed') return false;
    const outcome = await this.transition(
      current,
      'overdue',
      current.supervisorDeadline,
      { overdueAt: at.toISOString() },
      { removeToken: true },
      events,
    );
    return outcome === 'moved';
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
              keyName: 'branchKey' as const,
              keyValue: branchKey(scope.branch),
              prefix: reviewListPrefix(status),
            }
          : {
              IndexName: 'byRm',
              keyName: 'rmKey' as const,
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
        ExclusiveStartKey: decodeCursor(
          cursor,
          query.prefix === undefined
            ? dueCursorShape(query.keyValue)
            : listCursorShape(query.keyName, query.keyValue, query.prefix),
        ),
      }),
    );
    return { items: Items.map(reviewFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }
}
