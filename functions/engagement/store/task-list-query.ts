import { type CursorShape, FilterBuilder } from '../../../shared/dynamodb/index.js';
import { assigneeKeyOf, branchKeyOf, TASK_ENTITY } from './keys.js';
import type { TaskFilters, TaskScope } from './task-store.js';

/**
 * The parts of a task list's Query: the index and partition of the caller's scope, the cursor a
 * page may continue from, and the scope's narrowing with the client's filters.
 */

/** Index and partition attribute of each list scope. */
export function partitionOf(scope: TaskScope): { indexName: string; keyName: string; keyValue: string } {
  switch (scope.kind) {
    case 'all':
      return { indexName: 'byEntity', keyName: 'entityType', keyValue: TASK_ENTITY };
    case 'branch':
    case 'rm':
      return { indexName: 'byBranch', keyName: 'branchKey', keyValue: branchKeyOf(scope.branch) };
    case 'assignee':
      return { indexName: 'byAssignee', keyName: 'assigneeKey', keyValue: assigneeKeyOf(scope.sub) };
  }
}

const LIST_KEY = /^\d{4}-\d{2}-\d{2}T[^#]+#[^#]+$/;

export function cursorShape(keyName: string, keyValue: string): CursorShape {
  return {
    keys: { pk: 'S', sk: 'S', [keyName]: 'S', listKey: 'S' },
    partition: { [keyName]: keyValue },
    sortKey: { name: 'listKey', accepts: (value) => typeof value === 'string' && LIST_KEY.test(value) },
  };
}

/** The scope's narrowing (an RM's book) and the client's filters, as one FilterExpression. */
export function filterOf(scope: TaskScope, filters: TaskFilters) {
  const filter = new FilterBuilder();
  if (scope.kind === 'rm') {
    // Survey follow-ups are the supervisors' alone.
    filter.equals('rmId', scope.rmId).compare('kind', '<>', 'survey-follow-up', 'supervisorsOnly');
  }
  return filter.equals('status', filters.status).equals('kind', filters.kind).build();
}
