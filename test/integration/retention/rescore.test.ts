import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import type { ChurnModel } from '../../../functions/retention/domain/model.js';
import { rescoreCustomer } from '../../../functions/retention/service/rescore.js';
import { priorityListKey } from '../../../functions/retention/store/keys.js';
import { appendAuditRecord } from '../../../shared/audit/index.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
/** The intercept at which inactivity alone scores `p` (a model the rules accept for p ≥ medium). */
const interceptWhereInactiveScores = (p: number) =>
  Math.log(p / (1 - p)) - DEFAULT_CHURN_MODEL.weights.inactive;

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW, { historyLimit: 3 });
});
afterAll(() => harness.destroy());

/** A customer who never transacted since an onboarding a year ago: inactive, medium under the default. */
const register = (customerId: string, branch: string) =>
  harness.deliver(
    CustomerRegistered,
    {
      customerId,
      customerType: 'individual',
      branch,
      rmId: 'rm-7',
      onboardedAt: '2025-12-01T02:00:00.000Z',
      at: NOW.toISOString(),
    },
    NOW,
  );

/** Saves the default model with `change` as the next version, as an admin's PUT does. */
async function saveModel(change: Partial<ChurnModel>): Promise<number> {
  const current = await harness.modelStore.current();
  const version = current?.model.version ?? 1;
  const audit = appendAuditRecord(current?.audit, {
    subject: 'churn-model',
    at: harness.clock.now().toISOString(),
    actor: 'admin-1',
    role: 'admin',
    action: 'churn-model.updated',
    fields: Object.keys(change),
  });
  const model = { ...DEFAULT_CHURN_MODEL, ...change, version: version + 1 };
  const saved = await harness.modelStore.save({
    expectedVersion: version,
    stored: { model, updatedAt: audit.at, updatedBy: 'admin-1', audit: { seq: audit.seq, hash: audit.hash } },
    audit,
  });
  expect(saved.ok).toBe(true);
  return model.version;
}

const outboxOf = async (customerId: string) =>
  (await harness.itemsOf('OUTBOX#'))
    .map((item) => JSON.parse(String(item.detail)))
    .filter((detail) => detail.customerId === customerId)
    .sort((a, b) => String(a.at).localeCompare(String(b.at)));

describe('the rescore transaction on DynamoDB Local', () => {
  it('writes the risk with its worklist keys, one history entry, the level count, ChurnRiskChanged and the alert KPI, once', async () => {
    const customerId = 'cus_rs_once';
    const delivery = await register(customerId, 'RS01');
    await harness.deliverRaw(delivery); // a redelivery changes nothing and counts nothing

    const items = await harness.itemsOf(`CUSTOMER#${customerId}`);
    const risk = items.find((item) => item.sk === 'RISK');
    const score = await harness.scoring.risk(customerId);
    expect(score?.score).toMatchObject({ level: 'medium', reasons: ['inactive'], modelVersion: 1 });
    expect(risk).toMatchObject({
      branchKey: 'RISK#RS01#medium',
      assigneeKey: 'RISK#rm-7#medium',
      listKey: priorityListKey(score?.score.priority ?? 0, customerId),
      revision: 2,
    });
    expect(items.filter((item) => String(item.sk).startsWith('HISTORY#'))).toHaveLength(1);
    expect(await outboxOf(customerId)).toEqual([
      expect.objectContaining({ from: null, level: 'medium', reasons: ['inactive'], branch: 'RS01' }),
    ]);
    expect((await harness.itemsOf('LEVELS#RS01'))[0]).toMatchObject({
      medium: 1,
      entityType: 'LEVEL_COUNTS',
    });
    expect((await harness.itemsOf('KPI#RS01'))[0]).toMatchObject({
      sk: 'DAY#2026-12-04',
      customersJoined: 1,
      alertsMedium: 1,
    });
    expect(harness.opener.openings.filter((opening) => opening.customerId === customerId)).toHaveLength(1);
    expect(risk?.pendingAlertAt).toBeUndefined();
  });

  it('moves the level once when concurrent rescores race for the same change', async () => {
    const customerId = 'cus_rs_race';
    await register(customerId, 'RS02');
    // A saved model that puts every inactive customer high.
    await saveModel({ weights: { ...DEFAULT_CHURN_MODEL.weights, inactive: 4 } });
    harness.clock.advance(60_000);

    await Promise.all(Array.from({ length: 4 }, () => rescoreCustomer(harness.deps, customerId)));

    expect((await outboxOf(customerId)).map((event) => [event.from, event.level])).toEqual([
      [null, 'medium'],
      ['medium', 'high'],
    ]);
    expect((await harness.itemsOf('LEVELS#RS02'))[0]).toMatchObject({ medium: 0, high: 1 });
    expect((await harness.itemsOf('KPI#RS02'))[0]).toMatchObject({ alertsMedium: 1, alertsHigh: 1 });
    const history = await harness.scoring.history(customerId, 10);
    expect(history.map((entry) => [entry.level, entry.modelVersion])).toEqual([
      ['high', 2],
      ['medium', 1],
    ]);
  });

  it('keeps CHURN_HISTORY_LIMIT entries, deleting the oldest in the same write', async () => {
    const customerId = 'cus_rs_trim';
    await register(customerId, 'RS03');
    let version = 1;
    for (const intercept of [0.45, 0.5, 0.55].map(interceptWhereInactiveScores)) {
      version = await saveModel({ intercept });
      harness.clock.advance(60_000);
      await rescoreCustomer(harness.deps, customerId);
    }

    const items = await harness.itemsOf(`CUSTOMER#${customerId}`);
    const entries = items.filter((item) => String(item.sk).startsWith('HISTORY#'));
    expect(entries).toHaveLength(3);
    expect((await harness.scoring.risk(customerId))?.historyKeys).toEqual(
      entries.map((item) => item.sk).sort(),
    );
    expect((await harness.scoring.history(customerId, 10)).map((entry) => entry.modelVersion)).toEqual([
      version,
      version - 1,
      version - 2,
    ]);
  });
});
