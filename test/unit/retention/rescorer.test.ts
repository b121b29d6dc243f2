import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { localWorkRequests } from '../../../bench/local-work-requests.js';
import { CustomerProfileChanged, CustomerRegistered } from '../../../functions/customers/events.js';
import { churnRescoreMaxDelaySeconds } from '../../../functions/retention/domain/settings.js';
import { consumeRetentionEvent } from '../../../functions/retention/service/features.js';
import { CHURN_RESCORING, churnRescoringWork } from '../../../functions/retention/service/rescoring.js';
import { LocalFifoQueue } from '../../../infra/local/fifo-queue.js';
import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { NOW, scoringWorld } from './rescore-fakes.js';

/**
 * The consumer and the RetentionRescorer over the fakes, joined by the local FIFO queue (one
 * batch at a time: maxConcurrency 1) with the real coalesced-work handler. The worker waits at
 * `gate` until the test opens it, so what a burst queues meanwhile is known.
 */
function rescoringWorld(options: { baseline?: number } = {}) {
  const world = scoringWorld(options);
  const letters: DeadLetter[] = [];
  const handler = coalescedWorkHandler({
    workId: CHURN_RESCORING.id,
    work: churnRescoringWork(world.deps),
    maxDelaySeconds: 60,
    clock: world.clock,
    deadLetters: {
      send: async (letter) => {
        letters.push(letter);
      },
    },
  });
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  /** Each batch: the customers its messages were for, and those the answer reported failed. */
  const batches: { keys: string[]; failed: string[] }[] = [];
  const queue = new LocalFifoQueue({
    name: 'test-ChurnRescoring.fifo',
    maxConcurrency: 1,
    retryDelayMs: 1,
    clock: world.clock,
    deliver: async (event: SQSEvent) => {
      await gate;
      const response: SQSBatchResponse = await handler(event, lambdaContext('RetentionRescorer'));
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const groupOf = (ids: (id: string) => boolean) =>
        event.Records.filter((record) => ids(record.messageId)).map(
          (record) => record.attributes.MessageGroupId ?? '',
        );
      batches.push({ keys: groupOf(() => true), failed: groupOf((id) => failed.has(id)) });
      return response;
    },
  });
  const deps = { ...world.deps, rescoreRequests: localWorkRequests(queue, world.clock) };
  return { ...world, deps, queue, batches, letters, open };
}

const registration = (customerId: string) =>
  consumedEvent(
    CustomerRegistered,
    {
      customerId,
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-7',
      onboardedAt: '2025-01-01T02:00:00.000Z',
      at: NOW.toISOString(),
    },
    NOW,
    `eb-${customerId}-registered`,
  );

const profileChange = (customerId: string, version: number) => {
  const at = new Date(NOW.getTime() + version * 1000);
  return consumedEvent(
    CustomerProfileChanged,
    {
      customerId,
      version,
      changedFields: ['rmId'],
      branch: 'BJ01',
      rmId: `rm-${version}`,
      relationship: 'active',
      at: at.toISOString(),
    },
    at,
    `eb-${customerId}-${version}`,
  );
};

describe('the RetentionRescorer behind the ChurnRescoring FIFO queue', () => {
  it('rescores a burst of one customer once: one request per event, each batch one run, the first from the latest features, the others writing nothing', async () => {
    const world = rescoringWorld();
    await consumeRetentionEvent(world.deps, registration('cus_hot'));
    for (let version = 2; version <= 21; version += 1) {
      await consumeRetentionEvent(world.deps, profileChange('cus_hot', version));
    }
    expect(world.queue.stats.sent).toBe(21);

    world.open();
    await world.queue.whenIdle();

    // The first request alone (it was given out at once), then the other 20 ten at a time.
    expect(world.batches.map((batch) => batch.keys.length)).toEqual([1, 10, 10]);
    expect(world.batches.every((batch) => batch.failed.length === 0)).toBe(true);
    expect(world.scoring.rescoreWrites).toBe(1);
    expect(world.scoring.riskById.get('cus_hot')).toMatchObject({ rmId: 'rm-21', scoredRevision: 21 });
    expect(world.queue.stats.deleted).toBe(21);
  });

  it('drops a redelivered event’s repeat request (same customer and event) within the deduplication interval', async () => {
    const world = rescoringWorld();
    await consumeRetentionEvent(world.deps, registration('cus_dup'));
    await consumeRetentionEvent(world.deps, registration('cus_dup'));

    expect(world.queue.stats).toMatchObject({ sent: 2, duplicates: 1 });
    world.open();
    await world.queue.whenIdle();
    expect(world.scoring.rescoreWrites).toBe(1);
  });

  it('reports a failed rescore for that customer only: the others of the batch are done, its requests come back and land', async () => {
    const world = rescoringWorld();
    let failures = 1;
    world.scoring.beforeRescoreWrite = (write) => {
      if (write.customerId === 'cus_b' && failures > 0) {
        failures -= 1;
        throw new Error('The table is unavailable');
      }
    };
    await consumeRetentionEvent(world.deps, registration('cus_a'));
    await consumeRetentionEvent(world.deps, profileChange('cus_a', 2));
    await consumeRetentionEvent(world.deps, registration('cus_b'));
    await consumeRetentionEvent(world.deps, profileChange('cus_b', 2));

    world.open();
    await world.queue.whenIdle();

    // cus_a's first request alone; then cus_a's second with both of cus_b's, cus_b failing;
    // then cus_b's two again, rescored.
    expect(world.batches).toEqual([
      { keys: ['cus_a'], failed: [] },
      { keys: ['cus_a', 'cus_b', 'cus_b'], failed: ['cus_b', 'cus_b'] },
      { keys: ['cus_b', 'cus_b'], failed: [] },
    ]);
    expect(world.scoring.riskById.get('cus_a')?.scoredRevision).toBe(2);
    expect(world.scoring.riskById.get('cus_b')?.scoredRevision).toBe(2);
    expect(world.queue.deadLetters).toEqual([]);
    expect(world.letters).toEqual([]);
  });
});

describe('CHURN_RESCORE_MAX_DELAY_SECONDS', () => {
  it('is 60 seconds unless set, and refuses what is not a whole number of seconds, naming the setting only', () => {
    expect(churnRescoreMaxDelaySeconds({})).toBe(60);
    expect(churnRescoreMaxDelaySeconds({ CHURN_RESCORE_MAX_DELAY_SECONDS: '300' })).toBe(300);
    for (const value of ['0', '-5', '1.5', 'soon']) {
      expect(() => churnRescoreMaxDelaySeconds({ CHURN_RESCORE_MAX_DELAY_SECONDS: value })).toThrow(
        /^CHURN_RESCORE_MAX_DELAY_SECONDS must be/,
      );
    }
  });
});
