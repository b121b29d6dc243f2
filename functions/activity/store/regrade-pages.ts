import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../shared/dynamodb/cursor.js';
import type { SegmentPage } from '../../../shared/passes/segment.js';
import { REGRADE_SHARDS, regradeShardKey } from './grading-keys.js';
import type { GradingStore } from './grading-store.js';

/**
 * The regrade index's shards that segment `segment` of `totalSegments` takes: every shard s
 * with s mod totalSegments = segment, in order. With more segments than shards, the segments
 * past the last shard take none.
 */
export function regradeShardsOf(segment: number, totalSegments: number): number[] {
  const shards: number[] = [];
  for (let shard = segment; shard < REGRADE_SHARDS; shard += totalSegments) shards.push(shard);
  return shards;
}

/**
 * Pages through the customers due for a regrade at `dueAt` in one segment of the daily pass:
 * its shards one after the other, each page a query of the `byRegrade` index. The cursor names
 * the shard and the index position within it (the query's LastEvaluatedKey), and is accepted
 * only when it is a position of this segment's query: a shard of the segment, a key of that
 * shard's partition due by `dueAt` (anything else is an `InvalidCursorError`, and the segment
 * fails rather than reading elsewhere).
 */
export function regradePages(
  grading: GradingStore,
  segment: number,
  totalSegments: number,
  dueAt: Date,
): (cursor: string | undefined) => Promise<SegmentPage<string>> {
  const shards = regradeShardsOf(segment, totalSegments);
  const due = dueAt.toISOString();
  return async (cursor) => {
    const at = cursor === undefined ? { index: 0, position: undefined } : positionOf(cursor, shards, due);
    const shard = shards[at.index];
    if (shard === undefined) return { keys: [] };
    const page = await grading.dueForRegrade(shard, dueAt, at.position);
    const next =
      page.next !== undefined
        ? cursorOf(shard, page.next)
        : at.index + 1 < shards.length
          ? cursorOf(shards[at.index + 1] ?? shard)
          : undefined;
    return next === undefined ? { keys: page.items } : { keys: page.items, cursor: next };
  };
}

/** `<shard>` (its start) or `<shard>.<position>` (after that index key). */
function cursorOf(shard: number, position?: Record<string, unknown>): string {
  const encoded = encodeCursor(position);
  return encoded === undefined ? String(shard) : `${shard}.${encoded}`;
}

function positionOf(
  cursor: string,
  shards: readonly number[],
  due: string,
): { index: number; position: Record<string, string | number> | undefined } {
  const dot = cursor.indexOf('.');
  const shardText = dot < 0 ? cursor : cursor.slice(0, dot);
  const encoded = dot < 0 ? undefined : cursor.slice(dot + 1);
  const index = /^\d{1,4}$/.test(shardText) ? shards.indexOf(Number(shardText)) : -1;
  if (index < 0) throw new InvalidCursorError('The cursor does not belong to this segment');
  const shard = shards[index] ?? 0;
  const position = decodeCursor(encoded, {
    keys: { pk: 'S', sk: 'S', regradeShard: 'S', regradeAt: 'S' },
    partition: { regradeShard: regradeShardKey(shard) },
    sortKey: { name: 'regradeAt', accepts: (value) => typeof value === 'string' && value <= due },
  });
  return { index, position };
}
