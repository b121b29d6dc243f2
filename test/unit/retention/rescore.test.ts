import { describe, expect, it } from 'vitest';
import type { ChurnScore } from '../../../functions/retention/domain/model.js';
import {
  planRescore,
  rescoreCustomer,
  rescoreIfOwed,
  rescoreOwed,
  rescorer,
  unchangedScore,
} from '../../../functions/retention/service/rescore.js';
import type { RiskRecord } from '../../../functions/retention/store/scoring-items.js';
import { modelScoring, NOW, quietFeatures, scoringWorld } from './rescore-fakes.js';

const ID = 'cus_rescore_1';

/** The ChurnRiskChanged details written to the outbox, in order. */
const riskEvents = (world: ReturnType<typeof scoringWorld>) =>
  world.scoring.outbox.map((event) => ({
    detailType: event.detailType,
    from: event.detail.from,
    level: event.detail.level,
  }));

describe('rescoring a customer', () => {
  it('scores a first time: the risk with its worklist scope, one history entry, the level counted, ChurnRiskChanged from null; low is no alert', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    world.putFeatures(quietFeatures(ID));

    const result = await rescoreCustomer(world.deps, ID);

    expect(result?.risk).toMatchObject({ customerId: ID, branch: 'BJ01', rmId: 'rm-7' });
    expect(result?.risk.score).toMatchObject({ score: 0.05, level: 'low', scoredAt: NOW.toISOString() });
    expect(world.scoring.riskById.get(ID)?.revision).toBe(1);
    expect(await world.scoring.history(ID, 10)).toEqual([
      { at: NOW.toISOString(), score: 0.05, level: 'low', reasons: [], modelVersion: 1 },
    ]);
    expect(world.scoring.levelCounts('BJ01')).toEqual({ low: 1, medium: 0, high: 0 });
    expect(riskEvents(world)).toEqual([{ detailType: 'ChurnRiskChanged', from: null, level: 'low' }]);
    expect(world.scoring.kpis.size).toBe(0);
    expect(world.opener.openings).toEqual([]);
  });

  it('alerts on a first score at medium: KPI alertsMedium on the CST day, a case asked for at the alert time', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    world.putFeatures(quietFeatures(ID));

    await rescoreCustomer(world.deps, ID);

    expect(world.scoring.kpis.get('BJ01#2026-12-04')).toEqual({ alertsMedium: 1 });
    expect(riskEvents(world)).toEqual([{ detailType: 'ChurnRiskChanged', from: null, level: 'medium' }]);
    expect(world.opener.openings).toHaveLength(1);
    expect(world.opener.openings[0]).toMatchObject({
      customerId: ID,
      branch: 'BJ01',
      rmId: 'rm-7',
      at: NOW.toISOString(),
      score: { level: 'medium', score: 0.45 },
    });
    // Handled: the next rescore does not ask again.
    expect(world.scoring.riskById.get(ID)?.pendingAlertAt).toBeUndefined();
  });

  it('alerts only on a rise: medium → high asks for a case and counts alertsHigh; a stay or a fall does not', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    world.putFeatures(quietFeatures(ID));
    await rescoreCustomer(world.deps, ID);

    world.useModel(modelScoring(0.46));
    await rescoreCustomer(world.deps, ID); // stays medium
    expect(world.opener.openings).toHaveLength(1);

    world.useModel(modelScoring(0.8));
    await rescoreCustomer(world.deps, ID); // medium → high: an alert
    expect(world.opener.openings).toHaveLength(2);
    expect(world.opener.openings[1]?.score.level).toBe('high');

    world.useModel(modelScoring(0.81));
    await rescoreCustomer(world.deps, ID); // stays high
    world.useModel(modelScoring(0.5));
    await rescoreCustomer(world.deps, ID); // high → medium: a change, not an alert

    expect(world.opener.openings).toHaveLength(2);
    expect(world.scoring.kpis.get('BJ01#2026-12-04')).toEqual({ alertsMedium: 1, alertsHigh: 1 });
    expect(riskEvents(world)).toEqual([
      { detailType: 'ChurnRiskChanged', from: null, level: 'medium' },
      { detailType: 'ChurnRiskChanged', from: 'medium', level: 'high' },
      { detailType: 'ChurnRiskChanged', from: 'high', level: 'medium' },
    ]);
    expect(world.scoring.levelCounts('BJ01')).toEqual({ low: 0, medium: 1, high: 0 });
  });

  it('asks for no case while the level stays medium, however often it is scored', async () => {
    const world = scoringWorld({ baseline: 0.5 });
    world.putFeatures(quietFeatures(ID));
    for (let day = 0; day < 3; day += 1) {
      await rescoreCustomer(world.deps, ID);
      world.clock.advance(86_400_000);
    }
    expect(world.opener.openings).toHaveLength(1);
    expect(world.scoring.outbox).toHaveLength(1);
  });

  it('tries a failed case opening again at the next rescore, and only until it is done', async () => {
    const world = scoringWorld({ baseline: 0.75 });
    world.putFeatures(quietFeatures(ID));
    world.opener.failNext = true;

    await expect(rescoreCustomer(world.deps, ID)).rejects.toThrow('unavailable');
    expect(world.scoring.riskById.get(ID)?.pendingAlertAt).toBe(NOW.toISOString());

    world.clock.advance(60_000);
    await rescoreCustomer(world.deps, ID); // the event's retry: the level stays high
    await rescoreCustomer(world.deps, ID);

    expect(world.opener.openings).toHaveLength(1);
    // The window runs from the alert, not from the retry.
    expect(world.opener.openings[0]?.at).toBe(NOW.toISOString());
    expect(world.scoring.kpis.get('BJ01#2026-12-04')).toEqual({ alertsHigh: 1 });
  });

  it('writes once after a lost race: a features change between the reads and the write is read and scored again', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    world.putFeatures(quietFeatures(ID));
    let raced = false;
    world.scoring.beforeRescoreWrite = () => {
      if (raced) return;
      raced = true;
      world.putFeatures(quietFeatures(ID, 'SH02', 'rm-9')); // the customer moved meanwhile
    };

    const result = await rescoreCustomer(world.deps, ID);

    expect(result?.risk.branch).toBe('SH02');
    expect(world.scoring.rescoreWrites).toBe(1);
    expect(world.scoring.levelCounts('BJ01')).toEqual({ low: 0, medium: 0, high: 0 });
    expect(world.scoring.levelCounts('SH02')).toEqual({ low: 0, medium: 1, high: 0 });
    expect(world.scoring.outbox).toHaveLength(1);
    expect(world.opener.openings).toHaveLength(1);
  });

  it('gives up (to be retried) when the records keep changing, having written nothing', async () => {
    const world = scoringWorld();
    world.putFeatures(quietFeatures(ID));
    world.scoring.beforeRescoreWrite = () => world.putFeatures(quietFeatures(ID));

    await expect(rescoreCustomer(world.deps, ID)).rejects.toThrow('kept changing');
    expect(world.scoring.rescoreWrites).toBe(0);
    expect(world.scoring.outbox).toEqual([]);
  });

  it('moves the level count to the new branch when the customer moves at the same level', async () => {
    const world = scoringWorld({ baseline: 0.2 });
    world.putFeatures(quietFeatures(ID));
    await rescoreCustomer(world.deps, ID);
    world.putFeatures(quietFeatures(ID, 'SH02', 'rm-9'));
    await rescoreCustomer(world.deps, ID);

    expect(world.scoring.levelCounts('BJ01')).toEqual({ low: 0, medium: 0, high: 0 });
    expect(world.scoring.levelCounts('SH02')).toEqual({ low: 1, medium: 0, high: 0 });
    expect(world.scoring.riskById.get(ID)).toMatchObject({ branch: 'SH02', rmId: 'rm-9' });
    expect(world.scoring.outbox).toHaveLength(1);
  });

  it('scores no one unknown, erased or not registered yet (no branch)', async () => {
    const world = scoringWorld();
    world.scoring.featuresById.set('cus_erased', {
      features: quietFeatures('cus_erased'),
      erased: true,
      revision: 3,
    });
    world.putFeatures({ ...quietFeatures('cus_unregistered'), branch: '' });

    const scorer = rescorer(world.deps);
    expect(await scorer.rescore('cus_unknown')).toBeUndefined();
    expect(await scorer.rescore('cus_erased')).toBeUndefined();
    expect(await scorer.rescore('cus_unregistered')).toBeUndefined();
    expect(world.scoring.rescoreWrites).toBe(0);
  });
});

