import type { TransactItem } from './transaction.js';

/**
 * The Put of an item guarded by its `revision` attribute: created only if absent when
 * `expectedRevision` is 0, else replaced only if the stored revision is still `expectedRevision`.
 * The item is written with `revision: expectedRevision + 1`, so the next writer's guard sees
 * this write. Used by the mirrors (shared/mirror/apply-under-revision.ts).
 */
export function revisionGuardedPut(
  tableName: string,
  item: Record<string, unknown>,
  expectedRevision: number,
): TransactItem {
  const Item = { ...item, revision: expectedRevision + 1 };
  return expectedRevision === 0
    ? { Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
    : {
        Put: {
          TableName: tableName,
          Item,
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': expectedRevision },
        },
      };
}
