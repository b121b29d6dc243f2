import type { FeaturesSegments } from '../../../functions/retention/service/daily.js';
import type { SegmentPage } from '../../../shared/passes/segment.js';
import type { MemoryScoringStore } from './rescore-fakes.js';

/**
 * The daily pass's segments over the memory store, cut as a parallel Scan cuts them: every
 * customer in exactly one segment (here by its place in id order, modulo the segment count),
 * a segment read page by page with an opaque cursor. Records the pages read.
 */
export class MemoryFeaturesSegments implements FeaturesSegments {
  readonly pagesRead: { segment: number; cursor: string | undefined }[] = [];

  constructor(private readonly scoring: MemoryScoringStore) {}

  async page(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<string>> {
    this.pagesRead.push({ segment: segment.segment, cursor });
    const ids = [...this.scoring.featuresById.keys()]
      .sort()
      .filter((_, n) => n % segment.totalSegments === segment.segment);
    const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    const keys = ids.slice(start, start + limit);
    const next = start + limit;
    return next < ids.length ? { keys, cursor: Buffer.from(String(next)).toString('base64url') } : { keys };
  }
}
