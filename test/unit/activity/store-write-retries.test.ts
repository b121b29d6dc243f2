import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { holdingOrderKey } from '../../../functions/activity/domain/holdings.js';
import { transactionDelta } from '../../../functions/activity/domain/transaction-delta.js';
import type { TransactionRecord } from '../../../functions/activity/store/activity-store.js';
import { DynamoActivityStore } from '../../../functions/activity/store/dynamo-activity-store.js';
import { FACTS } from '../../../functions/activity/store/grading-keys.js';
import { MAX_CONFLICT_RETRIES } from '../../../shared/dynamodb/index.js';
import { systemClock } from '../../../shared/time/clock.js';
import { cancelled, sentTransactItems } from '../../support/mocked-transactions.js';
import { customerId, holding, tx } from './fixtures.js';

// DynamoDB Local runs transactions one at a time and never reports a write conflict, so the
// store's reading of cancellation reasons is shown here against the reasons DynamoDB sends.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const db = mockClient(client);
const store = new DynamoActivityStore(client, 'Activity', systemClock);

const success: TransactionRecord = {
  customerId,
  transactionId: 'txn-1',
  status: 'success',
  delta: transactionDelta(tx()),
};

describe('DynamoActivityStore.recordTransaction on a cancelled transaction', () => {
  beforeEach(() => db.reset());
  afterAll(() => client.destroy());

  it('reports a duplicate when the idempotency record exists, without trying again', async () => {
    db.on(TransactWriteCommand).rejects(
      cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'),
    );

    await expect(store.recordTransaction(success)).resolves.toEqual({ outcome: 'duplicate', writes: 1 });
    expect(sentTransactItems(db)).toHaveLength(1);
  });

  it('counts the transaction without the last-success update when a later success is recorded', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'))
      .resolves({});

    await expect(store.recordTransaction(success)).resolves.toEqual({ outcome: 'accepted', writes: 2 });
    const [first, second] = sentTransactItems(db);
    // Idempotency record, month counters, last-success max, known-customer check.
    expect(first).toHaveLength(4);
    expect(second).toEqual([first?.[0], first?.[1], first?.[3]]);
  });

  it('reports an unknown customer, writing nothing, when its facts do not exist', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', 'ConditionalCheckFailed'));

    await expect(store.recordTransaction(success)).resolves.toEqual({
      outcome: 'unknown-customer',
      writes: 1,
    });
    expect(sentTransactItems(db)[0]?.at(-1)).toMatchObject({
      ConditionCheck: { ConditionExpression: 'attribute_exists(pk)', Key: { sk: FACTS } },
    });
  });

  it('tries again after losing a race with another transaction on the same item', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None'))
      .resolves({});

    await expect(store.recordTransaction(success)).resolves.toEqual({ outcome: 'accepted', writes: 3 });
    expect(sentTransactItems(db).every((items) => items.length === 4)).toBe(true);
  });

  it('gives up after a bounded number of conflicts, so the event is retried later', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None'));
    const failed = {
      ...success,
      status: 'failed' as const,
      delta: transactionDelta(tx({ status: 'failed' })),
    };

    await expect(store.recordTransaction(failed)).rejects.toThrow(TransactionCanceledException);
    expect(sentTransactItems(db)).toHaveLength(MAX_CONFLICT_RETRIES + 1);
  });
});

describe('DynamoActivityStore.recordHolding', () => {
  beforeEach(() => db.reset());
  const state = { action: 'opened', riskLevel: 'R2', at: holding().at } as const;
  const record = { customerId, productId: 'WM-01', state, orderKey: holdingOrderKey(state) };

  // The transaction is [known-customer check, conditional summary update].
  it('reports stale when the kept state orders at or after the new one', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));

    await expect(store.recordHolding(record)).resolves.toBe('stale');
  });

  it('reports an unknown customer when its facts do not exist', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    await expect(store.recordHolding(record)).resolves.toBe('unknown-customer');
  });

  it('tries again when a transaction on the summary item is in progress', async () => {
    db.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});

    await expect(store.recordHolding(record)).resolves.toBe('accepted');
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});
