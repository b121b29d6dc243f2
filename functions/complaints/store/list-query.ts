import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, FilterBuilder } from '../../../shared/dynamodb/index.js';
import type { Complaint } from '../domain/model.js';
import type { ListFilters, ListScope } from './complaint-store.js';
import { complaintFromItem } from './items.js';
import {
  assigneeKey,
  branchKey,
  COMPLAINT_ENTITY,
  LIST_INDEXES,
  type ListIndexKey,
  listCursorShape,
  queueKey,
  rmKey,
} from './keys.js';

/** The index partition a scope reads: one query per page, whatever the scope. */
function partitionOf(scope: ListScope): { readonly keyName: ListIndexKey; readonly keyValue: string } {
  switch (scope.kind) {
    case 'all':
      return { keyName: 'entityType', keyValue: COMPLAINT_ENTITY };
    case 'branch':
      return { keyName: 'branchKey', keyValue: branchKey(scope.branch) };
    case 'rm':
      // The RM's book within their own branch (the key names both).
      return { keyName: 'rmKey', keyValue: rmKey(scope.branch, scope.rmId) };
    case 'agent':
      return scope.view === 'queue'
        ? { keyName: 'queueKey', keyValue: queueKey(scope.queue) }
        : { keyName: 'assigneeKey', keyValue: assigneeKey(scope.sub) };
  }
}

/** Each filter as a condition on a stored complaint attribute (`dueBefore` on the next due deadline). */
function filterExpression(filters: ListFilters) {
  return new FilterBuilder()
    .equals('status', filters.status)
    .equals('assignee', filters.assignee)
    .equals('branch', filters.branch)
    .equals('priority', filters.priority)
    .equals('category', filters.category)
    .compare('nextDueAt', '<', filters.dueBefore, 'dueBefore')
    .build();
}

/**
 * The Query of one page of a complaints list: the scope's index partition, oldest receipt
 * first (a queue is worked in the order complaints came in), the filters as a FilterExpression (a page may hold fewer than `limit` complaints and
 * still have a cursor), the client's cursor checked to be a position of this very query (a
 * cursor of another branch, RM, agent or index is a 400 `invalid-cursor`).
 */
export function listQuery(
  tableName: string,
  scope: ListScope,
  filters: ListFilters,
  limit: number,
  cursor: string | undefined,
): QueryCommandInput {
  const { keyName, keyValue } = partitionOf(scope);
  const filter = filterExpression(filters);
  return {
    TableName: tableName,
    IndexName: LIST_INDEXES[keyName],
    KeyConditionExpression: '#partition = :partition',
    ExpressionAttributeNames: { ...filter.names, '#partition': keyName },
    ExpressionAttributeValues: { ...filter.values, ':partition': keyValue },
    ...(filter.expression === undefined ? {} : { FilterExpression: filter.expression }),
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor, listCursorShape(keyName, keyValue)),
  };
}

/** The Query of every complaint received in [from, to), of one branch or all (the report). */
export function receivedBetweenQuery(
  tableName: string,
  from: string,
  to: string,
  branch: string | undefined,
): Omit<QueryCommandInput, 'ExclusiveStartKey'> {
  const [indexName, keyName, keyValue] =
    branch === undefined
      ? (['byEntity', 'entityType', COMPLAINT_ENTITY] as const)
      : (['byBranch', 'branchKey', branchKey(branch)] as const);
  // listKey is `<receivedAt>#<id>`: every key of an instant in [from, to) sorts between the two.
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: '#partition = :partition AND listKey BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#partition': keyName },
    ExpressionAttributeValues: { ':partition': keyValue, ':from': from, ':to': to },
  };
}

/** A complaint as a list or the report gets it: never the waiting step's task token. */
export function listed(item: Record<string, unknown>): Complaint {
  const { waitingTask: _token, ...complaint } = complaintFromItem(item).complaint;
  return complaint;
}
