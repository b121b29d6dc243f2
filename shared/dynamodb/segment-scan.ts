import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SegmentPage } from '../passes/segment.js';
import { decodeCursor, encodeCursor, type KeyType } from './cursor.js';

/**
 * One segment of a parallel Scan of an index, for a whole-book pass (docs/architecture.md,
 * "Passes"): DynamoDB cuts the index into `totalSegments` disjoint parts, so the segments of a
 * pass together read every item once. Only an index is scanned, never a table: a function is
 * granted Scan on the index its pass reads (`FunctionSpec.scansIndexes`) and nothing else.
 */
export interface IndexSegmentScan {
  readonly tableName: string;
  readonly indexName: string;
  /** The key attributes of a position in the index: the table's keys and the index's. */
  readonly positionKeys: Readonly<Record<string, KeyType>>;
  /** Keeps the items of the pass's kind (an index may list other kinds too). */
  readonly filter: {
    readonly expression: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values: Readonly<Record<string, unknown>>;
  };
  /** The attribute holding the id the pass works on (a customer id). */
  readonly idAttribute: string;
}

/**
 * The next page of ids of segment `segment` of `totalSegments` from `cursor` (the encoded
 * LastEvaluatedKey of the page before; undefined: the segment's start). `limit` counts the items
 * DynamoDB reads before the filter, so a page may hold fewer ids, even none, and still have a
 * cursor. A cursor that is not a position of this index fails (InvalidCursorError).
 */
export async function indexSegmentPage(
  db: DynamoDBDocumentClient,
  scan: IndexSegmentScan,
  segment: { readonly segment: number; readonly totalSegments: number },
  cursor: string | undefined,
  limit: number,
): Promise<SegmentPage<string>> {
  const page = await indexSegmentItems(db, scan, segment, cursor, limit, [scan.idAttribute]);
  const keys = page.keys.flatMap((item) => {
    const id = item[scan.idAttribute];
    return typeof id === 'string' ? [id] : [];
  });
  return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
}

/**
 * The same page as whole items (or only the `projection` attributes), for a pass that needs
 * more than the id of each (what it reads to decide, so it need not read each item again).
 */
export async function indexSegmentItems(
  db: DynamoDBDocumentClient,
  scan: IndexSegmentScan,
  segment: { readonly segment: number; readonly totalSegments: number },
  cursor: string | undefined,
  limit: number,
  projection?: readonly string[],
): Promise<SegmentPage<Record<string, unknown>>> {
  const projected = (projection ?? []).map((attribute, n) => [`#p${n}`, attribute] as const);
  // DynamoDB refuses an empty ExpressionAttributeNames.
  const names = { ...scan.filter.names, ...Object.fromEntries(projected) };
  const page = await db.send(
    new ScanCommand({
      TableName: scan.tableName,
      IndexName: scan.indexName,
      Segment: segment.segment,
      TotalSegments: segment.totalSegments,
      FilterExpression: scan.filter.expression,
      ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
      ExpressionAttributeValues: { ...scan.filter.values },
      ...(projected.length === 0 ? {} : { ProjectionExpression: projected.map(([name]) => name).join(', ') }),
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { keys: scan.positionKeys, partition: {} }),
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  const keys = page.Items ?? [];
  return next === undefined ? { keys } : { keys, cursor: next };
}
