import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import { activityCapability } from '../../../functions/activity/index.js';
import { getConfig, putConfig } from '../../../functions/activity/service/segmentation-config.js';
import { DynamoSegmentationConfigStore } from '../../../functions/activity/store/dynamo-config-store.js';
import { SEGMENTATION_CONFIG_AUDIT_SUBJECT } from '../../../functions/activity/store/keys.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import {
  type AuditRecord,
  appendAuditRecord,
  auditRecordFromItem,
  LocalAuditSigner,
  verifyChain,
} from '../../../shared/audit/index.js';
import { PreconditionFailedError } from '../../../shared/http/problem.js';
import { systemClock } from '../../../shared/time/clock.js';
import { localClient, scanAll } from '../../support/dynamo.js';

const ADMIN = { sub: 'admin-1', role: 'admin' };

function config(change: (c: SegmentationConfig) => void): SegmentationConfig {
  const copy = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
  change(copy);
  return copy;
}

const v1 = config((c) => {
  c.assets.highMinMinor = 80_000_000;
});
const v2 = config((c) => {
  c.assets.highMinMinor = 80_000_000;
  c.activity.highMinPerMonth = 12;
  c.lifecycle.dormantAfterDays = 150;
});

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The config store on its own pair of tables (the config's keys are fixed, so one per test). */
async function configHarness() {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-cfg-${randomUUID().slice(0, 8)}-`,
    capabilities: [activityCapability],
  });
  const tables = { table: created.tables.Activity ?? '', auditTable: created.tables.ActivityAudit ?? '' };
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  const store = new DynamoSegmentationConfigStore(db, tables, new LocalAuditSigner(randomBytes(32)));

  /** The configuration's audit chain, in `seq` order. */
  const auditTrail = async (): Promise<AuditRecord[]> => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tables.auditTable,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': SEGMENTATION_CONFIG_AUDIT_SUBJECT },
        ConsistentRead: true,
      }),
    );
    return Items.map(auditRecordFromItem);
  };
  /** Every raw item of both tables. */
  const everything = async () => ({
    items: await scanAll(db, tables.table),
    audit: await scanAll(db, tables.auditTable),
  });
  return { store, db, tables, auditTrail, everything };
}

describe('segmentation config on DynamoDB Local', () => {
  it('answers the defaults as version 0 when nothing was saved', async () => {
    // Prepare
    const h = await configHarness();

    // Act
    const view = await getConfig(h.store);

    // Assess
    expect(view).toEqual({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG });
  });

  it('saves v1 then v2: pointer, immutable version items and one audit record each', async () => {
    // Prepare
    const h = await configHarness();

    // Act
    const first = await putConfig(h.store, 0, v1, ADMIN, systemClock);
    const second = await putConfig(h.store, 1, v2, ADMIN, systemClock);

    // Assess
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await getConfig(h.store)).toMatchObject({ version: 2, config: v2, updatedBy: 'admin-1' });
    const versions = (await scanAll(h.db, h.tables.table)).filter((i) => String(i.sk).startsWith('VERSION#'));
    expect(versions.map((i) => [i.sk, i.config])).toEqual([
      ['VERSION#0000000001', v1],
      ['VERSION#0000000002', v2],
    ]);
    const trail = await h.auditTrail();
    expect(verifyChain(trail, { head: (await h.store.current())?.audit })).toEqual({
      valid: true,
      length: 2,
    });
    expect(trail.map((r) => [r.seq, r.action, r.actor, r.role, r.fields])).toEqual([
      [1, 'config.updated', 'admin-1', 'admin', ['assets']],
      [2, 'config.updated', 'admin-1', 'admin', ['activity', 'lifecycle']],
    ]);
  });

  it('refuses a stale expected version and writes nothing', async () => {
    // Prepare
    const h = await configHarness();
    await putConfig(h.store, 0, v1, ADMIN, systemClock);
    await putConfig(h.store, 1, v2, ADMIN, systemClock);
    const before = await h.everything();

    // Act
    const attempt = putConfig(
      h.store,
      1,
      config((c) => {
        c.currency = 'HKD';
      }),
      ADMIN,
      systemClock,
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await h.everything()).toEqual(before);
  });

  it('lets exactly one of five concurrent saves from the same version win', async () => {
    // Prepare
    const h = await configHarness();
    await putConfig(h.store, 0, v1, ADMIN, systemClock);
    const head = (await h.store.current())?.audit;
    const saves = [20, 21, 22, 23, 24].map((days) => {
      const audit = appendAuditRecord(head, {
        subject: SEGMENTATION_CONFIG_AUDIT_SUBJECT,
        at: new Date().toISOString(),
        actor: `admin-${days}`,
        role: 'admin',
        action: 'config.updated',
        fields: ['lifecycle'],
      });
      const stored = {
        version: 2,
        config: config((c) => {
          c.lifecycle.reactivatedDays = days;
        }),
        updatedAt: audit.at,
        updatedBy: audit.actor,
        audit: { seq: audit.seq, hash: audit.hash },
      };
      return { expectedVersion: 1, stored, audit };
    });

    // Act: straight to the store, so every save races on the conditions, not on a prior read.
    const outcomes = await Promise.all(saves.map((save) => h.store.save(save)));

    // Assess
    const winners = outcomes.flatMap((o) => (o.ok ? [o.stored] : []));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(4).fill({ ok: false, reason: 'version-conflict' }));
    const current = await h.store.current();
    expect(current).toEqual(winners[0]);
    const trail = await h.auditTrail();
    expect(verifyChain(trail, { head: current?.audit })).toEqual({ valid: true, length: 2 });
    expect(trail[1]?.actor).toBe(current?.updatedBy);
  });

  it('refuses all but one of concurrent PUTs through the service with 412', async () => {
    // Prepare
    const h = await configHarness();
    await putConfig(h.store, 0, v1, ADMIN, systemClock);

    // Act
    const attempts = await Promise.allSettled(
      [20, 21, 22].map((days) =>
        putConfig(
          h.store,
          1,
          config((c) => {
            c.lifecycle.reactivatedDays = days;
          }),
          ADMIN,
          systemClock,
        ),
      ),
    );

    // Assess
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(refused).toEqual([expect.any(PreconditionFailedError), expect.any(PreconditionFailedError)]);
    expect((await h.store.current())?.version).toBe(2);
  });
});
