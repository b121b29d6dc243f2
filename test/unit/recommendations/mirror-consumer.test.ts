import { describe, expect, it } from 'vitest';
import { CustomerSegmentChanged } from '../../../functions/activity/events.js';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import type { AnnouncedProduct } from '../../../functions/products/events.js';
import { emptyMirror, type MirrorRecord } from '../../../functions/recommendations/domain/facts-mirror.js';
import { consumeMirrorEvent, mirrorUpdateOf } from '../../../functions/recommendations/service/facts.js';
import type { MirrorStore } from '../../../functions/recommendations/store/mirror-store.js';
import type { EventDefinition, EventDetailInput } from '../../../shared/events/index.js';
import { REVISION_ATTEMPTS } from '../../../shared/mirror/apply-under-revision.js';
import { consumedEvent } from '../../support/consumed-event.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');

const consumed = <D extends EventDefinition>(definition: D, detail: EventDetailInput<D>) =>
  consumedEvent(definition, detail, NOW);

/** An in-memory mirror whose next `lostRaces` fact writes lose to another writer (which bumps the revision). */
class RacingMirror implements MirrorStore {
  readonly stored = new Map<string, MirrorRecord>();
  writes = 0;
  constructor(private lostRaces: number) {}

  async facts(customerId: string) {
    return this.stored.get(customerId);
  }

  async putFacts(facts: MirrorRecord, expectedRevision: number) {
    this.writes += 1;
    const current = this.stored.get(facts.customerId);
    if (this.lostRaces > 0) {
      this.lostRaces -= 1;
      // Another event about the customer landed first.
      this.stored.set(facts.customerId, {
        ...(current ?? emptyMirror(facts.customerId)),
        revision: (current?.revision ?? 0) + 1,
      });
      return false;
    }
    if ((current?.revision ?? 0) !== expectedRevision) return false;
    this.stored.set(facts.customerId, { ...facts, revision: expectedRevision + 1 });
    return true;
  }

  async putProduct(_product: AnnouncedProduct) {
    return true;
  }
}

const registration = consumed(CustomerRegistered, {
  customerId: 'cus_1',
  customerType: 'corporate',
  branch: 'BJ01',
  rmId: 'rm-7',
  onboardedAt: '2020-01-01T00:00:00.000Z',
  at: NOW.toISOString(),
});

describe('the mirror consumer', () => {
  it('applies the change again when another write to the facts came first', async () => {
    const mirror = new RacingMirror(2);

    await consumeMirrorEvent({ mirror }, registration);

    expect(mirror.writes).toBe(3);
    expect(mirror.stored.get('cus_1')).toMatchObject({ customerType: 'corporate', branch: 'BJ01' });
  });

  it(`fails the delivery (the platform retries it) after ${REVISION_ATTEMPTS} lost races`, async () => {
    const mirror = new RacingMirror(REVISION_ATTEMPTS);

    await expect(consumeMirrorEvent({ mirror }, registration)).rejects.toThrow(/kept changing/);
    expect(mirror.writes).toBe(REVISION_ATTEMPTS);
  });

  it('ignores a segment dimension it does not keep', () => {
    const event = consumed(CustomerSegmentChanged, {
      customerId: 'cus_1',
      dimension: 'activityTier',
      from: null,
      to: 'active',
      at: NOW.toISOString(),
    });

    expect(mirrorUpdateOf(event)).toEqual({ kind: 'ignored' });
  });

  it('reads a registration without suitability facts (an older producer) as none', () => {
    expect(mirrorUpdateOf(registration)).toEqual({
      kind: 'customer',
      customerId: 'cus_1',
      change: {
        kind: 'registered',
        customerType: 'corporate',
        branch: 'BJ01',
        rmId: 'rm-7',
        suitability: undefined,
      },
    });
  });
});
