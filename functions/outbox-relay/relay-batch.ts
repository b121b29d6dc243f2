import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../../shared/observability/logger.js';
import type { EventPublisher } from '../../shared/outbox/event-publisher.js';
import { relayStreamRecords } from '../../shared/outbox/relay.js';

/**
 * Publishes the outbox items of one batch of stream records. Records that were not published
 * are returned as batch item failures, so Lambda retries from the first of them: nothing is
 * lost, and a published event is at worst published again (consumers deduplicate on `eventId`).
 *
 * @example
 *   export const handler = streamHandler((event) => relayBatch(event.Records, publisher));
 */
export async function relayBatch(
  records: readonly DynamoDBRecord[],
  publisher: EventPublisher,
): Promise<DynamoDBBatchResponse> {
  const result = await relayStreamRecords(records, publisher);
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const failure of result.failed) {
    // Ids and error codes only: an outbox detail never goes to the log.
    logger.error('Outbox event not published', {
      eventId: failure.eventId,
      sequenceNumber: failure.sequenceNumber,
      reason: failure.reason,
    });
    if (failure.sequenceNumber !== undefined) {
      batchItemFailures.push({ itemIdentifier: failure.sequenceNumber });
    }
  }
  logger.info('Outbox batch relayed', {
    records: records.length,
    published: result.published,
    ignored: result.ignored,
    failed: result.failed.length,
  });
  return { batchItemFailures };
}
