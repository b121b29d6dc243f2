import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  decodeCursor,
  encodeCursor,
  isConditionalCheckFailure,
  queryAll,
  readItem,
} from '../../../shared/dynamodb/index.js';
import { type Labelled, type TransactItem, transactWrite } from '../../../shared/dynamodb/transaction.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { Task, TaskAttempt } from '../domain/task.js';
import { engagementEvents } from '../events.js';
import { complaintFactsKey, DUE_KINDS, taskAttemptKey, taskKey, visitPlanKey } from './keys.js';
import { kpiCounterUpdate } from './kpi-counters.js';
import {
  attemptFromItem,
  complaintFactsItemSchema,
  defined,
  planFromItem,
  planItem,
  taskFromItem,
  taskItem,
} from './task-items.js';
import { cursorShape, filterOf, partitionOf } from './task-list-query.js';
import type {
  ComplaintFacts,
  KpiChange,
  TaskFilters,
  TaskPage,
  TaskScope,
  TaskStore,
  TaskWriteOutcome,
  VisitPlan,
} from './task-store.js';

type OpenLabel = 'task' | 'other';
type AttemptLabel = 'task' | 'attempt' | 'other';
type PlanLabel = 'task' | 'plan' | 'other';

/**
 * DynamoDB adapter of the TaskStore port (key layout in keys.ts). Each change is one
 * TransactWriteItems: the task under its version guard (or `attribute_not_exists` when it opens),
 * what goes with it (an attempt, the plan), the outbox events and the KPI counters.
 */
