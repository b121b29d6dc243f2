import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ComplaintStore } from './complaint-store.js';

/**
 * The `dueKey` of an open complaint with a pending deadline: only such complaints carry it
 * (the sparse byDue index, sorted by `nextDueAt`), so the count reads exactly the complaints
 * that can still breach. The complaint store writes it; see store/keys.ts.
 */
export const DUE_OPEN = 'OPEN';

/**
 * Counts the open complaints due at or before an instant: a COUNT query on byDue, page by page,
 * reading keys only (no complaint is returned to the function).
 */
export class DynamoDueCount implements Pick<ComplaintStore, 'dueBefore'> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async dueBefore(instant: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byDue',
          KeyConditionExpression: 'dueKey = :open AND nextDueAt <= :instant',
          ExpressionAttributeValues: { ':open': DUE_OPEN, ':instant': instant },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return count;
  }
}