describe('a rescore owed after an event that changed nothing', () => {
  const features = (revision: number, branch = 'BJ01') => ({
    features: quietFeatures(ID, branch),
    erased: false,
    revision,
  });
  const scored = (scoredRevision: number | undefined, pendingAlertAt?: string): RiskRecord => ({
    ...riskBefore(score(0.2, 'low')),
    scoredRevision,
    pendingAlertAt,
  });

  it('is owed when the last rescore did not land: no risk yet, or one scored from older features', () => {
    expect(rescoreOwed(features(1), undefined)).toBe(true);
    expect(rescoreOwed(features(3), scored(2))).toBe(true);
    // A risk written before the revision was kept counts as behind.
    expect(rescoreOwed(features(3), scored(undefined))).toBe(true);
  });

  it('is owed while an alert waits for its case, even on the current features', () => {
    expect(rescoreOwed(features(3), scored(3, NOW.toISOString()))).toBe(true);
  });

  it('is not owed when the risk is the score of these features and nothing is pending', () => {
    expect(rescoreOwed(features(3), scored(3))).toBe(false);
  });

  it('is never owed for an unknown, erased or not yet registered customer', () => {
    expect(rescoreOwed(undefined, undefined)).toBe(false);
    expect(rescoreOwed({ ...features(2), erased: true }, undefined)).toBe(false);
    expect(rescoreOwed(features(2, ''), undefined)).toBe(false);
  });

  it('is settled by the rescore itself: the risk keeps the features revision it scored', async () => {
    const world = scoringWorld();
    world.putFeatures(quietFeatures(ID));
    world.putFeatures(quietFeatures(ID));
    await rescoreCustomer(world.deps, ID);

    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(2);
    expect(rescoreOwed(await world.scoring.features(ID), await world.scoring.risk(ID))).toBe(false);
  });
});

