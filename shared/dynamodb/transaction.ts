import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, conflictBackoff, MAX_CONFLICT_RETRIES } from './write-errors.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One element of a transaction, named by what its condition guards. */
export interface Labelled<L extends string> {
  readonly label: L;
  readonly item: TransactItem;
}

/**
 * Writes `items` in one TransactWriteItems. Resolves to the labels of the items whose condition
 * failed (the transaction was cancelled, nothing was written), or to an empty list when it was
 * written. A cancellation by a concurrent transaction on the same items (no condition failed)
 * wrote nothing either, so it is tried again after a backoff, where the conditions decide;
 * anything else (throttling past the SDK's retries, a validation error) is thrown.
 */
export async function transactWrite<L extends string>(
  db: DynamoDBDocumentClient,
  items: readonly Labelled<L>[],
): Promise<readonly L[]> {
  const input = { TransactItems: items.map(({ item }) => item) };
  for (let conflicts = 0; ; conflicts += 1) {
    try {
      await db.send(new TransactWriteCommand(input));
      return [];
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      const failed = codes.flatMap((code, index) => {
        const entry = items[index];
        return code === 'ConditionalCheckFailed' && entry !== undefined ? [entry.label] : [];
      });
      if (failed.length > 0) return failed;
      if (!codes.includes('TransactionConflict') || conflicts >= MAX_CONFLICT_RETRIES) throw error;
      await conflictBackoff(conflicts);
    }
  }
}
