import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

// DynamoDB Local runs transactions one at a time and never reports a write conflict, nor an
// item a healthy table cannot hold: what a store makes of those cancellation reasons is shown
// against a mocked client instead, with these two helpers.

/** The error DynamoDB answers a cancelled TransactWriteItems with, one reason code per item. */
export function cancelled(...codes: readonly string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The items of every TransactWriteItems sent through the mocked client, in order. */
export function sentTransactItems(
  db: AwsClientStub<DynamoDBDocumentClient>,
): NonNullable<TransactWriteCommandInput['TransactItems']>[] {
  return db
    .commandCalls(TransactWriteCommand)
    .map((call) => (call.args[0].input as TransactWriteCommandInput).TransactItems ?? []);
}
