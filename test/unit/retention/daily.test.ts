import { describe, expect, it } from 'vitest';
import { dailyPass } from '../../../functions/retention/service/daily.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { quietFeatures, scoringWorld } from './rescore-fakes.js';

function jobItems() {
  const letters: DeadLetter[] = [];
  const items = new JobItems('churn-rescore', {
    send: async (letter) => {
      letters.push(letter);
    },
  });
  return { items, letters };
}

const always = () => true;

describe('the daily pass', () => {
  it('scores every customer page by page, skipping the erased and the unregistered', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 7; n += 1) world.putFeatures(quietFeatures(`cus_d${n}`));
    world.putFeatures({ ...quietFeatures('cus_unregistered'), branch: '' });
    world.scoring.featuresById.set('cus_erased', {
      features: quietFeatures('cus_erased'),
      erased: true,
      revision: 2,
    });
    const { items } = jobItems();

    const run = await dailyPass(world.deps, always, items, { pageSize: 3, concurrency: 2 });

    expect(run).toEqual({ rescored: 7, skipped: 2, failed: 0, complete: true });
    expect(world.scoring.riskById.size).toBe(7);
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

    const run = await dailyPass(world.deps, always, jobItems().items, { concurrency: 3 });

    expect(run.rescored).toBe(10);
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

    const run = await dailyPass(world.deps, always, items);

    expect(run).toEqual({ rescored: 3, skipped: 0, failed: 1, complete: true });
    expect(letters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: 'churn-rescore', item: { kind: 'customer', id: 'cus_f1' } },
      },
    ]);
  });

  it('stops between pages when the time runs out', async () => {
    const world = scoringWorld();
    for (let n = 0; n < 5; n += 1) world.putFeatures(quietFeatures(`cus_t${n}`));
    let pages = 0;
    const run = await dailyPass(
      world.deps,
      () => {
        pages += 1;
        return pages <= 1;
      },
      jobItems().items,
      { pageSize: 2 },
    );
    expect(run).toEqual({ rescored: 2, skipped: 0, failed: 0, complete: false });
  });

  it('changes only the customers time moved: a day later the inactive one alerts, the others keep their level', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    // Registered 179 days before NOW and never transacted: inactive from tomorrow on.
    world.putFeatures({ ...quietFeatures('cus_ageing'), registeredAt: '2026-06-08T02:00:00.000Z' });
    world.putFeatures(quietFeatures('cus_steady'));
    await dailyPass(world.deps, always, jobItems().items);
    expect(world.scoring.riskById.get('cus_ageing')?.score.level).toBe('low');
    const eventsBefore = world.scoring.outbox.length;

    world.clock.advance(86_400_000);
    await dailyPass(world.deps, always, jobItems().items);

    expect(world.scoring.riskById.get('cus_ageing')?.score).toMatchObject({
      level: 'medium',
      reasons: ['inactive'],
    });
    expect(world.scoring.outbox.slice(eventsBefore).map((event) => event.detail.customerId)).toEqual([
      'cus_ageing',
    ]);
    expect(world.opener.openings.map((opening) => opening.customerId)).toEqual(['cus_ageing']);
    expect(world.scoring.riskById.get('cus_steady')?.score.scoredAt).toBe(world.clock.now().toISOString());
  });
});
