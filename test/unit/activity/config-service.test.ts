import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import {
  cachedConfigSource,
  changedSections,
  getConfig,
  putConfig,
} from '../../../functions/activity/service/segmentation-config.js';
import { verifyChain } from '../../../shared/audit/index.js';
import { PreconditionFailedError, ValidationError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { InMemoryConfigStore } from './config-fake-store.js';

const ADMIN = { sub: 'admin-1', role: 'admin', requestId: 'req-1' };
const T0 = new Date('2026-03-02T01:00:00.000Z');

function config(change: (c: SegmentationConfig) => void = () => undefined): SegmentationConfig {
  const copy = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
  change(copy);
  return copy;
}

const higherAssets = config((c) => {
  c.assets.highMinMinor = 80_000_000;
});

describe('segmentation config service', () => {
  let store: InMemoryConfigStore;
  let clock: ControlledClock;
  beforeEach(() => {
    store = new InMemoryConfigStore();
    clock = new ControlledClock(T0);
  });

  it('answers the defaults as version 0 when nothing was saved', async () => {
    // Act
    const view = await getConfig(store);

    // Assess
    expect(view).toEqual({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG });
  });

  it('saves version 1 from the defaults, with who and when, and audits the changed section', async () => {
    // Act
    const saved = await putConfig(store, 0, higherAssets, ADMIN, clock);

    // Assess
    const expected = { version: 1, config: higherAssets, updatedAt: T0.toISOString(), updatedBy: 'admin-1' };
    expect(saved).toEqual(expected);
    expect(await getConfig(store)).toEqual(expected);
    expect(store.audit).toEqual([
      expect.objectContaining({
        subject: 'config#segmentation',
        seq: 1,
        action: 'config.updated',
        actor: 'admin-1',
        role: 'admin',
        requestId: 'req-1',
        fields: ['assets'],
        at: T0.toISOString(),
      }),
    ]);
  });

  it('chains the audit record of each new version onto the previous one', async () => {
    // Prepare
    await putConfig(store, 0, higherAssets, ADMIN, clock);
    const next = config((c) => {
      c.assets.highMinMinor = 80_000_000;
      c.composite.vipMinScore = 80;
      c.lifecycle.dormantAfterDays = 120;
    });

    // Act
    const saved = await putConfig(store, 1, next, ADMIN, clock);

    // Assess
    expect(saved.version).toBe(2);
    expect(store.audit.map((r) => r.fields)).toEqual([['assets'], ['composite', 'lifecycle']]);
    expect(verifyChain(store.audit, { head: store.pointer?.audit })).toEqual({ valid: true, length: 2 });
    expect(store.versions.get(1)?.config).toEqual(higherAssets);
  });

  it('refuses a stale expected version with 412 and writes nothing', async () => {
    // Prepare
    await putConfig(store, 0, higherAssets, ADMIN, clock);
    const before = store.snapshot();

    // Act
    const attempt = putConfig(
      store,
      0,
      config((c) => {
        c.currency = 'HKD';
      }),
      ADMIN,
      clock,
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(attempt).rejects.toMatchObject({
      status: 412,
      detail: expect.stringContaining('version 1'),
    });
    expect(store.snapshot()).toBe(before);
  });

  it('answers 412 when another save wins between the read and the write', async () => {
    // Prepare
    store.loseNextSave = true;

    // Act
    const attempt = putConfig(store, 0, higherAssets, ADMIN, clock);

    // Assess
    await expect(attempt).rejects.toMatchObject({ status: 412 });
    expect(store.pointer).toBeUndefined();
  });

  it('refuses an inconsistent configuration with 422 naming the field, and writes nothing', async () => {
    // Prepare
    const bad = config((c) => {
      c.assets.mediumMinMinor = c.assets.highMinMinor;
    });

    // Act
    const attempt = putConfig(store, 0, bad, ADMIN, clock);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'assets.mediumMinMinor', message: 'must be below highMinMinor' }],
    });
    expect(store.saves).toBe(0);
  });

  it('writes no new version for a configuration equal to the current one', async () => {
    // Prepare
    await putConfig(store, 0, higherAssets, ADMIN, clock);

    // Act
    const again = await putConfig(
      store,
      1,
      config((c) => {
        c.assets.highMinMinor = 80_000_000;
      }),
      ADMIN,
      clock,
    );

    // Assess
    expect(again.version).toBe(1);
    expect(store.saves).toBe(1);
    expect(store.audit).toHaveLength(1);
  });

  it('names every changed top-level section and only those', () => {
    // Act
    const sections = changedSections(
      DEFAULT_SEGMENTATION_CONFIG,
      config((c) => {
        c.currency = 'HKD';
        c.activity.countedTypes = ['deposit'];
      }),
    );

    // Assess
    expect(sections).toEqual(['currency', 'activity']);
  });
});

describe('cachedConfigSource', () => {
  let store: InMemoryConfigStore;
  let clock: ControlledClock;
  beforeEach(() => {
    store = new InMemoryConfigStore();
    clock = new ControlledClock(T0);
  });

  it('reuses one read within the TTL, then picks up a saved change', async () => {
    // Prepare
    const source = cachedConfigSource(store, { ttlMs: 60_000, clock });
    const first = await source.current();
    await putConfig(store, 0, higherAssets, ADMIN, clock);
    const readsAfterSave = store.reads;

    // Act
    clock.advance(59_999);
    const withinTtl = await source.current();
    clock.advance(1);
    const afterTtl = await source.current();

    // Assess
    expect(first).toEqual({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG });
    expect(withinTtl.version).toBe(0);
    expect(store.reads).toBe(readsAfterSave + 1);
    expect(afterTtl).toEqual({ version: 1, config: higherAssets });
  });

  it('shares one read between concurrent callers', async () => {
    // Prepare
    const source = cachedConfigSource(store, { clock });

    // Act
    const results = await Promise.all([source.current(), source.current(), source.current()]);

    // Assess
    expect(store.reads).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('does not cache a failed read', async () => {
    // Prepare
    const source = cachedConfigSource(store, { clock });
    store.failReads = true;
    await expect(source.current()).rejects.toThrow('read failed');
    store.failReads = false;

    // Act
    const result = await source.current();

    // Assess
    expect(result.version).toBe(0);
    expect(store.reads).toBe(2);
  });

  it('reads on every call with a TTL of 0', async () => {
    // Prepare
    const source = cachedConfigSource(store, { ttlMs: 0, clock });

    // Act
    await source.current();
    await source.current();

    // Assess
    expect(store.reads).toBe(2);
  });
});
