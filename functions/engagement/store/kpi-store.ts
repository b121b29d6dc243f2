import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../shared/dynamodb/index.js';
import { KPI_DAY_ENTITY, kpiBucketKey, kpiDayListKey } from './keys.js';
import { KPI_COUNTERS, type KpiCounter } from './kpi-counters.js';

/** One day's counters of one branch, as summed by the KPIs (counters only). */
export type KpiBucket = Readonly<Partial<Record<KpiCounter, number>>>;

/** Reads the KPI buckets of a range of days (`yyyy-mm-dd`, both ends included). */
export interface KpiStore {
  /** One branch's buckets: one query on the branch's partition. */
  branchBuckets(branch: string, from: string, to: string): Promise<readonly KpiBucket[]>;
  /** Every branch's buckets: one query on byEntity (entityType KPI_DAY, listKey `<day>#<branch>`). */
  allBuckets(from: string, to: string): Promise<readonly KpiBucket[]>;
}

/** The counters of a bucket item: numbers under a counter's name; anything else is not read. */
function bucketOf(item: Record<string, unknown>): KpiBucket {
  const bucket: Partial<Record<KpiCounter, number>> = {};
  for (const counter of KPI_COUNTERS) {
    const value = item[counter];
    if (typeof value === 'number' && Number.isFinite(value)) bucket[counter] = value;
  }
  return bucket;
}

/**
 * DynamoDB adapter of the KpiStore port. A year of one branch is at most 366 small items; every
 * branch's year is 366 × the branches, read page by page (only the counters are projected).
 */
export class DynamoKpiStore implements KpiStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async branchBuckets(branch: string, from: string, to: string): Promise<readonly KpiBucket[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': kpiBucketKey(branch, from).pk,
        ':from': kpiBucketKey(branch, from).sk,
        ':to': kpiBucketKey(branch, to).sk,
      },
    });
    return items.map(bucketOf);
  }

  async allBuckets(from: string, to: string): Promise<readonly KpiBucket[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byEntity',
      KeyConditionExpression: 'entityType = :entity AND listKey BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':entity': KPI_DAY_ENTITY,
        // `<day>#<branch>`: every branch of `from` sorts after `<from>#`, every one of `to` before `<to>#~`.
        ':from': kpiDayListKey(from, ''),
        ':to': kpiDayListKey(to, '~'),
      },
    });
    return items.map(bucketOf);
  }
}
