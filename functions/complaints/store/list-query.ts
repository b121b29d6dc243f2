import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, FilterBuilder } from '../../../shared/dynamodb/index.js';
import type { ListFilters, ListScope } from './complaint-store.js';
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