describe('a requested rescore (the RetentionRescorer)', () => {
  it('scores features not scored yet, then writes nothing until they change again', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    world.putFeatures(quietFeatures(ID));

    expect(await rescoreIfOwed(world.deps, ID)).toBe('rescored');
    expect(await rescoreIfOwed(world.deps, ID)).toBe('current');
    expect(world.scoring.rescoreWrites).toBe(1);
    expect(world.opener.openings).toHaveLength(1);

    world.putFeatures({ ...quietFeatures(ID, 'BJ01', 'rm-9'), relationship: 'closed' });
    expect(await rescoreIfOwed(world.deps, ID)).toBe('rescored');
    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(2);
  });

  it('scores from the latest features, whatever was stored between the request and the run', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    world.putFeatures(quietFeatures(ID));
    world.putFeatures(quietFeatures(ID, 'SH01', 'rm-9'));

    expect(await rescoreIfOwed(world.deps, ID)).toBe('rescored');

    expect(world.scoring.riskById.get(ID)).toMatchObject({ branch: 'SH01', rmId: 'rm-9', scoredRevision: 2 });
    expect(world.scoring.levelCounts('SH01').low).toBe(1);
    expect(world.scoring.levelCounts('BJ01').low).toBe(0);
  });

  it('scores no unknown, erased or not yet registered customer', async () => {
    const world = scoringWorld();
    expect(await rescoreIfOwed(world.deps, ID)).toBe('unscored');
    world.putFeatures(quietFeatures(ID, ''));
    expect(await rescoreIfOwed(world.deps, ID)).toBe('unscored');
    expect(world.scoring.rescoreWrites).toBe(0);
  });
});

const score = (value: number, level: ChurnScore['level'], modelVersion = 1, at = NOW): ChurnScore => ({
  score: value,
  level,
  contributions: [],
  reasons: [],
  valueAtRisk: { amount: 100_000, currency: 'CNY' },
  priority: Math.round(value * 100_000),
  modelVersion,
  scoredAt: at.toISOString(),
});

const riskBefore = (before: ChurnScore, historyKeys: string[] = ['HISTORY#old#0001']): RiskRecord => ({
  customerId: ID,
  branch: 'BJ01',
  rmId: 'rm-7',
  score: before,
  revision: 4,
  historyKeys,
});

