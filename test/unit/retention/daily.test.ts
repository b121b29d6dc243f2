import { describe, expect, it } from 'vitest';
import { CHURN_RESCORE_JOB, dailyPassSegment } from '../../../functions/retention/service/daily.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import type { PassSegmentInput } from '../../../shared/passes/segment.js';
import { MemoryFeaturesSegments } from './features-segments-fake.js';
import { NOW, quietFeatures, scoringWorld } from './rescore-fakes.js';

function jobItems() {
  const letters: DeadLetter[] = [];
  const items = new JobItems(CHURN_RESCORE_JOB, {
    send: async (letter) => {
      letters.push(letter);
    },
  });
  return { items, letters };
}

const always = () => true;

function segmentInput(segment: number, totalSegments: number, cursor?: string): PassSegmentInput {
  return {
    pass: 'DailyChurnRescore',
    job: CHURN_RESCORE_JOB,
    segment,
    totalSegments,
    startedAt: '2026-12-04T16:15:00.000Z',
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/** Records the customers scored, in order (the rescore reads the features first). */
function recordReads(world: ReturnType<typeof scoringWorld>): string[] {
  const reads: string[] = [];
  const read = world.scoring.features.bind(world.scoring);
  world.scoring.features = async (customerId) => {
    reads.push(customerId);
    return read(customerId);
  };
  return reads;
}

describe('a segment of the daily pass', () => {
  it('three segments together score every customer exactly once, skipping the erased and the unregistered', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 7; n += 1) world.putFeatures(quietFeatures(`cus_d${n}`));
    world.putFeatures({ ...quietFeatures('cus_unregistered'), branch: '' });
    world.scoring.featuresById.set('cus_erased', {
      features: quietFeatures('cus_erased'),
      erased: true,
      revision: 2,
    });
    const reads = recordReads(world);
    const segments = new MemoryFeaturesSegments(world.scoring);

    const runs = [];
    for (let segment = 0; segment < 3; segment += 1) {
      runs.push(
        await dailyPassSegment(world.deps, segments, jobItems().items, segmentInput(segment, 3), always, {
          pageSize: 2,
          concurrency: 2,
        }),
      );
    }

    expect(runs.map((run) => run.processed)).toEqual([3, 3, 3]);
    expect(runs.every((run) => run.failed === 0 && run.cursor === undefined)).toBe(true);
    expect([...reads].sort()).toEqual([...world.scoring.featuresById.keys()].sort());
    expect(new Set(reads).size).toBe(reads.length);
    expect([...world.scoring.riskById.keys()].sort()).toEqual(
      Array.from({ length: 7 }, (_, n) => `cus_d${n}`),
    );
  });

  it('scores with at most `concurrency` customers in flight', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 10; n += 1) world.putFeatures(quietFeatures(`cus_c${n}`));
    let inFlight = 0;
    let most = 0;
    const read = world.scoring.features.bind(world.scoring);
    world.scoring.features = async (customerId) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return read(customerId);
    };

    const run = await dailyPassSegment(
      world.deps,
      new MemoryFeaturesSegments(world.scoring),
      jobItems().items,
      segmentInput(0, 1),
      always,
      { concurrency: 3 },
    );

    expect(run).toEqual({ processed: 10, failed: 0 });
    expect(most).toBe(3);
  });

  it('goes on past a customer whose rescore fails: dead-lettered by id, counted', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 4; n += 1) world.putFeatures(quietFeatures(`cus_f${n}`));
    const read = world.scoring.risk.bind(world.scoring);
    world.scoring.risk = async (customerId) => {
      if (customerId === 'cus_f1') throw new Error('unreadable');
      return read(customerId);
    };
    const { items, letters } = jobItems();

    const run = await dailyPassSegment(
      world.deps,
      new MemoryFeaturesSegments(world.scoring),
      items,
      segmentInput(0, 1),
      always,
      { pageSize: 2 },
    );

    expect(run).toEqual({ processed: 4, failed: 1 });
    expect([...world.scoring.riskById.keys()].sort()).toEqual(['cus_f0', 'cus_f2', 'cus_f3']);
    expect(letters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: CHURN_RESCORE_JOB, item: { kind: 'customer', id: 'cus_f1' } },
      },
    ]);
  });

  it('stops between pages when time runs out and resumes from its cursor, scoring nobody twice', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 5; n += 1) world.putFeatures(quietFeatures(`cus_t${n}`));
    const reads = recordReads(world);
    const segments = new MemoryFeaturesSegments(world.scoring);
    let checks = 0;

    const first = await dailyPassSegment(
      world.deps,
      segments,
      jobItems().items,
      segmentInput(0, 1),
      () => {
        checks += 1;
        return checks <= 1;
      },
      { pageSize: 2 },
    );
    expect(first.processed).toBe(4);
    expect(first.cursor).toBeDefined();
    expect(world.scoring.riskById.size).toBe(4);

    const rest = await dailyPassSegment(
      world.deps,
      segments,
      jobItems().items,
      segmentInput(0, 1, first.cursor),
      always,
      { pageSize: 2 },
    );

    expect(rest).toEqual({ processed: 1, failed: 0 });
    expect(reads).toEqual(['cus_t0', 'cus_t1', 'cus_t2', 'cus_t3', 'cus_t4']);
  });

  it('changes only the customers time moved: a day later the inactive one alerts, the others keep their level', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    // Registered 179 days before NOW and never transacted: inactive from tomorrow on.
    world.putFeatures({ ...quietFeatures('cus_ageing'), registeredAt: '2026-06-08T02:00:00.000Z' });
    world.putFeatures(quietFeatures('cus_steady'));
    const segments = new MemoryFeaturesSegments(world.scoring);
    await dailyPassSegment(world.deps, segments, jobItems().items, segmentInput(0, 1), always);
    expect(world.scoring.riskById.get('cus_ageing')?.score.level).toBe('low');
    const eventsBefore = world.scoring.outbox.length;

    world.clock.advance(86_400_000);
    await dailyPassSegment(world.deps, segments, jobItems().items, segmentInput(0, 1), always);

    expect(world.scoring.riskById.get('cus_ageing')?.score).toMatchObject({
      level: 'medium',
      reasons: ['inactive'],
    });
    expect(world.scoring.outbox.slice(eventsBefore).map((event) => event.detail.customerId)).toEqual([
      'cus_ageing',
    ]);
    expect(world.opener.openings.map((opening) => opening.customerId)).toEqual(['cus_ageing']);
    // The steady customer's score did not move: not written again, it keeps the first pass's time.
    expect(world.scoring.riskById.get('cus_steady')).toMatchObject({
      revision: 1,
      score: { level: 'low', scoredAt: NOW.toISOString() },
    });
  });
});
