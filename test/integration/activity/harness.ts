import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { activityManifest } from '../../../functions/activity/manifest.js';
import { DynamoActivityStore } from '../../../functions/activity/store/dynamo-activity-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';

/**
 * The activity store on its own isolated table of the shared DynamoDB Local, with a count of
 * the TransactWriteItems calls that reach the wire (to check the store's own `writes`).
 */
export async function activityHarness() {
  const endpoint = inject('dynamodbEndpoint');
  const prefix = `it-act-${randomUUID().slice(0, 8)}-`;
  const { tables } = await createIsolatedTables(endpoint, { prefix, manifests: [activityManifest] });
  const table = tables.Activity ?? '';
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const calls = { transactWrites: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') calls.transactWrites += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countTransactWrites' },
  );
  const db = DynamoDBDocumentClient.from(client);
  const store = new DynamoActivityStore(db, table);

  /** Every raw item of the table, as stored. */
  async function rawItems(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  return { store, db, table, calls, rawItems, close: () => db.destroy() };
}

export type ActivityHarness = Awaited<ReturnType<typeof activityHarness>>;
