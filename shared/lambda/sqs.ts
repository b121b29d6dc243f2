import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { MiddyfiedHandler } from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { errorSummary } from './error-summary.js';
import { withPowertools } from './middleware.js';

/**
 * The handler of an SQS event source mapping (with `ReportBatchItemFailures`): each record is
 * processed on its own by Powertools' batch processor, and only the records that failed are
 * reported back, so SQS retries those (and, after the queue's redrive limit, moves them to its
 * dead-letter queue) while the others are deleted. Records are processed one after the other,
 * so each record's log lines carry its own message id (the logger's keys are per process).
 * Common middleware.
 * @example export const handler = sqsHandler(async (record) => deliver(JSON.parse(record.body)));
 */
export function sqsHandler(
  processRecord: (record: SQSRecord) => Promise<void>,
): MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    logger.appendKeys({ messageId: record.messageId });
    try {
      await processRecord(record);
    } catch (error) {
      logger.error('Message processing failed; it will be retried', errorSummary(error));
      throw error;
    } finally {
      logger.removeKeys(['messageId']);
    }
  };
  return withPowertools<SQSEvent, SQSBatchResponse>(
    async (event, context) =>
      processPartialResponse(event, recordHandler, processor, { context, processInParallel: false }),
    (_event, context) => context.awsRequestId,
  );
}
