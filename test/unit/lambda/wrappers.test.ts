import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { sqsHandler } from '../../../shared/lambda/sqs.js';
import { streamHandler } from '../../../shared/lambda/stream.js';
import { taskHandler } from '../../../shared/lambda/task.js';
import { logger } from '../../../shared/observability/logger.js';
import { metrics } from '../../../shared/observability/metrics.js';
import * as z from '../../../shared/zod.js';
import { captureOutput } from '../../support/captured-output.js';
import { lambdaContext } from '../../support/lambda-context.js';

const metricLine = (lines: Record<string, unknown>[], name: string) => lines.find((line) => name in line);

describe('the handler wrappers of every trigger kind', () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  it('a scheduled job validates its input, and its metrics are flushed without a hand-called publish', async () => {
    // Prepare
    const handler = scheduledHandler(z.strictObject({ job: z.literal('tick') }), async () => {
      metrics.addMetric('TicksDone', MetricUnit.Count, 1);
      logger.info('ticked');
      return { done: true };
    });

    // Act
    const result = await handler({ job: 'tick' }, lambdaContext('Ticker'));

    // Assess
    expect(result).toEqual({ done: true });
    const lines = output.lines();
    expect(metricLine(lines, 'TicksDone')).toMatchObject({ TicksDone: 1 });
    expect(lines.find((line) => line.message === 'ticked')).toMatchObject({
      function_name: 'Ticker',
      correlation_id: 'test-request',
    });
    await expect(handler({ job: 'tock' }, lambdaContext('Ticker'))).rejects.toThrow();
  });

  it('flushes the metrics stored before a handler throws, and rethrows', async () => {
    // Prepare
    const failure = new Error('the database is down');
    const handler = scheduledHandler(z.strictObject({}), async () => {
      metrics.addMetric('AttemptsBeforeFailure', MetricUnit.Count, 1);
      throw failure;
    });

    // Act
    const outcome = handler({}, lambdaContext('Failing'));

    // Assess
    await expect(outcome).rejects.toBe(failure);
    expect(metricLine(output.lines(), 'AttemptsBeforeFailure')).toMatchObject({ AttemptsBeforeFailure: 1 });
  });

  it('counts a cold start once per container', async () => {
    // Prepare: a fresh metrics instance state cannot be had per test, so look for the metric at all.
    const handler = streamHandler(async () => ({ batchItemFailures: [] }));

    // Act
    await handler({ Records: [] }, lambdaContext('Relay'));
    await handler({ Records: [] }, lambdaContext('Relay'));

    // Assess
    const coldStarts = output.lines().filter((line) => 'ColdStart' in line);
    expect(coldStarts.length).toBeLessThanOrEqual(1);
  });

  it('a Step Functions task validates its payload and tags its log lines with the workflow id', async () => {
    // Prepare
    const schema = z.strictObject({ reviewId: z.string(), action: z.literal('check') });
    const handler = taskHandler(
      schema,
      async (task) => {
        logger.info('checking');
        return { checked: task.reviewId };
      },
      (task) => task.reviewId,
    );

    // Act
    const result = await handler({ reviewId: 'rev_1', action: 'check' }, lambdaContext('Tasks'));
    const refused = handler({ reviewId: 'rev_1', action: 'check', name: '张三' }, lambdaContext('Tasks'));

    // Assess
    expect(result).toEqual({ checked: 'rev_1' });
    expect(output.lines().find((line) => line.message === 'checking')).toMatchObject({
      correlation_id: 'rev_1',
    });
    await expect(refused).rejects.toThrow(/not valid/);
  });

  it('an SQS batch reports only the records that failed, so only those are retried', async () => {
    // Prepare
    const seen: string[] = [];
    const handler = sqsHandler(async (record) => {
      if (record.body === 'poison') throw new Error('cannot deliver');
      seen.push(record.body);
    });
    const record = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: messageId,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:queue',
      awsRegion: 'us-east-1',
    });
    const event: SQSEvent = {
      Records: [record('m-1', 'first'), record('m-2', 'poison'), record('m-3', 'third')],
    };

    // Act
    const response = await handler(event, lambdaContext('Deliverer'));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(seen).toEqual(['first', 'third']);
    expect(output.lines().find((line) => line.level === 'ERROR')).toMatchObject({
      messageId: 'm-2',
      errorMessage: 'cannot deliver',
    });
  });
});
