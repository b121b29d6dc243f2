import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalFifoQueue } from '../../../infra/local/fifo-queue.js';
import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { lambdaContext } from '../../support/lambda-context.js';

/** A message body naming what it is, so a test can follow it through the batches. */
const send = (queue: LocalFifoQueue, group: string, label: string, dedup = label) =>
  queue.send({ body: label, groupId: group, deduplicationId: dedup });

const labels = (event: SQSEvent) => event.Records.map((record) => record.body);

/** A function that takes a moment per batch (other batches may start meanwhile), recording what it saw. */
function recordingFunction(answer: (event: SQSEvent) => unknown = () => ({ batchItemFailures: [] })) {
  const batches: string[][] = [];
  const groupsRunning = new Set<string>();
  const overlaps: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const deliver = async (event: SQSEvent): Promise<unknown> => {
    batches.push(labels(event));
    const groups = new Set(event.Records.map((record) => record.attributes.MessageGroupId ?? ''));
    for (const group of groups) {
      if (groupsRunning.has(group)) overlaps.push(group);
      groupsRunning.add(group);
    }
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setTimeout(resolve, 2));
    running -= 1;
    for (const group of groups) groupsRunning.delete(group);
    return answer(event);
  };
  return { deliver, batches, overlaps, mostAtOnce: () => mostAtOnce };
}

function queueWith(
  deliver: (event: SQSEvent) => Promise<unknown>,
  options: { maxConcurrency?: number; clock?: ControlledClock } = {},
) {
  return new LocalFifoQueue({
    name: 'fincrm-local-Grading.fifo',
    deliver,
    maxConcurrency: options.maxConcurrency ?? 4,
    retryDelayMs: 1,
    clock: options.clock ?? new ControlledClock(new Date('2026-03-02T08:00:00Z')),
  });
}