const plan = (before: RiskRecord | undefined, now: ChurnScore, historyLimit = 50) =>
  planRescore({
    customerId: ID,
    features: quietFeatures(ID),
    featuresRevision: 2,
    before,
    score: now,
    historyLimit,
  });

describe('the history rules', () => {
  it('keeps no entry for a move under 0.01 at the same level and model, and one at 0.01', () => {
    expect(plan(riskBefore(score(0.3, 'low')), score(0.309, 'low')).write.history).toBeUndefined();
    expect(plan(riskBefore(score(0.3, 'low')), score(0.291, 'low')).write.history).toBeUndefined();
    expect(plan(riskBefore(score(0.3, 'low')), score(0.31, 'low')).write.history?.entry).toMatchObject({
      score: 0.31,
      level: 'low',
    });
    expect(plan(riskBefore(score(0.41, 'medium')), score(0.4, 'medium')).write.history).toBeDefined();
  });

  it('keeps an entry when the level or the model changed, even for the same score', () => {
    expect(plan(riskBefore(score(0.4, 'low')), score(0.4, 'medium')).write.history).toBeDefined();
    expect(
      plan(riskBefore(score(0.3, 'low', 1)), score(0.3, 'low', 2)).write.history?.entry.modelVersion,
    ).toBe(2);
  });

  it('keys the entry by its time and the risk revision, after the kept ones', () => {
    const { write } = plan(riskBefore(score(0.3, 'low')), score(0.5, 'medium'));
    expect(write.history?.sk).toBe(`HISTORY#${NOW.toISOString()}#0005`);
    expect(write.risk.historyKeys).toEqual(['HISTORY#old#0001', `HISTORY#${NOW.toISOString()}#0005`]);
    expect(write.riskRevision).toBe(4);
    expect(write.featuresRevision).toBe(2);
  });

  it('trims the oldest entries beyond CHURN_HISTORY_LIMIT, at most 25 per write', () => {
    const kept = ['HISTORY#a#0001', 'HISTORY#b#0002', 'HISTORY#c#0003'];
    const { write } = plan(riskBefore(score(0.3, 'low'), kept), score(0.6, 'medium'), 3);
    expect(write.historyDeletes).toEqual(['HISTORY#a#0001']);
    expect(write.risk.historyKeys).toHaveLength(3);

    const many = Array.from({ length: 40 }, (_, n) => `HISTORY#k#${String(n).padStart(4, '0')}`);
    const lowered = plan(riskBefore(score(0.3, 'low'), many), score(0.6, 'medium'), 1).write;
    expect(lowered.historyDeletes).toHaveLength(25);
    expect(lowered.risk.historyKeys).toHaveLength(16);
  });
});

