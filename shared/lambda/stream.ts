import type { MiddyfiedHandler } from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { withPowertools } from './middleware.js';

/**
 * The handler of a DynamoDB stream event source mapping (with `ReportBatchItemFailures`):
 * `processBatch` returns the records to retry; common middleware, the correlation id is the
 * invocation's request id.
 * @example export const handler = streamHandler((event) => relay(event.Records));
 */
export function streamHandler(
  processBatch: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
): MiddyfiedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse> {
  return withPowertools<DynamoDBStreamEvent, DynamoDBBatchResponse>(
    async (event) => processBatch(event),
    (_event, context) => context.awsRequestId,
  );
}
