import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type DeadLetter,
  deadLetterSinkFromEnv,
  sqsDeadLetterSink,
} from '../../../shared/messaging/dead-letters.js';

const QUEUE_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/fincrm-activity-dlq';
const sqs = mockClient(SQSClient);

/** Personal fields an event should never have carried; none may reach the queue. */
const NAME = '张三丰';
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13800138000';

const delivery = {
  id: 'evt-1',
  source: 'core.banking',
  detailType: 'TransactionPosted',
  time: '2026-03-02T08:00:00Z',
  detail: { customerId: 'cus_01', amount: 'not-a-number', name: NAME, idNumber: ID_NUMBER, mobile: MOBILE },
};
const letter: DeadLetter = {
  code: 'EVENT_INVALID',
  reason: 'amount: expected integer minor units',
  fields: ['amount'],
  // The whole delivery, as a careless caller might pass it: the sink keeps the envelope only.
  event: delivery,
};

describe('sqsDeadLetterSink', () => {
  beforeEach(() => sqs.reset());

  it('sends a failed job item as the job and the item ids only, whatever else the caller added', async () => {
    // Prepare: a careless caller hands the customer's record along with the item.
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-2' });
    const sink = sqsDeadLetterSink(QUEUE_URL, new SQSClient({ region: 'cn-north-1' }));
    const item = { kind: 'customer' as const, id: 'cus_01', record: { name: NAME, mobile: MOBILE } };
    const failed = { job: 'regrade', item, idNumber: ID_NUMBER };

    // Act
    await sink.send({ code: 'JOB_ITEM_FAILED', reason: 'Error', fields: [], event: failed });

    // Assess
    const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '';
    expect(JSON.parse(body)).toEqual({
      code: 'JOB_ITEM_FAILED',
      reason: 'Error',
      fields: [],
      event: { job: 'regrade', item: { kind: 'customer', id: 'cus_01' } },
    });
    for (const value of [NAME, ID_NUMBER, MOBILE]) expect(body).not.toContain(value);
  });

  it('sends the code, the reason, the fields and the envelope only, with code and reason as attributes', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const sink = sqsDeadLetterSink(QUEUE_URL, new SQSClient({ region: 'cn-north-1' }));

    // Act
    await sink.send(letter);

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual({
      code: 'EVENT_INVALID',
      reason: 'amount: expected integer minor units',
      fields: ['amount'],
      event: {
        id: 'evt-1',
        source: 'core.banking',
        'detail-type': 'TransactionPosted',
        time: '2026-03-02T08:00:00Z',
      },
    });
    expect(input?.MessageAttributes).toEqual({
      code: { DataType: 'String', StringValue: 'EVENT_INVALID' },
      reason: { DataType: 'String', StringValue: 'amount: expected integer minor units' },
    });
    const sent = JSON.stringify(input);
    for (const value of [NAME, ID_NUMBER, MOBILE, 'not-a-number']) expect(sent).not.toContain(value);
  });

  it('fails when SQS refuses the message, so the caller can let the delivery be retried', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));
    const sink = sqsDeadLetterSink(QUEUE_URL, new SQSClient({ region: 'cn-north-1' }));

    await expect(sink.send(letter)).rejects.toThrow('throttled');
  });
});

describe('deadLetterSinkFromEnv', () => {
  beforeEach(() => sqs.reset());

  it('sends to the queue named by DEAD_LETTER_QUEUE_URL', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const sink = deadLetterSinkFromEnv({ DEAD_LETTER_QUEUE_URL: QUEUE_URL });

    await sink.send(letter);

    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: QUEUE_URL });
  });

  it('fails plainly when built without the variable (at cold start), before any event is taken', () => {
    expect(() => deadLetterSinkFromEnv({})).toThrow(/Missing environment variable DEAD_LETTER_QUEUE_URL/);
    expect(() => deadLetterSinkFromEnv({ DEAD_LETTER_QUEUE_URL: '  ' })).toThrow(
      /Missing environment variable DEAD_LETTER_QUEUE_URL/,
    );
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });
});
