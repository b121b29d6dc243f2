import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CachingKeyProvider } from '../../../shared/crypto/data-key-cache.js';
import { DecryptionFailedError } from '../../../shared/crypto/errors.js';
import { LocalKeyProvider } from '../../../shared/crypto/local-key-provider.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const context = { recordType: 'customer', recordId: 'cus_01' };

function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const time = new ControlledClock(new Date('2026-03-02T08:00:00Z'));
  const inner = new LocalKeyProvider(randomBytes(32));
  return { time, inner, cache: new CachingKeyProvider(inner, { ...options, clock: time }) };
}

describe('CachingKeyProvider', () => {
  it('serves a second open within the TTL without a provider call, and calls again after it', async () => {
    const { time, inner, cache } = setup({ ttlMs: 60_000 });
    const { ciphertext, plaintext } = await inner.generateDataKey(context);

    expect(await cache.decryptDataKey(ciphertext, context)).toEqual(plaintext);
    time.advance(59_999);
    expect(await cache.decryptDataKey(ciphertext, context)).toEqual(plaintext);
    expect(cache.callCount).toBe(2); // generate + first decrypt

    time.advance(1);
    expect(await cache.decryptDataKey(ciphertext, context)).toEqual(plaintext);
    expect(cache.callCount).toBe(3);
  });

  it('caches a newly generated key: create then read costs one provider call', async () => {
    const { cache } = setup();

    const generated = await cache.generateDataKey(context);
    const opened = await cache.decryptDataKey(generated.ciphertext, context);

    expect(opened).toEqual(generated.plaintext);
    expect(cache.callCount).toBe(1);
  });

  it('never serves a cached key for a different context', async () => {
    const { cache } = setup();
    const { ciphertext } = await cache.generateDataKey(context);

    await expect(cache.decryptDataKey(ciphertext, { ...context, recordId: 'cus_02' })).rejects.toThrow(
      DecryptionFailedError,
    );
    expect(cache.callCount).toBe(2);
  });

  it('evicts the oldest entry beyond maxEntries', async () => {
    const { cache } = setup({ maxEntries: 2 });
    const first = await cache.generateDataKey({ recordType: 'customer', recordId: 'a' });
    await cache.generateDataKey({ recordType: 'customer', recordId: 'b' });
    const third = await cache.generateDataKey({ recordType: 'customer', recordId: 'c' });

    await cache.decryptDataKey(third.ciphertext, { recordType: 'customer', recordId: 'c' });
    expect(cache.callCount).toBe(3);
    await cache.decryptDataKey(first.ciphertext, { recordType: 'customer', recordId: 'a' });
    expect(cache.callCount).toBe(4);
    expect(cache.size).toBe(2);
  });

  it('shares one provider call between concurrent opens of the same key', async () => {
    const { inner, cache } = setup();
    const { ciphertext } = await inner.generateDataKey(context);

    await Promise.all([cache.decryptDataKey(ciphertext, context), cache.decryptDataKey(ciphertext, context)]);

    expect(cache.callCount).toBe(2);
  });

  it('hands out copies, so a caller wiping its key does not poison the cache', async () => {
    const { cache } = setup();
    const generated = await cache.generateDataKey(context);
    const expected = Uint8Array.from(generated.plaintext);

    (await cache.decryptDataKey(generated.ciphertext, context)).fill(0);
    generated.plaintext.fill(0);

    expect(await cache.decryptDataKey(generated.ciphertext, context)).toEqual(expected);
  });
});
