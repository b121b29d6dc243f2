import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import type { ChurnModel } from '../../../functions/retention/domain/model.js';
import { cachedModelReader } from '../../../functions/retention/service/model.js';
import type { ChurnModelSave, StoredChurnModel } from '../../../functions/retention/service/ports.js';
import { MODEL_AUDIT_SUBJECT } from '../../../functions/retention/store/keys.js';
import {
  type AuditHead,
  appendAuditRecord,
  auditRecordFromItem,
  verifySignedChain,
} from '../../../shared/audit/index.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
/** The intercept at which inactivity alone scores `p` (a model the rules accept for p ≥ medium). */
const interceptWhereInactiveScores = (p: number) =>
  Math.log(p / (1 - p)) - DEFAULT_CHURN_MODEL.weights.inactive;

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW);
});
afterAll(() => harness.destroy());

/** A save as the API builds it: model version expectedVersion + 1, audit seq = number of saves. */
function saveOf(
  expectedVersion: number,
  head: AuditHead | undefined,
  change: Partial<ChurnModel>,
): ChurnModelSave {
  const at = NOW.toISOString();
  const audit = appendAuditRecord(head, {
    subject: MODEL_AUDIT_SUBJECT,
    at,
    actor: 'admin-1',
    role: 'admin',
    action: 'churn-model.updated',
    fields: Object.keys(change),
  });
  const stored: StoredChurnModel = {
    model: { ...DEFAULT_CHURN_MODEL, ...change, version: expectedVersion + 1 },
    updatedAt: at,
    updatedBy: 'admin-1',
    audit: { seq: audit.seq, hash: audit.hash },
  };
  return { expectedVersion, stored, audit };
}

async function auditTrail() {
  const { Items = [] } = await harness.db.send(
    new QueryCommand({
      TableName: harness.auditTable,
      KeyConditionExpression: 'subject = :s',
      ExpressionAttributeValues: { ':s': MODEL_AUDIT_SUBJECT },
      ConsistentRead: true,
    }),
  );
  return Items.map(auditRecordFromItem);
}

const modelItems = () => harness.itemsOf('MODEL');

describe('the churn model store on DynamoDB Local', () => {
  it('saves versions 2 and 3 over the shipped default with a signed audit chain that verifies; a stale save writes nothing', async () => {
    const reader = cachedModelReader(harness.modelStore, { clock: harness.clock, ttlMs: 0 });
    expect(await harness.modelStore.current()).toBeUndefined();
    expect(await reader.current()).toEqual(DEFAULT_CHURN_MODEL);

    const first = await harness.modelStore.save(
      saveOf(1, undefined, { intercept: interceptWhereInactiveScores(0.5) }),
    );
    expect(first).toMatchObject({
      ok: true,
      stored: { model: { version: 2, intercept: interceptWhereInactiveScores(0.5) } },
    });
    const head = (await harness.modelStore.current())?.audit;
    const second = await harness.modelStore.save(
      saveOf(2, head, { thresholds: { medium: 0.35, high: 0.75 } }),
    );
    expect(second.ok).toBe(true);

    const current = await harness.modelStore.current();
    expect(current).toMatchObject({
      model: {
        version: 3,
        intercept: DEFAULT_CHURN_MODEL.intercept,
        thresholds: { medium: 0.35, high: 0.75 },
      },
      updatedBy: 'admin-1',
      audit: { seq: 2 },
    });
    expect(await reader.current()).toEqual(current?.model);
    expect((await modelItems()).map((item) => item.sk).sort()).toEqual([
      'CURRENT',
      'VERSION#00000002',
      'VERSION#00000003',
    ]);

    // A save based on version 2 after 3 was saved: the API's 412, nothing written.
    const before = { items: await modelItems(), audit: await auditTrail() };
    const stale = await harness.modelStore.save(
      saveOf(2, head, { intercept: interceptWhereInactiveScores(0.6) }),
    );
    expect(stale).toEqual({ ok: false, reason: 'version-conflict' });
    expect({ items: await modelItems(), audit: await auditTrail() }).toEqual(before);

    const trail = await auditTrail();
    expect(trail.map((record) => [record.seq, record.action, record.fields])).toEqual([
      [1, 'churn-model.updated', ['intercept']],
      [2, 'churn-model.updated', ['thresholds']],
    ]);
    expect(await verifySignedChain(trail, harness.signer, { head: current?.audit })).toEqual({
      valid: true,
      length: 2,
    });
  });

  it('lets exactly one of concurrent saves from the same version win', async () => {
    const head = (await harness.modelStore.current())?.audit;
    const version = (await harness.modelStore.current())?.model.version ?? 1;
    const outcomes = await Promise.all(
      [0.45, 0.5, 0.55]
        .map(interceptWhereInactiveScores)
        .map((intercept) => harness.modelStore.save(saveOf(version, head, { intercept }))),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect((await auditTrail()).length).toBe(head === undefined ? 1 : head.seq + 1);
  });
});