describe('an unchanged score', () => {
  const later = new Date(NOW.getTime() + 86_400_000);
  const unchanged = (before: RiskRecord | undefined, now: ChurnScore, historyLimit = 50, branch = 'BJ01') =>
    unchangedScore(before, quietFeatures(ID, branch), now, historyLimit);

  it('is the stored score at another time, for the same branch and RM, with nothing pending or to trim', () => {
    expect(unchanged(riskBefore(score(0.3, 'low')), score(0.3, 'low', 1, later))).toBe(true);
  });

  it('is not any score that differs in what is shown, nor a first score', () => {
    expect(unchanged(undefined, score(0.3, 'low'))).toBe(false);
    expect(unchanged(riskBefore(score(0.3, 'low')), score(0.301, 'low', 1, later))).toBe(false);
    expect(unchanged(riskBefore(score(0.3, 'low')), score(0.3, 'medium', 1, later))).toBe(false);
    expect(unchanged(riskBefore(score(0.3, 'low')), score(0.3, 'low', 2, later))).toBe(false);
    const otherReasons: ChurnScore = { ...score(0.3, 'low', 1, later), reasons: ['inactive'] };
    expect(unchanged(riskBefore(score(0.3, 'low')), otherReasons)).toBe(false);
    const otherValue: ChurnScore = { ...score(0.3, 'low', 1, later), priority: 31_000 };
    expect(unchanged(riskBefore(score(0.3, 'low')), otherValue)).toBe(false);
  });

  it('is not when the customer moved, an alert waits for its case, or the history is over its limit', () => {
    expect(unchanged(riskBefore(score(0.3, 'low')), score(0.3, 'low', 1, later), 50, 'SH01')).toBe(false);
    const pending = { ...riskBefore(score(0.5, 'medium')), pendingAlertAt: NOW.toISOString() };
    expect(unchanged(pending, score(0.5, 'medium', 1, later))).toBe(false);
    const kept = ['HISTORY#a#0001', 'HISTORY#b#0002'];
    expect(unchanged(riskBefore(score(0.3, 'low'), kept), score(0.3, 'low', 1, later), 1)).toBe(false);
  });

  it('is not written again: a day later the stored score keeps its time and revision, and is what the rescore answers', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    world.putFeatures(quietFeatures(ID));
    await rescoreCustomer(world.deps, ID);
    world.clock.advance(86_400_000);

    const again = await rescoreCustomer(world.deps, ID);

    expect(world.scoring.rescoreWrites).toBe(1);
    expect(again?.risk.score).toMatchObject({ score: 0.05, level: 'low', scoredAt: NOW.toISOString() });
    expect(world.scoring.riskById.get(ID)).toMatchObject({
      revision: 1,
      score: { scoredAt: NOW.toISOString() },
    });
    expect(world.scoring.outbox).toHaveLength(1);
  });

  it('ends a requested rescore whose new features give the same score without a write', async () => {
    const world = scoringWorld({ baseline: 0.05 });
    world.putFeatures(quietFeatures(ID));
    expect(await rescoreIfOwed(world.deps, ID)).toBe('rescored');

    world.putFeatures(quietFeatures(ID));
    expect(await rescoreIfOwed(world.deps, ID)).toBe('unchanged');
    expect(world.scoring.rescoreWrites).toBe(1);
  });
});

describe('alerts and level changes', () => {
  it('counts the first score from low: a first medium or high is an alert, a first low is not', () => {
    expect(plan(undefined, score(0.45, 'medium')).alert).toBe(true);
    expect(plan(undefined, score(0.75, 'high')).write.kpis?.increments).toEqual({ alertsHigh: 1 });
    expect(plan(undefined, score(0.1, 'low')).alert).toBe(false);
    expect(plan(undefined, score(0.1, 'low')).write.event?.detail).toMatchObject({
      from: null,
      level: 'low',
    });
  });

  it('raises no alert for a closed relationship, still announcing the change', () => {
    const closed = planRescore({
      customerId: ID,
      features: { ...quietFeatures(ID), relationship: 'closed' },
      featuresRevision: 2,
      before: riskBefore(score(0.3, 'low')),
      score: score(0.75, 'high'),
      historyLimit: 50,
    });
    expect(closed.alert).toBe(false);
    expect(closed.write.kpis).toBeUndefined();
    expect(closed.write.risk.pendingAlertAt).toBeUndefined();
    expect(closed.write.event?.detail).toMatchObject({ from: 'low', level: 'high' });
  });

  it('announces a change without an alert on a fall, and nothing on a stay', () => {
    const fall = plan(riskBefore(score(0.75, 'high')), score(0.45, 'medium')).write;
    expect(fall.event?.detail).toMatchObject({ from: 'high', level: 'medium', branch: 'BJ01' });
    expect(fall.kpis).toBeUndefined();
    expect(fall.levelCounts).toEqual([{ branch: 'BJ01', increments: { high: -1, medium: 1 } }]);
    expect(fall.risk.pendingAlertAt).toBeUndefined();

    const stay = plan(riskBefore(score(0.75, 'high')), score(0.8, 'high')).write;
    expect(stay.event).toBeUndefined();
    expect(stay.levelCounts).toEqual([]);
    expect(stay.kpis).toBeUndefined();
  });

  it('carries ids, codes and a probability only on ChurnRiskChanged', () => {
    const { write } = plan(undefined, { ...score(0.75, 'high'), reasons: ['inactive'] });
    expect(Object.keys(write.event?.detail ?? {}).sort()).toEqual([
      'at',
      'branch',
      'customerId',
      'eventId',
      'from',
      'level',
      'modelVersion',
      'occurredAt',
      'reasons',
      'score',
    ]);
  });
});
