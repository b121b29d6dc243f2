import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countersOf, readKpiBuckets } from '../../../shared/dynamodb/index.js';
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
const bucketOf = (item: Record<string, unknown>): KpiBucket => countersOf(item, KPI_COUNTERS);

/** DynamoDB adapter of the KpiStore port (buckets as shared/dynamodb/day-buckets.ts lays them out). */
export class DynamoKpiStore implements KpiStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async branchBuckets(branch: string, from: string, to: string): Promise<readonly KpiBucket[]> {
    return (await readKpiBuckets(this.db, this.table, from, to, branch)).map(bucketOf);
  }

  async allBuckets(from: string, to: string): Promise<readonly KpiBucket[]> {
    return (await readKpiBuckets(this.db, this.table, from, to)).map(bucketOf);
  }
}
