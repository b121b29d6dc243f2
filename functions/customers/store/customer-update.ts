import type { AttributePath, CustomerChange } from './customer-store.js';
import { customerKey, REVIEW_DUE, rmKey } from './keys.js';

/** Index attributes that follow from record attributes, so the service never forgets one. */
function derivedSets(path: AttributePath, value: unknown): [AttributePath, unknown][] {
  if (path.length !== 1) return [];
  if (path[0] === 'rmId' && typeof value === 'string') return [[['rmKey'], rmKey(value)]];
  if (path[0] === 'nextReviewAt' && typeof value === 'string') {
    return [
      [['dueKey'], REVIEW_DUE],
      [['dueAt'], value],
    ];
  }
  return [];
}

function derivedRemoves(path: AttributePath): AttributePath[] {
  if (path.length === 1 && path[0] === 'nextReviewAt') return [['dueKey'], ['dueAt']];
  return [];
}

/**
 * The conditional update a CustomerChange makes to the customer item: every set and remove
 * (index attributes derived), the new audit head, the version bump, and the conditions that
 * keep writers honest (the item exists, the audit head is the appended record's predecessor, If-Match still holds,
 * the review date is still the one the change was computed from).
 */
export function customerUpdate(tableName: string, change: CustomerChange) {
  const names: Record<string, string> = { '#auditSeq': 'audit', '#seq': 'seq', '#hash': 'hash' };
  // The head moves only from the record the appended one links to (its seq and hash): an
  // update cannot carry a head that does not extend the stored chain (docs/domain-rules.md §12).
  const values: Record<string, unknown> = {
    ':expectedSeq': change.expectedAuditSeq,
    ':prevHash': change.audit.prevHash,
  };
  const alias = (path: AttributePath) =>
    path
      .map((part) => {
        const key = `#a${Object.keys(names).length}`;
        names[key] = part;
        return key;
      })
      .join('.');
  const sets: string[] = [];
  const allSets = change.set.flatMap(([path, value]) => [
    [path, value] as const,
    ...derivedSets(path, value),
  ]);
  allSets.push([['audit'], { seq: change.audit.seq, hash: change.audit.hash }]);
  for (const [path, value] of allSets) {
    const placeholder = `:v${Object.keys(values).length}`;
    values[placeholder] = value;
    sets.push(`${alias(path)} = ${placeholder}`);
  }
  if (change.bumpVersion) {
    names['#version'] = 'version';
    values[':one'] = 1;
    sets.push('#version = #version + :one');
  }
  const removes = (change.remove ?? []).flatMap((path) => [path, ...derivedRemoves(path)]).map(alias);
  const conditions = ['attribute_exists(pk)', '#auditSeq.#seq = :expectedSeq', '#auditSeq.#hash = :prevHash'];
  if (change.expectedNextReviewAt !== undefined) {
    const expected = change.expectedNextReviewAt.value;
    names['#nextReviewAt'] = 'nextReviewAt';
    if (expected === undefined) {
      conditions.push('attribute_not_exists(#nextReviewAt)');
    } else {
      values[':expectedNextReviewAt'] = expected;
      conditions.push('#nextReviewAt = :expectedNextReviewAt');
    }
  }
  if (change.expectedVersion !== undefined) {
    names['#version'] = 'version';
    values[':expectedVersion'] = change.expectedVersion;
    conditions.push('#version = :expectedVersion');
  }
  return {
    TableName: tableName,
    Key: customerKey(change.customerId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