export class DynamoTaskStore implements TaskStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async complaintFacts(complaintId: string): Promise<ComplaintFacts | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: complaintFactsKey(complaintId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : readItem(complaintFactsItemSchema, Item, 'complaint facts');
  }

  async recordComplaintReceived(facts: Required<Omit<ComplaintFacts, 'assignee'>>): Promise<void> {
    // SET of values a complaint never changes: a redelivery writes the same, and an assignment
    // recorded before (events out of order) is kept.
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: complaintFactsKey(facts.complaintId),
        UpdateExpression: 'SET complaintId = :id, customerId = :customer, branch = :branch, #queue = :queue',
        ExpressionAttributeNames: { '#queue': 'queue' },
        ExpressionAttributeValues: {
          ':id': facts.complaintId,
          ':customer': facts.customerId,
          ':branch': facts.branch,
          ':queue': facts.queue,
        },
      }),
    );
  }

  async recordComplaintAssigned(complaintId: string, assignee: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: complaintFactsKey(complaintId),
          UpdateExpression: 'SET complaintId = :id, assignee = :assignee, assignedAt = :at',
          ConditionExpression: 'attribute_not_exists(assignedAt) OR assignedAt < :at',
          ExpressionAttributeValues: { ':id': complaintId, ':assignee': assignee, ':at': at },
        }),
      );
    } catch (error) {
      // A later assignment is already recorded (or this one, redelivered): nothing to do.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async get(taskId: string): Promise<Task | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: taskKey(taskId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : taskFromItem(Item);
  }

  async attempts(taskId: string): Promise<readonly TaskAttempt[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
      ExpressionAttributeValues: { ':pk': taskKey(taskId).pk, ':attempt': 'ATTEMPT#' },
      ConsistentRead: true,
    });
    return items.map(attemptFromItem);
  }

  async open(task: Task, event: CrmEvent, kpi?: KpiChange): Promise<boolean> {
    const failed = await transactWrite<OpenLabel>(this.db, [
      {
        label: 'task',
        item: {
          Put: {
            TableName: this.table,
            Item: taskItem(task),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      ...this.outbox([event]),
      ...this.counters(kpi),
    ]);
    return failed.length === 0;
  }

  async recordAttempt(change: {
    readonly task: Task;
    readonly expectedVersion: number;
    readonly attempt: TaskAttempt;
    readonly sealedNotes?: string | undefined;
    readonly events: readonly CrmEvent[];
    readonly kpi?: KpiChange | undefined;
  }): Promise<TaskWriteOutcome> {
    const { task, attempt } = change;
    const failed = await transactWrite<AttemptLabel>(this.db, [
      { label: 'task', item: this.guardedTaskPut(task, change.expectedVersion) },
      {
        label: 'attempt',
        item: {
          Put: {
            TableName: this.table,
            Item: {
              ...taskAttemptKey(task.taskId, attempt.n),
              ...defined({ ...attempt }),
              ...(change.sealedNotes === undefined ? {} : { notes: change.sealedNotes }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      ...this.outbox(change.events),
      ...this.counters(change.kpi),
    ]);
    return this.outcomeOf(task.taskId, failed);
  }

  async escalate(task: Task, expectedVersion: number, event: CrmEvent): Promise<TaskWriteOutcome> {
    const failed = await transactWrite<OpenLabel>(this.db, [
      { label: 'task', item: this.guardedTaskPut(task, expectedVersion) },
      ...this.outbox([event]),
    ]);
    return this.outcomeOf(task.taskId, failed);
  }

  async dueTasks(now: string, limit: number): Promise<readonly Task[]> {
    // The index is read for the keys only; each task is read again, strongly, so an attempt
    // written a moment ago (the index lags) is seen, and the version guard holds the rest.
    const keys = await this.dueKeys(DUE_KINDS.task, now, limit);
    const tasks = await Promise.all(keys.map((pk) => this.get(pk.replace(/^TASK#/, ''))));
    return tasks.filter((task): task is Task => task !== undefined);
  }

  async list(
    scope: TaskScope,
    filters: TaskFilters,
    limit: number,
    cursor: string | undefined,
  ): Promise<TaskPage> {
    const { indexName, keyName, keyValue } = partitionOf(scope);
    const filter = filterOf(scope, filters);
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: indexName,
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { ...filter.names, '#partition': keyName },
        ExpressionAttributeValues: { ...filter.values, ':partition': keyValue },
        ...(filter.expression === undefined ? {} : { FilterExpression: filter.expression }),
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, cursorShape(keyName, keyValue)),
      }),
    );
    const next = encodeCursor(page.LastEvaluatedKey);
    return { items: (page.Items ?? []).map(taskFromItem), ...(next === undefined ? {} : { cursor: next }) };
  }

  async plan(customerId: string): Promise<VisitPlan | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: visitPlanKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : planFromItem(Item);
  }

  async putPlan(plan: VisitPlan, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await this.db.send(new PutCommand(this.guardedPlanPut(plan, expectedVersion).Put));
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async duePlans(now: string, limit: number): Promise<readonly VisitPlan[]> {
    const keys = await this.dueKeys(DUE_KINDS.periodicVisit, now, limit);
    const plans = await Promise.all(keys.map((pk) => this.plan(pk.replace(/^CUSTOMER#/, ''))));
    return plans.filter((plan): plan is VisitPlan => plan !== undefined);
  }

  async openPeriodicVisit(
    task: Task,
    event: CrmEvent,
    plan: VisitPlan,
    expectedVersion: number,
  ): Promise<'opened' | 'moved' | 'conflict'> {
    const planPut: Labelled<PlanLabel> = { label: 'plan', item: this.guardedPlanPut(plan, expectedVersion) };
    const failed = await transactWrite<PlanLabel>(this.db, [
      {
        label: 'task',
        item: {
          Put: {
            TableName: this.table,
            Item: taskItem(task),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      planPut,
      ...this.outbox([event]),
    ]);
    if (failed.length === 0) return 'opened';
    if (failed.includes('plan')) return 'conflict';
    // This visit was opened already (the plan moved back onto its date): move the plan alone.
    return (await transactWrite<PlanLabel>(this.db, [planPut])).length === 0 ? 'moved' : 'conflict';
  }

  /** The partition keys of the items of `dueKind` due at or before `now`, oldest first. */
  private async dueKeys(dueKind: string, now: string, limit: number): Promise<string[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueKey = :kind AND dueAt <= :now',
        ExpressionAttributeValues: { ':kind': dueKind, ':now': now },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => String(item.pk));
  }

  private guardedTaskPut(task: Task, expectedVersion: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: taskItem(task),
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    };
  }

  private guardedPlanPut(plan: VisitPlan, expectedVersion: number | undefined) {
    const Item = planItem(plan);
    return {
      Put:
        expectedVersion === undefined
          ? { TableName: this.table, Item, ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              TableName: this.table,
              Item,
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
    };
  }

  /** A failed task guard is a version conflict, or the task is gone. */
  private async outcomeOf(taskId: string, failed: readonly string[]): Promise<TaskWriteOutcome> {
    if (failed.length === 0) return 'written';
    if (!failed.includes('task'))
      throw new Error('A task change was refused by a condition other than its version');
    return (await this.get(taskId)) === undefined ? 'not-found' : 'version-conflict';
  }

  private outbox(events: readonly CrmEvent[]): Labelled<'other'>[] {
    const now = this.clock.now();
    return events.map((event) => ({
      label: 'other' as const,
      item: outboxPut(this.table, event, now, engagementEvents),
    }));
  }

  private counters(kpi: KpiChange | undefined): Labelled<'other'>[] {
    if (kpi === undefined) return [];
    const update = kpiCounterUpdate(this.table, kpi.branch, kpi.at, kpi.increments);
    return update === undefined ? [] : [{ label: 'other', item: update }];
  }
}
