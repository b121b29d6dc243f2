import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfileChanged, CustomerRegistered } from '../../../functions/customers/events.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import type { ChurnModel } from '../../../functions/retention/domain/model.js';
import { applyFeatures, featureEventOf } from '../../../functions/retention/service/features.js';
import { rescoreCustomer } from '../../../functions/retention/service/rescore.js';
import { priorityListKey, riskKey } from '../../../functions/retention/store/keys.js';
import { appendAuditRecord } from '../../../shared/audit/index.js';
import { consumedEvent, deliveryOf } from '../../support/consumed-event.js';
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
      // The redelivery changed nothing, and the risk already was the score of these features.
      revision: 1,
      scoredRevision: 1,
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

describe('the rescore after an event that changed nothing, on DynamoDB Local', () => {
  const riskItem = async (customerId: string) =>
    (await harness.itemsOf(`CUSTOMER#${customerId}`)).find((item) => item.sk === 'RISK');

  it('scores the retry of a delivery whose features were written and whose rescore failed', async () => {
    const customerId = 'cus_rs_retry';
    await register(customerId, 'RS04');
    const moved = consumedEvent(
      CustomerProfileChanged,
      {
        customerId,
        version: 2,
        changedFields: ['branch'],
        branch: 'RS05',
        rmId: 'rm-7',
        relationship: 'active',
        at: NOW.toISOString(),
      },
      NOW,
      'eb-rs-retry',
    );
    // The first delivery: its features are written, then the function fails before the rescore.
    const event = featureEventOf(moved);
    expect(event).toBeDefined();
    if (event !== undefined) await applyFeatures(harness.deps, event);
    expect(await riskItem(customerId)).toMatchObject({ branch: 'RS04', scoredRevision: 1 });

    await harness.deliverRaw(deliveryOf(moved)); // the platform's retry: the features are already there

    expect(await riskItem(customerId)).toMatchObject({ branch: 'RS05', scoredRevision: 2, revision: 2 });
    expect((await harness.itemsOf('LEVELS#RS04'))[0]).toMatchObject({ medium: 0 });
    expect((await harness.itemsOf('LEVELS#RS05'))[0]).toMatchObject({ medium: 1 });
  });

  it('tries a pending alert again on the next delivery, then writes nothing more', async () => {
    const customerId = 'cus_rs_pending';
    const alertAt = harness.clock.now().toISOString();
    harness.opener.failNext = true;
    const delivery = await register(customerId, 'RS06').catch(() => undefined);
    expect(delivery).toBeUndefined(); // the case opening failed: the delivery failed, to be retried
    const pending = await riskItem(customerId);
    expect(pending).toMatchObject({ pendingAlertAt: alertAt, revision: 1 });

    const retry = deliveryOf(
      consumedEvent(
        CustomerRegistered,
        {
          customerId,
          customerType: 'individual',
          branch: 'RS06',
          rmId: 'rm-7',
          onboardedAt: '2025-12-01T02:00:00.000Z',
          at: NOW.toISOString(),
        },
        NOW,
        'eb-rs-pending',
      ),
    );
    await harness.deliverRaw(retry);
    const handled = await riskItem(customerId);
    expect(handled?.pendingAlertAt).toBeUndefined();
    expect(harness.opener.openings.filter((opening) => opening.customerId === customerId)).toEqual([
      expect.objectContaining({ at: alertAt }),
    ]);

    await harness.deliverRaw(retry);
    expect(await riskItem(customerId)).toEqual(handled);
    expect(harness.opener.openings.filter((opening) => opening.customerId === customerId)).toHaveLength(1);
  });

  it('scores again a risk written before the scored revision was kept, and writes it only when the score moved', async () => {
    const customerId = 'cus_rs_legacy';
    const delivery = await register(customerId, 'RS07');
    await harness.db.send(
      new UpdateCommand({
        TableName: harness.table,
        Key: riskKey(customerId),
        UpdateExpression: 'REMOVE scoredRevision',
      }),
    );

    // Owed (no scored revision), scored again, the same score: nothing is written.
    await harness.deliverRaw(delivery);
    const unchanged = await riskItem(customerId);
    expect(unchanged).toMatchObject({ revision: 1 });
    expect(unchanged).not.toHaveProperty('scoredRevision');

    // A new model version: the owed rescore writes the score, with its scored revision.
    await saveModel({});
    await harness.deliverRaw(delivery);
    expect(await riskItem(customerId)).toMatchObject({ scoredRevision: 1, revision: 2 });
  });
});
