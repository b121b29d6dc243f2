import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChurnFeatures } from '../../../functions/retention/domain/model.js';
import { CHURN_RESCORE_JOB, dailyPassSegment } from '../../../functions/retention/service/daily.js';
import { DynamoFeaturesSegments } from '../../../functions/retention/store/features-segments.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import type { PassSegmentInput } from '../../../shared/passes/segment.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
// Enough for pages and concurrency to matter (pageSize 20, 8 at a time); volume is the bench's job.
const CUSTOMERS = 60;
/** Every tenth customer was onboarded 179 CST days before NOW and never transacted. */
const AGEING = (n: number) => n % 10 === 0;

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW);
});
afterAll(() => harness.destroy());

const idOf = (n: number) => `cus_daily_${String(n).padStart(3, '0')}`;

function featuresOf(n: number): ChurnFeatures {
  return {
    customerId: idOf(n),
    registeredAt: AGEING(n) ? '2026-06-08T02:00:00.000Z' : '2026-11-20T02:00:00.000Z',
    relationship: 'active',
    branch: n % 2 === 0 ? 'DP01' : 'DP02',
    rmId: `rm-${n % 5}`,
    profileVersion: 1,
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
  };
}

function jobItems() {
  const letters: DeadLetter[] = [];
  const items = new JobItems(CHURN_RESCORE_JOB, {
    send: async (letter) => {
      letters.push(letter);
    },
  });
  return { items, letters };
}

