import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { captureOutput } from '../../support/captured-output.js';
import { lambdaContext } from '../../support/lambda-context.js';

const NOW = new Date('2026-03-02T08:10:00.000Z');

/** A record as Lambda hands it from a FIFO queue. */
function record(messageId: string, group: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1772438400000',
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1772438400000',
      MessageGroupId: group,
      MessageDeduplicationId: `dedup-${messageId}`,
      SequenceNumber: '18849496460467696128',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:fincrm-dev-Grading.fifo',
    awsRegion: 'us-east-1',
  };
}

/** A request of `key` made `secondsAgo` before NOW. */
function request(messageId: string, key: string, secondsAgo = 1): SQSRecord {
  return record(messageId, key, {
    key,
    requestedAt: new Date(NOW.getTime() - secondsAgo * 1000).toISOString(),
  });
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

function worker(
  options: { failing?: readonly string[]; deadLetters?: DeadLetter[]; deadLettersDown?: boolean } = {},
) {
  const runs: { key: string; oldest: string }[] = [];
  const letters = options.deadLetters ?? [];
  const handler = coalescedWorkHandler({
    workId: 'Grading',
    maxDelaySeconds: 60,
    clock: new ControlledClock(NOW),
    deadLetters: {
      send: async (letter) => {
        if (options.deadLettersDown) throw new Error('QueueDoesNotExist');
        letters.push(letter);
      },
    },
    work: async (key, oldest) => {
      runs.push({ key, oldest: oldest.toISOString() });
      if (options.failing?.includes(key)) throw new Error(`grading of ${key} failed`);
    },
  });
  return { handler, runs, letters };
}

const failures = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier).sort();

describe('coalescedWorkHandler: a FIFO batch does each of its keys once', () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('runs the work once per key, however many requests the key has, with its oldest request time', async () => {
    // Prepare: a burst for one customer and one request for another.
    const { handler, runs } = worker();

    // Act
    const response = await handler(
      batch(
        request('m1', 'cus_hot', 30),
        request('m2', 'cus_hot', 20),
        request('m3', 'cus_other', 5),
        request('m4', 'cus_hot', 10),
      ),
      lambdaContext('ActivityGrader'),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(runs.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'cus_hot', oldest: '2026-03-02T08:09:30.000Z' },
      { key: 'cus_other', oldest: '2026-03-02T08:09:55.000Z' },
    ]);
  });

  it('reports every request of a key whose work threw, and nothing of the keys that worked', async () => {
    // Prepare
    const { handler, runs } = worker({ failing: ['cus_b'] });

    // Act
    const response = await handler(
      batch(request('a1', 'cus_a'), request('b1', 'cus_b'), request('a2', 'cus_a'), request('b2', 'cus_b')),
      lambdaContext(),
    );

    // Assess: cus_a's requests are done (deleted), cus_b's come back in their order.
    expect(failures(response)).toEqual(['b1', 'b2']);
    expect(runs.map((run) => run.key).sort()).toEqual(['cus_a', 'cus_b']);
    const failure = output
      .lines()
      .find((line) => line.message === 'Coalesced work failed; its requests will be given out again');
    expect(failure).toMatchObject({ work: 'Grading', key: 'cus_b', errorName: 'Error' });
  });

  it('dead-letters a message that is not a request with the fields at fault, never its values, and deletes it', async () => {
    // Prepare: garbage, a body missing its time, a body naming another key than its group.
    const letters: DeadLetter[] = [];
    const { handler, runs } = worker({ deadLetters: letters });

    // Act
    const response = await handler(
      batch(
        record('x1', 'cus_a', 'not json 13800138000'),
        record('x2', 'cus_b', { key: 'cus_b', requestedAt: 'yesterday 13800138000' }),
        record('x3', 'cus_c', { key: 'cus_d', requestedAt: NOW.toISOString() }),
        request('ok', 'cus_a'),
      ),
      lambdaContext(),
    );

    // Assess: nothing retried; the one real request still worked.
    expect(response.batchItemFailures).toEqual([]);
    expect(runs.map((run) => run.key)).toEqual(['cus_a']);
    expect(letters.map((letter) => [letter.code, letter.fields, letter.event])).toEqual([
      ['REQUEST_INVALID', ['(root)'], { job: 'Grading', item: { kind: 'work-request', id: 'x1' } }],
      ['REQUEST_INVALID', ['requestedAt'], { job: 'Grading', item: { kind: 'work-request', id: 'x2' } }],
      ['REQUEST_INVALID', ['key'], { job: 'Grading', item: { kind: 'work-request', id: 'x3' } }],
    ]);
    expect(JSON.stringify(letters)).not.toContain('13800138000');
    expect(JSON.stringify(output.lines())).not.toContain('13800138000');
  });

  it('keeps FIFO order: from the first message of a group that fails, every later one of the group fails too', async () => {
    // Prepare: the dead-letter queue is down, so a malformed message must come back, and the
    // requests behind it in its group with it, though their work ran.
    const { handler } = worker({ deadLettersDown: true });

    // Act
    const response = await handler(
      batch(
        request('a1', 'cus_a'),
        record('a2', 'cus_a', 'garbage'),
        request('a3', 'cus_a'),
        request('b1', 'cus_b'),
      ),
      lambdaContext(),
    );

    // Assess: a1 was worked and is behind nothing; a2 and everything after it in cus_a return.
    expect(failures(response)).toEqual(['a2', 'a3']);
  });

  it('counts the requests that waited longer than the bound as CoalescedWorkLate, per work', async () => {
    // Prepare
    const { handler } = worker();

    // Act: two of three requests are older than 60 s when the batch starts.
    await handler(
      batch(request('m1', 'cus_a', 61), request('m2', 'cus_a', 300), request('m3', 'cus_b', 59)),
      lambdaContext(),
    );

    // Assess
    const late = output.lines().find((line) => 'CoalescedWorkLate' in line);
    expect(late).toMatchObject({ CoalescedWorkLate: 2, work: 'Grading' });
  });

  it('refuses to start with a bound that is not a whole number of seconds above 0', () => {
    // Act, Assess
    for (const maxDelaySeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() =>
        coalescedWorkHandler({
          workId: 'Grading',
          maxDelaySeconds,
          clock: new ControlledClock(NOW),
          deadLetters: { send: async () => {} },
          work: async () => {},
        }),
      ).toThrow(/whole number of seconds/);
    }
  });
});
