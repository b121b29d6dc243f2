import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChurnFeatures } from '../../../functions/retention/domain/model.js';
import { dailyPass } from '../../../functions/retention/service/daily.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
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
  const items = new JobItems('churn-rescore', {
    send: async (letter) => {
      letters.push(letter);
    },
  });
  return { items, letters };
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

    const first = await dailyPass(harness.deps, () => true, jobItems().items, {
      pageSize: 20,
      concurrency: 8,
    });
    expect(first).toEqual({ rescored: CUSTOMERS, skipped: 0, failed: 0, complete: true });
    expect((await riskEvents()).every((event) => event.from === null && event.level === 'low')).toBe(true);
    expect(await riskEvents()).toHaveLength(CUSTOMERS);

    harness.clock.advance(86_400_000);
    const { items, letters } = jobItems();
    const second = await dailyPass(harness.deps, () => true, items, { pageSize: 20, concurrency: 8 });

    expect(second).toEqual({ rescored: CUSTOMERS, skipped: 0, failed: 0, complete: true });
    expect(letters).toEqual([]);
    const changes = (await riskEvents()).filter((event) => event.from !== null);
    const ageing = Array.from({ length: CUSTOMERS }, (_, n) => n)
      .filter(AGEING)
      .map(idOf);
    expect(changes.map((event) => event.customerId).sort()).toEqual(ageing);
    expect(changes.every((event) => event.from === 'low' && event.level === 'medium')).toBe(true);
    expect(harness.opener.openings.map((opening) => opening.customerId).sort()).toEqual(ageing);
    // Every score is a day newer, the unchanged ones included.
    const steady = await harness.scoring.risk(idOf(1));
    expect(steady?.score).toMatchObject({ level: 'low', scoredAt: harness.clock.now().toISOString() });
    const levels = await harness.itemsOf('LEVELS#DP');
    const total = (level: 'low' | 'medium' | 'high') =>
      levels.reduce((sum, item) => sum + Number(item[level] ?? 0), 0);
    expect([total('low'), total('medium'), total('high')]).toEqual([
      CUSTOMERS - ageing.length,
      ageing.length,
      0,
    ]);
  });
});
