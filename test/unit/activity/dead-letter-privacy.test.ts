import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import { type EventBridgeDelivery, eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { sqsDeadLetterSink } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { lambdaContext } from '../../support/http-event.js';
import { tx } from './fixtures.js';
import { inMemoryActivityDeps } from './grading-fakes.js';

const NOW = new Date('2026-06-10T02:00:00.000Z');
const QUEUE_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/activity-consumer-dlq';
const sqs = mockClient(SQSClient);

/** What a producer should never have put on the bus: a name, an ID number, a mobile. */
const NAME = '欧阳修';
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13912345678';
const ACCOUNT_REF = '6222020000009876';

describe('the activity consumer dead-lettering an event with personal fields', () => {
  let quiet: MockInstance[];
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('sends the envelope, the code and the failed field names to the queue, and none of the values', async () => {
    // Prepare: the consumer behind EventBridge's handler, its dead letters going to (mocked) SQS.
    const { deps } = inMemoryActivityDeps(new ControlledClock(NOW));
    const handler = eventBridgeHandler((event) => consumeEvent(deps, event).then(() => undefined), {
      deadLetters: sqsDeadLetterSink(QUEUE_URL, new SQSClient({ region: 'cn-north-1' })),
    });
    const delivery: EventBridgeDelivery = {
      id: 'evt-overshare-1',
      source: 'core-banking',
      'detail-type': 'TransactionPosted',
      time: NOW.toISOString(),
      detail: {
        ...tx({ transactionId: 'txn-overshare-1', customerId: 'cus_01KDVDNA00AAAAAAAAAAAAAAAA' }),
        accountRef: ACCOUNT_REF,
        name: NAME,
        idNumber: ID_NUMBER,
        mobile: MOBILE,
      },
    };

    // Act: the attack, an oversharing producer.
    await handler(delivery, lambdaContext('ActivityConsumer'));

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    const body: unknown = JSON.parse(input?.MessageBody ?? '');
    expect(body).toEqual({
      code: 'EVENT_INVALID',
      reason: expect.stringContaining('idNumber'),
      fields: expect.arrayContaining(['name', 'idNumber', 'mobile']),
      event: {
        id: 'evt-overshare-1',
        source: 'core-banking',
        'detail-type': 'TransactionPosted',
        time: NOW.toISOString(),
      },
    });
    const sent = JSON.stringify(input);
    for (const value of [NAME, ID_NUMBER, MOBILE, ACCOUNT_REF, 'txn-overshare-1']) {
      expect(sent).not.toContain(value);
    }
  });
});
