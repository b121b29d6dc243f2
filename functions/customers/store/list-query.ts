import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor } from '../../../shared/dynamodb/index.js';
import type { ListFilters, ListScope } from './customer-store.js';
import {
  branchKey,
  CUSTOMER_LIST_PREFIX,
  dueCursorShape,
  ENTITY,
  listCursorShape,
  REVIEW_DUE,
  rmKey,
} from './keys.js';

/**
 * The queries that page through customers (key schema in keys.ts): a scope's list, newest
 * first by its index, and the customers whose review is due.
 */

/** The index, and its partition, that a scope reads: one query per page, whatever the scope. */
function partitionOf(scope: ListScope) {
  return scope.kind === 'all'
    ? (['byEntity', 'entityType', ENTITY.customer] as const)
    : scope.kind === 'branch'
      ? (['byBranch', 'branchKey', branchKey(scope.branch)] as const)
      : (['byRm', 'rmKey', rmKey(scope.rmId)] as const);
}

/** One page of a scope's customers, filtered on the stored customer attributes. */
export function listQuery(
  tableName: string,
  scope: ListScope,
  filters: ListFilters,
  limit: number,
  cursor?: string,
): QueryCommandInput {
  const filterParts: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  if (filters.customerType !== undefined) {
    filterParts.push('customerType = :type');
    values[':type'] = filters.customerType;
  }
  if (filters.relationship !== undefined) {
    filterParts.push('#relationship = :relationship');
    names['#relationship'] = 'relationship';
    values[':relationship'] = filters.relationship;
  }
  const filter = filterParts.length > 0 ? { FilterExpression: filterParts.join(' AND ') } : {};
  const attributeNames = Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {};
  const [indexName, keyName, keyValue] = partitionOf(scope);
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: `${keyName} = :k AND begins_with(listKey, :prefix)`,
    ExpressionAttributeValues: { ...values, ':k': keyValue, ':prefix': CUSTOMER_LIST_PREFIX },
    ...attributeNames,
    ...filter,
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor, listCursorShape(keyName, keyValue, CUSTOMER_LIST_PREFIX)),
  };
}

/** One page of the customers whose periodic review is due at `now` (the sparse byDue index). */
export function dueForReviewQuery(
  tableName: string,
  now: Date,
  limit: number,
  cursor?: string,
): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: 'byDue',
    KeyConditionExpression: 'dueKey = :k AND dueAt <= :now',
    ExpressionAttributeValues: { ':k': REVIEW_DUE, ':now': now.toISOString() },
    Limit: limit,
    ExclusiveStartKey: decodeCursor(cursor, dueCursorShape(REVIEW_DUE, now.toISOString())),
  };
}
