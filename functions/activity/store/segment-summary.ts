import type { SegmentState } from '../domain/customer-grading.js';
import type { Segments } from '../domain/segmentation/grading.js';
import { SEGMENT_DIMENSIONS } from '../events.js';
import { counterAttribute, shardOf, summaryKey } from './grading-keys.js';
import type { BranchSummary } from './grading-store.js';
import type { TransactItem } from './grading-writes.js';

/**
 * The segment summary's sharded counters (key layout in grading-keys.ts): how a grading moves
 * them, and how the shard items read back add up to one count per branch, dimension and value.
 */

/** A dimension's value as counted and reported: enum values as they are, booleans as text. */
const segmentValue = (segments: Segments, dimension: (typeof SEGMENT_DIMENSIONS)[number]) =>
  String(segments[dimension]);

/**
 * The summary counters' moves: −1 for every value the customer was counted under, +1 for
 * every value it is counted under now (nothing once it is erased), netted per counter item so that each shard item
 * appears once in the transaction (DynamoDB refuses two operations on one item).
 */
export function summaryUpdates(
  tableName: string,
  before: SegmentState | undefined,
  after: SegmentState | undefined,
): TransactItem[] {
  const customerId = after?.customerId ?? before?.customerId;
  if (customerId === undefined) return [];
  const shard = shardOf(customerId);
  const moves = new Map<string, Map<string, number>>();
  const move = (branch: string, attribute: string, delta: number) => {
    const counters = moves.get(branch) ?? new Map<string, number>();
    counters.set(attribute, (counters.get(attribute) ?? 0) + delta);
    moves.set(branch, counters);
  };
  for (const dimension of SEGMENT_DIMENSIONS) {
    if (before !== undefined)
      move(before.branch, counterAttribute(dimension, segmentValue(before, dimension)), -1);
    if (after !== undefined)
      move(after.branch, counterAttribute(dimension, segmentValue(after, dimension)), 1);
  }
  const updates: TransactItem[] = [];
  for (const [branch, counters] of moves) {
    const names: Record<string, string> = { '#branch': 'branch' };
    const values: Record<string, unknown> = { ':branch': branch };
    const adds: string[] = [];
    for (const [attribute, delta] of counters) {
      if (delta === 0) continue;
      const i = adds.length;
      names[`#c${i}`] = attribute;
      values[`:c${i}`] = delta;
      adds.push(`#c${i} :c${i}`);
    }
    if (adds.length === 0) continue;
    updates.push({
      Update: {
        TableName: tableName,
        Key: summaryKey(branch, shard),
        UpdateExpression: `SET #branch = :branch ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  }
  return updates;
}

/** The summary shard items read back, added up per branch (only `branch`'s, when one is asked for). */
export function summaryFromItems(
  items: readonly Record<string, unknown>[],
  branch?: string,
): BranchSummary[] {
  const byBranch = new Map<string, Record<string, Record<string, number>>>();
  for (const item of items) {
    const itemBranch = item.branch;
    if (typeof itemBranch !== 'string' || (branch !== undefined && itemBranch !== branch)) continue;
    const counts = byBranch.get(itemBranch) ?? {};
    for (const [attribute, value] of Object.entries(item)) {
      const separator = attribute.indexOf('=');
      if (separator < 0 || typeof value !== 'number') continue;
      const dimension = attribute.slice(0, separator);
      const dimensionCounts = counts[dimension] ?? {};
      dimensionCounts[attribute.slice(separator + 1)] =
        (dimensionCounts[attribute.slice(separator + 1)] ?? 0) + value;
      counts[dimension] = dimensionCounts;
    }
    byBranch.set(itemBranch, counts);
  }
  return [...byBranch.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, counts]) => ({ branch: name, counts: withoutZeros(counts) }));
}

/** Values nobody holds any more are left out of the summary. */
function withoutZeros(
  counts: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(counts).map(([dimension, values]) => [
      dimension,
      Object.fromEntries(Object.entries(values).filter(([, count]) => count !== 0)),
    ]),
  );
}
