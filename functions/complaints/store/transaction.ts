import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conditionFailedIndexes } from '../../../shared/dynamodb/index.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One element of a transaction, named by what its condition guards. */
export interface Labelled<L extends string> {
  readonly label: L;
  readonly item: TransactItem;
}

/**
 * Writes `items` in one TransactWriteItems. Resolves to the labels of the items whose condition
 * failed (the transaction was cancelled, nothing was written), or to an empty list when it was
 * written. Any other failure (a conflict with a concurrent transaction, throttling) is thrown.
 */
export async function transactWrite<L extends string>(
  db: DynamoDBDocumentClient,
  items: readonly Labelled<L>[],
): Promise<readonly L[]> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items.map(({ item }) => item) }));
    return [];
  } catch (error) {
    const failed = conditionFailedIndexes(error);
    if (failed === undefined) throw error;
    return failed.flatMap((index) => {
      const entry = items[index];
      return entry === undefined ? [] : [entry.label];
    });
  }
}