function segmentInput(segment: number, totalSegments: number, cursor?: string): PassSegmentInput {
  return {
    pass: 'DailyChurnRescore',
    job: CHURN_RESCORE_JOB,
    segment,
    totalSegments,
    startedAt: harness.clock.now().toISOString(),
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/** The whole book in `totalSegments` segments, each run to its end (as the pass machine does). */
async function wholePass(totalSegments: number, items: JobItems) {
  const segments = new DynamoFeaturesSegments(harness.db, harness.table);
  const runs = [];
  for (let segment = 0; segment < totalSegments; segment += 1) {
    runs.push(
      await dailyPassSegment(
        harness.deps,
        segments,
        items,
        segmentInput(segment, totalSegments),
        () => true,
        {
          pageSize: 20,
          concurrency: 8,
        },
      ),
    );
  }
  return {
    processed: runs.reduce((sum, run) => sum + run.processed, 0),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    perSegment: runs.map((run) => run.processed),
  };
}

const riskEvents = async () =>
  (await harness.itemsOf('OUTBOX#'))
    .map((item) => JSON.parse(String(item.detail)))
    .filter((detail) => String(detail.customerId).startsWith('cus_daily_'));

describe('the daily pass on DynamoDB Local', () => {
  it('scores all 60 customers, and a day later changes the time-driven ones only', async () => {
    const written = await Promise.all(
      Array.from({ length: CUSTOMERS }, (_, n) =>
        harness.scoring.putFeatures({
          record: { features: featuresOf(n), erased: false },
          expectedRevision: 0,
        }),
      ),
    );
    expect(written.every(Boolean)).toBe(true);

    const first = await wholePass(3, jobItems().items);
    expect(first).toMatchObject({ processed: CUSTOMERS, failed: 0 });
    expect((await riskEvents()).every((event) => event.from === null && event.level === 'low')).toBe(true);
    expect(await riskEvents()).toHaveLength(CUSTOMERS);

    const firstScored = harness.clock.now().toISOString();
    harness.clock.advance(86_400_000);
    const { items, letters } = jobItems();
    const second = await wholePass(2, items);

    expect(second).toMatchObject({ processed: CUSTOMERS, failed: 0 });
    expect(letters).toEqual([]);
    const changes = (await riskEvents()).filter((event) => event.from !== null);
    const ageing = Array.from({ length: CUSTOMERS }, (_, n) => n)
      .filter(AGEING)
      .map(idOf);
    expect(changes.map((event) => event.customerId).sort()).toEqual(ageing);
    expect(changes.every((event) => event.from === 'low' && event.level === 'medium')).toBe(true);
    expect(harness.opener.openings.map((opening) => opening.customerId).sort()).toEqual(ageing);
    // A score that did not move is not written: it keeps the time and revision of its first
    // write. One that moved is written at the time of the pass.
    const steady = await harness.scoring.risk(idOf(1));
    expect(steady).toMatchObject({ revision: 1, score: { level: 'low', scoredAt: firstScored } });
    const moved = await harness.scoring.risk(ageing[0] ?? '');
    expect(moved).toMatchObject({
      revision: 2,
      score: { level: 'medium', scoredAt: harness.clock.now().toISOString() },
    });
    const levels = await harness.itemsOf('LEVELS#DP');
    const total = (level: 'low' | 'medium' | 'high') =>
      levels.reduce((sum, item) => sum + Number(item[level] ?? 0), 0);
    expect([total('low'), total('medium'), total('high')]).toEqual([
      CUSTOMERS - ageing.length,
      ageing.length,
      0,
    ]);
  });

  /** Runs `act` recording every customer whose features the rescore read (it reads them first). */
  async function recordingReads<T>(act: () => Promise<T>): Promise<{ result: T; reads: string[] }> {
    const reads: string[] = [];
    const read = harness.scoring.features.bind(harness.scoring);
    harness.scoring.features = async (customerId) => {
      reads.push(customerId);
      return read(customerId);
    };
    try {
      return { result: await act(), reads };
    } finally {
      harness.scoring.features = read;
    }
  }

  const everyone = () => Array.from({ length: CUSTOMERS }, (_, n) => idOf(n));

  it('three segments of the parallel scan together read every customer once, and no segment reads another’s', async () => {
    const segments = new DynamoFeaturesSegments(harness.db, harness.table);
    const perSegment: string[][] = [];
    for (let segment = 0; segment < 3; segment += 1) {
      const { reads } = await recordingReads(() =>
        dailyPassSegment(harness.deps, segments, jobItems().items, segmentInput(segment, 3), () => true, {
          pageSize: 7,
        }),
      );
      perSegment.push(reads);
    }

    const all = perSegment.flat();
    expect([...all].sort()).toEqual(everyone());
    expect(new Set(all).size).toBe(all.length);
  });

  it('a segment stopped for time hands back its cursor, and the next invocation goes on from it', async () => {
    const segments = new DynamoFeaturesSegments(harness.db, harness.table);
    let checks = 0;
    const stopped = await recordingReads(() =>
      dailyPassSegment(
        harness.deps,
        segments,
        jobItems().items,
        segmentInput(0, 1),
        () => {
          checks += 1;
          return checks <= 1;
        },
        { pageSize: 25 },
      ),
    );
    expect(stopped.result.cursor).toBeDefined();
    expect(stopped.reads.length).toBeLessThan(CUSTOMERS);

    const resumed = await recordingReads(() =>
      dailyPassSegment(
        harness.deps,
        segments,
        jobItems().items,
        segmentInput(0, 1, stopped.result.cursor),
        () => true,
        {
          pageSize: 25,
        },
      ),
    );

    expect(resumed.result.cursor).toBeUndefined();
    const all = [...stopped.reads, ...resumed.reads];
    expect([...all].sort()).toEqual(everyone());
    expect(new Set(all).size).toBe(all.length);
  });

  it('dead-letters a customer whose rescore fails and scores the rest of the segment', async () => {
    harness.clock.advance(86_400_000);
    const broken = idOf(7);
    const read = harness.scoring.risk.bind(harness.scoring);
    harness.scoring.risk = async (customerId) => {
      if (customerId === broken) throw new Error('ProvisionedThroughputExceededException');
      return read(customerId);
    };
    const { items, letters } = jobItems();
    const { result: run, reads } = await recordingReads(() =>
      wholePass(2, items).finally(() => {
        harness.scoring.risk = read;
      }),
    );

    expect(run).toMatchObject({ processed: CUSTOMERS, failed: 1 });
    expect(letters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: CHURN_RESCORE_JOB, item: { kind: 'customer', id: broken } },
      },
    ]);
    // Every customer was read and scored, the broken one included up to its failing read.
    expect([...reads].sort()).toEqual(everyone());
  });
});
