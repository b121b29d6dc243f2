import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConsumedEvent,
  type EventBridgeDelivery,
  eventBridgeHandler,
} from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter, DeadLetterSink } from '../../../shared/messaging/dead-letters.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { logger } from '../../../shared/observability/logger.js';
import { captureOutput } from '../../support/captured-output.js';
import { lambdaContext } from '../../support/lambda-context.js';

/** A sink that keeps what it is sent, or fails when told to. */
function fakeSink(failWith?: Error): DeadLetterSink & { readonly sent: DeadLetter[] } {
  const sent: DeadLetter[] = [];
  return {
    sent,
    send: async (letter) => {
      if (failWith) throw failWith;
      sent.push(letter);
    },
  };
}

/** A detail value no redaction pattern would catch: only not logging the detail keeps it out. */
const DETAIL_VALUE = 'opaque-detail-value-4711';

const delivery: EventBridgeDelivery = {
  id: 'evt-0001',
  source: 'core.banking',
  'detail-type': 'TransactionPosted',
  time: '2026-03-02T08:00:00Z',
  detail: { customerId: 'cus_01', note: DETAIL_VALUE },
};

describe('eventBridgeHandler', () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  it('hands the processor the event with detail-type renamed', async () => {
    // Prepare
    const seen: ConsumedEvent[] = [];
    const handler = eventBridgeHandler(
      async (event) => {
        seen.push(event);
      },
      { deadLetters: fakeSink() },
    );

    // Act
    await handler(delivery, lambdaContext('Consumer'));

    // Assess
    expect(seen).toEqual([
      {
        id: 'evt-0001',
        source: 'core.banking',
        detailType: 'TransactionPosted',
        time: '2026-03-02T08:00:00Z',
        detail: { customerId: 'cus_01', note: DETAIL_VALUE },
      },
    ]);
  });

  it('dead-letters a rejected event with its code and reason, and resolves so it is not retried', async () => {
    // Prepare
    const sink = fakeSink();
    const handler = eventBridgeHandler(
      async () => {
        throw new UnprocessableEventError('EVENT_INVALID', 'detail.amount: expected an integer');
      },
      { deadLetters: sink },
    );

    // Act
    await expect(handler(delivery, lambdaContext('Consumer'))).resolves.toBeUndefined();

    // Assess
    expect(sink.sent).toEqual([
      {
        code: 'EVENT_INVALID',
        reason: 'detail.amount: expected an integer',
        fields: [],
        event: {
          id: 'evt-0001',
          source: 'core.banking',
          detailType: 'TransactionPosted',
          time: '2026-03-02T08:00:00Z',
        },
      },
    ]);
    expect(JSON.stringify(sink.sent)).not.toContain(DETAIL_VALUE);
    const warning = output.lines().find((line) => line.level === 'WARN');
    expect(warning).toMatchObject({
      code: 'EVENT_INVALID',
      reason: 'detail.amount: expected an integer',
      eventId: 'evt-0001',
      source: 'core.banking',
      detailType: 'TransactionPosted',
    });
    const metric = output.lines().find((line) => 'EventsRejected' in line);
    expect(metric).toMatchObject({ EventsRejected: 1, code: 'EVENT_INVALID' });
    expect(output.text()).not.toContain(DETAIL_VALUE);
  });

  it('rethrows any other error so the platform retries, and dead-letters nothing', async () => {
    // Prepare
    const sink = fakeSink();
    const failure = new Error('DynamoDB throttled');
    const handler = eventBridgeHandler(
      async () => {
        throw failure;
      },
      { deadLetters: sink },
    );

    // Act
    const outcome = handler(delivery, lambdaContext('Consumer'));

    // Assess
    await expect(outcome).rejects.toBe(failure);
    expect(sink.sent).toEqual([]);
    const error = output.lines().find((line) => line.level === 'ERROR');
    expect(error).toMatchObject({
      errorName: 'Error',
      errorMessage: 'DynamoDB throttled',
      eventId: 'evt-0001',
      correlation_id: 'evt-0001',
    });
    expect(output.lines().some((line) => 'EventsRejected' in line)).toBe(false);
  });

  it('rethrows when the dead letter cannot be sent, so the event is retried rather than lost', async () => {
    // Prepare
    const sinkFailure = new Error('SQS unavailable');
    const handler = eventBridgeHandler(
      async () => {
        throw new UnprocessableEventError('EVENT_INVALID', 'detail.amount: expected an integer');
      },
      { deadLetters: fakeSink(sinkFailure) },
    );

    // Act
    const outcome = handler(delivery, lambdaContext('Consumer'));

    // Assess
    await expect(outcome).rejects.toBe(sinkFailure);
    expect(output.lines().some((line) => 'EventsRejected' in line)).toBe(false);
  });

  it("does not label later log lines with the last event's keys", async () => {
    // Prepare
    const handler = eventBridgeHandler(async () => {}, { deadLetters: fakeSink() });

    // Act
    await handler(delivery, lambdaContext('Consumer'));
    logger.info('after the delivery');

    // Assess
    const after = output.lines().find((line) => line.message === 'after the delivery');
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty('eventId');
    expect(after).not.toHaveProperty('detailType');
  });

  it('refuses to start without a dead-letter queue in its environment: a consumer deployed without one fails at cold start', () => {
    expect(() => eventBridgeHandler(async () => {}, { env: {} })).toThrow(
      /Missing environment variable DEAD_LETTER_QUEUE_URL/,
    );
    // Control: with the queue's URL it starts.
    expect(() =>
      eventBridgeHandler(async () => {}, {
        env: { DEAD_LETTER_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/dlq' },
      }),
    ).not.toThrow();
  });
});
