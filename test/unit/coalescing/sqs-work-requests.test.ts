import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { workRequestBodySchema } from '../../../shared/coalescing/requests.js';
import {
  deduplicationId,
  sqsWorkRequests,
  workRequestsFromEnv,
} from '../../../shared/coalescing/sqs-work-requests.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/fincrm-dev-Grading.fifo';
const sqs = mockClient(SQSClient);

describe('requests through an SQS FIFO queue', () => {
  beforeEach(() => sqs.reset());

  it('queues the key as the message group, with a body of the key and the time of the request only', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const clock = new ControlledClock(new Date('2026-03-02T08:00:00.000Z'));
    const requests = sqsWorkRequests(QUEUE_URL, clock, new SQSClient({ region: 'us-east-1' }));

    // Act
    await requests.request('cus_01', 'evt_01');

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ QueueUrl: QUEUE_URL, MessageGroupId: 'cus_01' });
    expect(workRequestBodySchema.parse(JSON.parse(input?.MessageBody ?? ''))).toEqual({
      key: 'cus_01',
      requestedAt: '2026-03-02T08:00:00.000Z',
    });
    expect(input?.MessageDeduplicationId).toBe(deduplicationId('cus_01', 'evt_01'));
  });

  it('gives a redelivered cause the same deduplication id and any other key or cause another', () => {
    // Act
    const ids = [
      deduplicationId('cus_01', 'evt_01'),
      deduplicationId('cus_01', 'evt_02'),
      deduplicationId('cus_02', 'evt_01'),
      // The boundary between key and cause counts: ('ab','c') is not ('a','bc').
      deduplicationId('ab', 'c'),
      deduplicationId('a', 'bc'),
    ];

    // Assess: within SQS's limit (128 characters of its alphabet), never the key or cause itself.
    expect(deduplicationId('cus_01', 'evt_01')).toBe(ids[0]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(deduplicationId('x'.repeat(128), 'y'.repeat(500))).toHaveLength(64);
  });

  it('passes an SQS failure on to the sender, which must not lose the request', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));
    const requests = sqsWorkRequests(
      QUEUE_URL,
      new ControlledClock(),
      new SQSClient({ region: 'us-east-1' }),
    );

    // Act, Assess
    await expect(requests.request('cus_01', 'evt_01')).rejects.toThrow('ServiceUnavailable');
  });

  it('takes the queue URL from the variable the platform sets on senders, and refuses to start without it', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const client = new SQSClient({ region: 'us-east-1' });

    // Act
    await workRequestsFromEnv(
      { GRADING_QUEUE_URL: QUEUE_URL },
      'GRADING_QUEUE_URL',
      new ControlledClock(),
      client,
    ).request('cus_01', 'evt_01');

    // Assess
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: QUEUE_URL });
    expect(() => workRequestsFromEnv({}, 'GRADING_QUEUE_URL', new ControlledClock())).toThrow(
      /GRADING_QUEUE_URL/,
    );
  });
});