describe('the local FIFO queue and its event source mapping', () => {
  it('gives a group out in order, one batch of at most 10 at a time, never two batches of one group at once', async () => {
    // Prepare
    const fn = recordingFunction();
    const queue = queueWith(fn.deliver);

    // Act: 25 requests of one customer, interleaved with 3 of another.
    for (let index = 1; index <= 25; index++) {
      send(queue, 'hot', `hot-${index}`);
      if (index % 10 === 0) send(queue, 'calm', `calm-${index / 10}`);
    }
    await queue.whenIdle();

    // Assess
    const hot = fn.batches.flat().filter((label) => label.startsWith('hot-'));
    expect(hot).toEqual(Array.from({ length: 25 }, (_, index) => `hot-${index + 1}`));
    expect(fn.batches.flat().filter((label) => label.startsWith('calm-'))).toEqual(['calm-1', 'calm-2']);
    expect(Math.max(...fn.batches.map((batch) => batch.length))).toBeLessThanOrEqual(10);
    expect(fn.overlaps).toEqual([]);
    expect(queue.stats).toMatchObject({ sent: 27, deleted: 27, deadLettered: 0 });
    expect(queue.depth).toBe(0);
  });

  it('runs at most the maximum concurrency of batches at once', async () => {
    // Prepare
    const fn = recordingFunction();
    const queue = queueWith(fn.deliver, { maxConcurrency: 2 });

    // Act: one request each of 12 customers.
    for (let index = 1; index <= 12; index++) send(queue, `cus-${index}`, `m-${index}`);
    await queue.whenIdle();

    // Assess
    expect(fn.mostAtOnce()).toBe(2);
    expect(fn.batches.flat().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m-${i + 1}`).sort());
  });

  it('fills a batch from several groups, the group with the oldest next message first', async () => {
    // Prepare: the first send goes out alone; the rest wait behind it (concurrency 1).
    const fn = recordingFunction();
    const queue = queueWith(fn.deliver, { maxConcurrency: 1 });

    // Act
    send(queue, 'a', 'a-1');
    send(queue, 'b', 'b-1');
    send(queue, 'a', 'a-2');
    send(queue, 'c', 'c-1');
    await queue.whenIdle();

    // Assess
    expect(fn.batches).toEqual([['a-1'], ['b-1', 'a-2', 'c-1']]);
  });

  it('gives reported messages back at the head of their group, in order, and dead-letters them after their fifth receive', async () => {
    // Prepare: "poison" always fails; the function reports it and, by FIFO's rule, what follows
    // it in its group, which SQS gives out again with it (and counts its receives with it).
    const fn = recordingFunction((event) => {
      const poisoned = event.Records.findIndex((record) => record.body === 'poison');
      return {
        batchItemFailures:
          poisoned < 0
            ? []
            : event.Records.slice(poisoned)
                .filter((record) => record.attributes.MessageGroupId === 'a')
                .map((record) => ({ itemIdentifier: record.messageId })),
      };
    });
    const letters: string[] = [];
    const queue = new LocalFifoQueue({
      name: 'fincrm-local-Grading.fifo',
      deliver: fn.deliver,
      maxConcurrency: 2,
      retryDelayMs: 1,
      clock: new ControlledClock(),
      onDeadLetter: (letter) => letters.push(`${letter.body}@${letter.receiveCount}`),
    });

    // Act
    send(queue, 'a', 'first');
    send(queue, 'a', 'poison');
    send(queue, 'a', 'after');
    send(queue, 'b', 'other');
    await queue.whenIdle();

    // Assess: "after" never ran ahead of "poison"; both left for the dead-letter list together.
    expect(letters).toEqual(['poison@5', 'after@5']);
    expect(queue.deadLetters[0]).toMatchObject({
      queue: 'fincrm-local-Grading.fifo',
      groupId: 'a',
      body: 'poison',
      receiveCount: 5,
      error: { name: 'BatchItemFailure' },
    });
    const groupA = fn.batches.flat().filter((label) => label !== 'other');
    expect(groupA).toEqual(['first', ...Array.from({ length: 5 }, () => ['poison', 'after']).flat()]);
    expect(queue.stats).toMatchObject({ deleted: 2, deadLettered: 2 });
  });

  it('retries the whole batch when the function throws or names a message not in the batch', async () => {
    // Prepare: the first call throws, the second answers with a stranger's id, then all is well.
    let calls = 0;
    const fn = recordingFunction(() => {
      calls += 1;
      if (calls === 1) throw new Error('Sandbox.Timedout');
      if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      return {};
    });
    const queue = queueWith(fn.deliver);

    // Act
    send(queue, 'a', 'only');
    await queue.whenIdle();

    // Assess
    expect(fn.batches).toEqual([['only'], ['only'], ['only']]);
    expect(queue.stats).toMatchObject({ received: 3, deleted: 1, deadLettered: 0 });
  });

  it("drops a repeat of a group's deduplication id for 5 minutes, and only in that group", async () => {
    // Prepare
    const clock = new ControlledClock(new Date('2026-03-02T08:00:00Z'));
    const fn = recordingFunction();
    const queue = queueWith(fn.deliver, { clock });

    // Act
    const first = send(queue, 'a', 'one', 'evt-1');
    const repeat = send(queue, 'a', 'two', 'evt-1');
    send(queue, 'b', 'three', 'evt-1');
    clock.advance(5 * 60 * 1000);
    send(queue, 'a', 'four', 'evt-1');
    await queue.whenIdle();

    // Assess
    expect(repeat).toEqual({ ...first, duplicate: true });
    expect(fn.batches.flat().sort()).toEqual(['four', 'one', 'three']);
    expect(queue.stats).toMatchObject({ sent: 4, duplicates: 1 });
  });

  it('hands out nothing more once stopped, and lets the batch in flight finish', async () => {
    // Prepare
    const fn = recordingFunction();
    const queue = queueWith(fn.deliver, { maxConcurrency: 1 });
    send(queue, 'a', 'in-flight');
    send(queue, 'b', 'waiting');

    // Act
    queue.stop();
    await queue.whenIdle();
    send(queue, 'c', 'after-stop');
    await queue.whenIdle();

    // Assess
    expect(fn.batches).toEqual([['in-flight']]);
    expect(queue.busy).toBe(false);
    expect(queue.depth).toBe(2);
  });

  it('hands the records Lambda hands from a FIFO queue', async () => {
    // Prepare
    const events: SQSEvent[] = [];
    const queue = queueWith(async (event) => {
      events.push(event);
      return {};
    });

    // Act
    send(queue, 'cus_01', '{"key":"cus_01"}', 'dedup-1');
    await queue.whenIdle();

    // Assess
    expect(events[0]?.Records[0]).toMatchObject({
      body: '{"key":"cus_01"}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:fincrm-local-Grading.fifo',
      attributes: {
        ApproximateReceiveCount: '1',
        MessageGroupId: 'cus_01',
        MessageDeduplicationId: 'dedup-1',
        SentTimestamp: String(Date.parse('2026-03-02T08:00:00Z')),
      },
    });
  });

  it('coalesces a burst: the work handler runs a few times for many requests of one key, the last after the last request', async () => {
    // Prepare: the real batch handler behind the queue.
    const clock = new ControlledClock(new Date('2026-03-02T08:00:00Z'));
    const runs: string[] = [];
    let requested = 0;
    let requestedWhenLastRun = -1;
    const handler = coalescedWorkHandler({
      workId: 'Grading',
      maxDelaySeconds: 60,
      clock,
      deadLetters: { send: async () => {} },
      work: async (key) => {
        runs.push(key);
        requestedWhenLastRun = requested;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const queue = queueWith((event) => handler(event, lambdaContext('Grader')), { clock });

    // Act: 30 requests, as a burst of events for one customer would make.
    for (let index = 1; index <= 30; index++) {
      requested = index;
      send(
        queue,
        'cus_hot',
        JSON.stringify({ key: 'cus_hot', requestedAt: clock.now().toISOString() }),
        `evt-${index}`,
      );
    }
    await queue.whenIdle();

    // Assess: at most one run per batch of 10 (plus the first, alone), and the last run saw every request.
    expect(runs.length).toBeLessThanOrEqual(4);
    expect(new Set(runs)).toEqual(new Set(['cus_hot']));
    expect(requestedWhenLastRun).toBe(30);
    expect(queue.stats).toMatchObject({ sent: 30, deleted: 30 });
  });
});
