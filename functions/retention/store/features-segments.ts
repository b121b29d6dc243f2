import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { indexSegmentPage } from '../../../shared/dynamodb/segment-scan.js';
import type { SegmentPage } from '../../../shared/passes/segment.js';
import type { FeaturesSegments } from '../service/daily.js';
import { FEATURES_ENTITY } from './keys.js';

/** Index the daily pass scans: it lists every FEATURES item, and only KPI buckets and level counts besides. */
export const FEATURES_SCAN_INDEX = 'byEntity';

/**
 * The customers of one segment of the daily pass: a parallel Scan of the byEntity index kept to
 * FEATURES items (tombstones included; the rescore skips them), customer ids only. Scanning the
 * index rather than the table reads one item per customer, not its risk, history and cases too.
 */
export class DynamoFeaturesSegments implements FeaturesSegments {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  page(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<string>> {
    return indexSegmentPage(
      this.db,
      {
        tableName: this.tableName,
        indexName: FEATURES_SCAN_INDEX,
        positionKeys: { pk: 'S', sk: 'S', entityType: 'S', listKey: 'S' },
        filter: { expression: 'entityType = :entity', values: { ':entity': FEATURES_ENTITY } },
        idAttribute: 'customerId',
      },
      segment,
      cursor,
      limit,
    );
  }
}
