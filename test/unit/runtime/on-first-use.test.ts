import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../../shared/runtime/on-first-use.js';
import { YearsOnFirstRead } from '../../../shared/time/years-on-first-read.js';

describe('onFirstUse', () => {
  it('creates nothing until the first call, then shares one creation between every caller', async () => {
    let created = 0;
    const client = onFirstUse(async () => ({ id: ++created }));
    expect(created).toBe(0);

    const [first, second] = await Promise.all([client(), client()]);

    expect(created).toBe(1);
    expect(second).toBe(first);
    expect(await client()).toBe(first);
  });

  it('tries again after a failed creation instead of keeping the failure', async () => {
    let attempts = 0;
    const client = onFirstUse(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('the module could not be loaded');
      return 'client';
    });

    await expect(client()).rejects.toThrow('could not be loaded');
    expect(await client()).toBe('client');
    expect(attempts).toBe(2);
  });
});

describe('YearsOnFirstRead', () => {
  it('builds the years on the first read only, and reads like the map it builds', () => {
    let builds = 0;
    const year = {
      holidays: [{ name: 'National Day', from: '2026-10-01', to: '2026-10-07' }],
      makeUpWorkingDays: [],
    };
    const years = new YearsOnFirstRead(() => {
      builds += 1;
      return new Map([[2026, year]]);
    });
    expect(builds).toBe(0);

    expect(years.get(2026)).toBe(year);
    expect(years.has(2025)).toBe(false);
    expect(years.size).toBe(1);
    expect([...years]).toEqual([[2026, year]]);
    expect([...years.keys()]).toEqual([2026]);
    expect(new Map([...years, [2027, year]]).size).toBe(2);
    expect(builds).toBe(1);
  });
});
