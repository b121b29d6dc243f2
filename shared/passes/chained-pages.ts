import { InvalidCursorError } from '../dynamodb/cursor.js';
import type { SegmentPage } from './segment.js';

/** One source of a segment's keys: its next page from `cursor` (undefined: its start). */
export type PageSource<K> = (cursor: string | undefined) => Promise<SegmentPage<K>>;

/**
 * A segment made of several sources read one after the other (the days a senior job catches up
 * on, the phases of a scan, the shards of a due index): the page function `runSegment` takes,
 * whose cursor names the source and the cursor within it, so a segment stopped for time goes on
 * in the right source from the right key. When a source ends, the next page starts the next
 * source; after the last, no cursor. A cursor that does not name a source of this chain fails
 * (InvalidCursorError).
 * @example page: chainedPages(days.map((day) => (cursor) => store.seniorDayPage(day, 100, cursor)))
 */
export function chainedPages<K>(sources: readonly PageSource<K>[]): PageSource<K> {
  return async (cursor) => {
    const at = positionOf(cursor, sources.length);
    const source = sources[at.source];
    if (source === undefined) return { keys: [] };
    const page = await source(at.cursor);
    if (page.cursor !== undefined) return { keys: page.keys, cursor: encode(at.source, page.cursor) };
    const next = at.source + 1;
    return next < sources.length ? { keys: page.keys, cursor: encode(next, undefined) } : { keys: page.keys };
  };
}

function encode(source: number, cursor: string | undefined): string {
  return Buffer.from(JSON.stringify(cursor === undefined ? { source } : { source, cursor }), 'utf8').toString(
    'base64url',
  );
}

function positionOf(cursor: string | undefined, sources: number): { source: number; cursor?: string } {
  if (cursor === undefined) return { source: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not valid');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError('The cursor is not valid');
  const source = 'source' in parsed ? parsed.source : undefined;
  const inner = 'cursor' in parsed ? parsed.cursor : undefined;
  if (typeof source !== 'number' || !Number.isInteger(source) || source < 0 || source >= sources) {
    throw new InvalidCursorError('The cursor does not belong to this segment');
  }
  if (inner !== undefined && (typeof inner !== 'string' || inner.length === 0)) {
    throw new InvalidCursorError('The cursor is not valid');
  }
  return inner === undefined ? { source } : { source, cursor: inner };
}

/**
 * The pages of a due set kept in a single index partition (one shard): segment 0 of the pass
 * takes it whole and every other segment takes nothing, as shard s goes to segment
 * s mod totalSegments. A pass declared with more segments than it has shards so never works a
 * customer twice.
 */
export function singleShardPages<K>(segment: number, sources: readonly PageSource<K>[]): PageSource<K> {
  return chainedPages(segment === 0 ? sources : []);
}
