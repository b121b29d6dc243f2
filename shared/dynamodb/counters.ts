import type { TransactItem } from './transaction.js';

/**
 * Counters kept as whole numbers on one item (a KPI bucket of a day and branch), added with
 * `ADD` in the same transaction as the state change they count, so a counter moves exactly once
 * per change. The item is created on first use and listed on an index (`entityType`,
 * `listKey`), so the buckets of a range are one query.
 */
export type CounterIncrements = Readonly<Record<string, number | undefined>>;

/**
 * The transaction element that adds `increments` to the item at `key` (zero increments left
 * out), setting its index attributes; undefined when nothing is to be added.
 * @example counterUpdate(table, { pk: 'KPI#BJ01', sk: 'DAY#2026-03-02' }, { optOuts: 1 }, { entityType: 'KPI_DAY', listKey: '2026-03-02#BJ01' })
 */
export function counterUpdate(
  tableName: string,
  key: Readonly<Record<string, string>>,
  increments: CounterIncrements,
  listing: { readonly entityType: string; readonly listKey: string },
): TransactItem | undefined {
  const entries = Object.entries(increments).flatMap(([counter, value]) =>
    value === undefined || value === 0 ? [] : [[counter, value] as const],
  );
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, number | string> = {};
  const adds = entries.map(([counter, value], index) => {
    names[`#c${index}`] = counter;
    values[`:v${index}`] = value;
    return `#c${index} :v${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: { ...key },
      UpdateExpression: `ADD ${adds.join(', ')} SET #entityType = :entityType, #listKey = :listKey`,
      ExpressionAttributeNames: { ...names, '#entityType': 'entityType', '#listKey': 'listKey' },
      ExpressionAttributeValues: {
        ...values,
        ':entityType': listing.entityType,
        ':listKey': listing.listKey,
      },
    },
  };
}

/** The counters of an item: finite numbers under the given names; anything else is not read. */
export function countersOf<C extends string>(
  item: Readonly<Record<string, unknown>>,
  counters: readonly C[],
): Partial<Record<C, number>> {
  const found: Partial<Record<C, number>> = {};
  for (const counter of counters) {
    const value = item[counter];
    if (typeof value === 'number' && Number.isFinite(value)) found[counter] = value;
  }
  return found;
}
