import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CounterIncrements, counterUpdate } from './counters.js';
import { queryAll } from './query.js';
import type { TransactItem } from './transaction.js';

/**
 * KPI buckets: one item of counters per branch and day (`yyyy-mm-dd`, in whatever calendar the
 * capability counts its days), `KPI#<branch>` / `DAY#<day>`, also on the table's byEntity index
 * (entityType `KPI_DAY`, listKey `<day>#<branch>`), so one branch's range of days is one query on
 * its partition and every branch's range one query on the index. The capabilities that keep
 * KPIs (engagement, recommendations) build their buckets here.
 */
export const KPI_DAY_ENTITY = 'KPI_DAY';
export const kpiBucketKey = (branch: string, day: string) => ({ pk: `KPI#${branch}`, sk: `DAY#${day}` });
export const kpiDayListKey = (day: string, branch: string) => `${day}#${branch}`;

/**
 * The transaction element adding `increments` to the bucket of `branch` and `day` (created on
 * first use); undefined when nothing is to be added.
 * @example kpiBucketUpdate(table, 'BJ01', '2026-03-02', { optOuts: 1 })
 */
export function kpiBucketUpdate(
  tableName: string,
  branch: string,
  day: string,
  increments: CounterIncrements,
): TransactItem | undefined {
  return counterUpdate(tableName, kpiBucketKey(branch, day), increments, {
    entityType: KPI_DAY_ENTITY,
    listKey: kpiDayListKey(day, branch),
  });
}

/** The day and branch of a bucket item (from its listKey: branches are ids, they hold no `#`). */
export function kpiBucketOf(
  item: Readonly<Record<string, unknown>>,
): { day: string; branch: string } | undefined {
  const listKey = item.listKey;
  if (typeof listKey !== 'string') return undefined;
  const split = listKey.indexOf('#');
  if (split < 0) return undefined;
  return { day: listKey.slice(0, split), branch: listKey.slice(split + 1) };
}

/**
 * The bucket items of days `from`..`to` (both included), of one branch or every branch. A year of
 * one branch is at most 366 small items; every branch's year 366 × the branches, page by page.
 */
export function readKpiBuckets(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: string,
  to: string,
  branch?: string,
): Promise<Record<string, unknown>[]> {
  if (branch !== undefined) {
    return queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': kpiBucketKey(branch, from).pk,
        ':from': kpiBucketKey(branch, from).sk,
        ':to': kpiBucketKey(branch, to).sk,
      },
    });
  }
  return queryAll(db, {
    TableName: tableName,
    IndexName: 'byEntity',
    KeyConditionExpression: 'entityType = :entity AND listKey BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':entity': KPI_DAY_ENTITY,
      // `<day>#<branch>`: every branch of `from` sorts after `<from>#`, every one of `to` before `<to>#~`.
      ':from': kpiDayListKey(from, ''),
      ':to': kpiDayListKey(to, '~'),
    },
  });
}
