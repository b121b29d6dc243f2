import { describe, expect, it } from 'vitest';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import { cachedModelReader } from '../../../functions/retention/service/model.js';
import type { ChurnModelStore, StoredChurnModel } from '../../../functions/retention/service/ports.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { NOW } from './rescore-fakes.js';

/** A model store whose current version a test sets, counting the reads. */
function modelStore() {
  let current: StoredChurnModel | undefined;
  let reads = 0;
  const store: ChurnModelStore = {
    current: async () => {
      reads += 1;
      return current;
    },
    save: async () => ({ ok: false, reason: 'version-conflict' }),
  };
  return {
    store,
    reads: () => reads,
    saveVersion: (version: number) => {
      current = {
        model: { ...DEFAULT_CHURN_MODEL, version, intercept: -2 },
        updatedAt: NOW.toISOString(),
        updatedBy: 'admin-1',
        audit: { seq: version - 1, hash: 'a'.repeat(64) },
      };
    },
  };
}

describe('the model in force', () => {
  it('is the shipped default until a model is saved', async () => {
    const { store } = modelStore();
    const reader = cachedModelReader(store, { clock: new ControlledClock(NOW) });
    expect(await reader.current()).toEqual(DEFAULT_CHURN_MODEL);
  });

  it('applies a saved model within a minute: one read is reused for 60 s, then read again', async () => {
    const models = modelStore();
    const clock = new ControlledClock(NOW);
    const reader = cachedModelReader(models.store, { clock });
    await Promise.all([reader.current(), reader.current()]);
    models.saveVersion(2);

    clock.advance(59_999);
    expect((await reader.current()).version).toBe(1);
    clock.advance(1);
    expect((await reader.current()).version).toBe(2);
    expect(models.reads()).toBe(2);
  });
});
