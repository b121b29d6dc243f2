import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkQueueName } from '../../infra/local/environment.js';
import * as z from '../../shared/zod.js';
import { talliesCapability } from '../fixtures/tallies/index.js';
import { startTestCloud, type TestCloud } from '../support/local-cloud.js';

// A coalesced work end to end in the local cloud, with the test-only `tallies` capability
// (test/fixtures/tallies): events on the bus → the consumer requests through the SQS endpoint →
// the work's FIFO queue → the worker through the local Lambda runtime with an SQS event.
describe('coalesced work in the local cloud', () => {
  let cloud: TestCloud;
  let dynamodb: DynamoDBDocumentClient;
  let sqs: SQSClient;
  const queueName = localWorkQueueName('Tallying');

  beforeAll(async () => {
    cloud = await startTestCloud({ capabilities: [talliesCapability] });
    dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: cloud.dynamodbEndpoint }));
    sqs = new SQSClient({ endpoint: cloud.awsEndpoint });
  });

  afterAll(async () => {
    sqs?.destroy();
    dynamodb?.destroy();
    await cloud?.stop();
  });

  const snapshot = (customerId: string) => ({
    Source: 'core-banking',
    DetailType: 'BalanceSnapshot',
    Detail: JSON.stringify({
      customerId,
      asOf: cloud.clock.now().toISOString(),
      aum: 100,
      deposits: 100,
      wealth: 0,
      loans: 0,
      currency: 'CNY',
    }),
  });

  /** What the worker wrote for a customer (nothing yet: no runs). */
  const tallySchema = z.object({ runs: z.optional(z.number()), oldestRequestedAt: z.optional(z.string()) });

  async function tally(customerId: string): Promise<z.infer<typeof tallySchema>> {
    const { Item } = await dynamodb.send(
      new GetCommand({ TableName: cloud.tables.Tallies, Key: { pk: customerId } }),
    );
    return tallySchema.parse(Item ?? {});
  }

  function queue() {
    const found = cloud.workQueues.byWork('Tallying');
    if (found === undefined) throw new Error('the Tallying queue is not served');
    return found;
  }

  it('gives each sender the queue URL and works every requested customer before settle() returns', async () => {
    // Prepare
    const before = queue().stats;

    // Act: a burst of 20 snapshots for one customer and one for another, 10 entries a put.
    for (let put = 0; put < 2; put++) {
      const entries = Array.from({ length: 10 }, () => snapshot('cus_hot'));
      expect(cloud.bus.putEvents(entries, { defaultBusName: cloud.bus.name }).FailedEntryCount).toBe(0);
    }
    cloud.bus.putEvents([snapshot('cus_calm')], { defaultBusName: cloud.bus.name });
    await cloud.settle();

    // Assess: each customer worked at least once and never more than asked; the queue drained.
    expect(cloud.env.TALLYING_QUEUE_URL).toBe(`${cloud.awsEndpoint}/000000000000/${queueName}`);
    const hot = await tally('cus_hot');
    expect(hot.runs).toBeGreaterThanOrEqual(1);
    expect(hot.runs).toBeLessThanOrEqual(20);
    expect((await tally('cus_calm')).runs).toBe(1);
    expect(hot.oldestRequestedAt).toBe(cloud.clock.now().toISOString());
    const after = queue().stats;
    expect(after.sent - before.sent).toBe(21);
    expect(after.deleted - before.deleted).toBe(21);
    expect(queue().depth).toBe(0);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('queues one request when the same event is delivered twice', async () => {
    // Prepare: one event, as EventBridge may deliver it more than once.
    const event = {
      version: '0',
      id: 'evt-redelivered-1',
      'detail-type': 'BalanceSnapshot',
      source: 'core-banking',
      account: '000000000000',
      time: cloud.clock.now().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: JSON.parse(snapshot('cus_twice').Detail),
    };
    const before = queue().stats;

    // Act
    await cloud.functions.invoke('TalliesConsumer', event);
    await cloud.functions.invoke('TalliesConsumer', event);
    await cloud.settle();

    // Assess
    const after = queue().stats;
    expect([after.sent - before.sent, after.duplicates - before.duplicates]).toEqual([2, 1]);
    expect((await tally('cus_twice')).runs).toBe(1);
  });

  it('gives a failing customer out 5 times, then to the dead-letter list, while the others are worked', async () => {
    // Act
    cloud.bus.putEvents([snapshot('poison_1'), snapshot('cus_beside')], { defaultBusName: cloud.bus.name });
    await cloud.settle();

    // Assess
    expect((await tally('cus_beside')).runs).toBe(1);
    const letters = cloud.bus.deadLetters.filter((letter) => letter.source === `queue:${queueName}`);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      target: 'function:TalliesWorker',
      attempts: 5,
      payload: { messageGroupId: 'poison_1' },
      error: { name: 'BatchItemFailure' },
    });
    expect(queue().depth).toBe(0);
  });

  it('dead-letters a message that is not a request once, with its reason, and refuses a FIFO send without a group', async () => {
    // Prepare
    const before = cloud.bus.deadLetters.length;
    const queueUrl = cloud.env.TALLYING_QUEUE_URL;

    // Act
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"key":"cus_odd"}',
        MessageGroupId: 'cus_odd',
        MessageDeduplicationId: 'odd-1',
      }),
    );
    await cloud.settle();
    const withoutGroup = sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{}' }));
    const unknownQueue = sqs.send(
      new SendMessageCommand({
        QueueUrl: `${cloud.awsEndpoint}/000000000000/fincrm-local-Nothing.fifo`,
        MessageBody: '{}',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      }),
    );

    // Assess: the worker sent it to its own dead-letter queue (not retried 5 times).
    const letters = cloud.bus.deadLetters.slice(before);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      code: 'REQUEST_INVALID',
      reason: 'requestedAt: Invalid input: expected string, received undefined',
    });
    await expect(withoutGroup).rejects.toMatchObject({ name: 'MissingParameter' });
    await expect(unknownQueue).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    expect((await tally('cus_odd')).runs).toBeUndefined();
  });
});
