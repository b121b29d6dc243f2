import { createHash } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsEndpoint } from '../../../infra/local/aws-endpoint.js';
import { LocalBus } from '../../../infra/local/bus.js';
import { buildLocalEnvironment } from '../../../infra/local/environment.js';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const delivery = {
  id: 'evt-0001',
  source: 'core.banking',
  'detail-type': 'TransactionPosted',
  time: '2026-03-02T08:00:00Z',
  detail: { customerId: 'cus_01', amount: 'twelve' },
};

/** Only the AWS protocol endpoint, over a bus with no rules: what handlers' SDK clients reach. */
async function startEndpoint() {
  const clock = new ControlledClock(new Date('2026-03-02T08:00:05Z'));
  const timers = new ClockTimers(clock);
  const bus = new LocalBus({
    rules: [],
    clock,
    targets: {
      invokeFunction: async () => ({}),
      startExecution: async () => ({}),
    },
  });
  const stepFunctions = new LocalStepFunctions({
    stateMachines: [],
    clock,
    timers,
    invoke: async () => ({}),
  });
  const endpoint = new AwsEndpoint(stepFunctions, bus);
  const url = await endpoint.listen(0);
  const env = buildLocalEnvironment({
    capabilities: [],
    tableEnv: {},
    dataDir: '/nonexistent',
    dynamodbEndpoint: 'http://127.0.0.1:1',
    awsEndpoint: url,
  });
  return {
    bus,
    env,
    stop: async () => {
      await endpoint.close();
      timers.dispose();
    },
  };
}

describe('the local SQS emulation', () => {
  let local: Awaited<ReturnType<typeof startEndpoint>>;
  const clients: SQSClient[] = [];
  beforeEach(async () => {
    local = await startEndpoint();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    vi.unstubAllEnvs();
    await local.stop();
  });

  function client(): SQSClient {
    const created = new SQSClient({
      endpoint: local.env.AWS_ENDPOINT_URL_SQS,
      region: local.env.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    clients.push(created);
    return created;
  }

  it("records a consumer's dead letter with its code and reason, through the environment handlers get", async () => {
    // Prepare: the variables the local cloud gives every handler; the sink's own SQS client reads them.
    for (const name of ['AWS_ENDPOINT_URL_SQS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      vi.stubEnv(name, local.env[name] ?? '');
    }
    const sink = deadLetterSinkFromEnv(local.env);

    // Act
    await sink.send({
      code: 'EVENT_INVALID',
      reason: 'amount: expected an integer',
      fields: ['amount'],
      event: { ...delivery, detailType: delivery['detail-type'] },
    });

    // Assess
    expect(local.bus.deadLetters).toEqual([
      {
        source: 'queue:fincrm-local-dead-letters',
        target: 'event consumer',
        // The envelope only: the detail never reaches a dead-letter queue.
        payload: {
          id: delivery.id,
          source: delivery.source,
          'detail-type': delivery['detail-type'],
          time: delivery.time,
        },
        error: { name: 'UnprocessableEventError', message: 'amount: expected an integer' },
        attempts: 1,
        failedAt: '2026-03-02T08:00:05.000Z',
        code: 'EVENT_INVALID',
        reason: 'amount: expected an integer',
      },
    ]);
  });

  it('answers SendMessage with a message id and the MD5 of the body the SDK checks', async () => {
    // Prepare
    const body = JSON.stringify({
      code: 'EVENT_UNSUPPORTED',
      reason: 'detail-type: not handled',
      event: delivery,
    });

    // Act
    const output = await client().send(
      new SendMessageCommand({ QueueUrl: local.env.DEAD_LETTER_QUEUE_URL, MessageBody: body }),
    );

    // Assess
    expect(output.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.MD5OfMessageBody).toBe(createHash('md5').update(body).digest('hex'));
    expect(local.bus.deadLetters).toMatchObject([
      { code: 'EVENT_UNSUPPORTED', reason: 'detail-type: not handled' },
    ]);
  });

  it('refuses a queue outside the local account as SQS does, recording nothing', async () => {
    const endpoint = local.env.AWS_ENDPOINT_URL_SQS;

    const sending = client().send(
      new SendMessageCommand({ QueueUrl: `${endpoint}/123456789012/elsewhere`, MessageBody: '{}' }),
    );

    await expect(sending).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    expect(local.bus.deadLetters).toEqual([]);
  });
});
