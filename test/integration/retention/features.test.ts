import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivitySummaryChanged, CustomerSegmentChanged } from '../../../functions/activity/events.js';
import {
  ComplaintClosed,
  ComplaintReceived,
  ComplaintSlaBreached,
} from '../../../functions/complaints/events.js';
import {
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../../functions/customers/events.js';
import { SurveyAnswered } from '../../../functions/engagement/events.js';
import { ProductHoldingChanged } from '../../../shared/events/external.js';
import type { EventDefinition, EventDetailInput } from '../../../shared/events/index.js';
import type { EventBridgeDelivery } from '../../../shared/lambda/event-bridge.js';
import { consumedEvent, deliveryOf } from '../../support/consumed-event.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
const at = (iso: string) => new Date(iso);

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW);
});
afterAll(() => harness.destroy());

/** One customer's history of events, each built once with its own time (as its source sent it). */
function historyOf(customerId: string): EventBridgeDelivery[] {
  let n = 0;
  const event = <D extends EventDefinition>(definition: D, detail: EventDetailInput<D>, time: Date) => {
    n += 1;
    return deliveryOf(consumedEvent(definition, detail, time, `eb-${customerId}-${n}`));
  };
  const scope = { customerId, branch: 'BJ01' };
  return [
    event(
      CustomerRegistered,
      {
        ...scope,
        customerType: 'individual',
        rmId: 'rm-7',
        onboardedAt: '2025-01-02T02:00:00.000Z',
        at: '2026-01-05T02:00:00.000Z',
      },
      at('2026-01-05T02:00:00.000Z'),
    ),
    event(
      CustomerProfileChanged,
      {
        ...scope,
        version: 2,
        changedFields: ['rmId'],
        rmId: 'rm-9',
        relationship: 'active',
        at: '2026-06-01T02:00:00.000Z',
      },
      at('2026-06-01T02:00:00.000Z'),
    ),
    event(
      ActivitySummaryChanged,
      {
        customerId,
        lastTransactionDay: '2026-09-30',
        months: [{ month: '2026-09', transactions: 9, aum: 900_000, outflows: 0 }],
        currency: 'CNY',
        at: '2026-10-01T02:00:00.000Z',
      },
      at('2026-10-01T02:00:00.000Z'),
    ),
    event(
      ActivitySummaryChanged,
      {
        customerId,
        lastTransactionDay: '2026-10-20',
        months: [{ month: '2026-10', transactions: 2, aum: 500_000, outflows: 300_000 }],
        currency: 'CNY',
        at: '2026-11-01T02:00:00.000Z',
      },
      at('2026-11-01T02:00:00.000Z'),
    ),
    event(
      CustomerSegmentChanged,
      { customerId, dimension: 'lifecycleStage', from: null, to: 'mature', at: '2026-03-01T02:00:00.000Z' },
      at('2026-03-01T02:00:00.000Z'),
    ),
    event(
      CustomerSegmentChanged,
      {
        customerId,
        dimension: 'lifecycleStage',
        from: 'mature',
        to: 'declining',
        at: '2026-11-01T02:00:00.000Z',
      },
      at('2026-11-01T02:00:00.000Z'),
    ),
    event(
      ComplaintReceived,
      {
        ...scope,
        complaintId: 'cmp_1',
        queue: 'q-1',
        channel: 'phone',
        category: 'service-attitude',
        priority: 'normal',
        receivedAt: '2026-11-02T02:00:00.000Z',
        repeat: false,
      },
      at('2026-11-02T02:00:00.000Z'),
    ),
    event(
      ComplaintSlaBreached,
      {
        ...scope,
        complaintId: 'cmp_1',
        deadline: 'acknowledge',
        due: '2026-11-03T02:00:00.000Z',
      },
      at('2026-11-03T02:00:00.000Z'),
    ),
    event(
      ComplaintClosed,
      {
        ...scope,
        complaintId: 'cmp_1',
        rootCause: 'process',
        outcome: 'upheld',
        channel: 'phone',
        category: 'service-attitude',
      },
      at('2026-11-10T02:00:00.000Z'),
    ),
    event(
      SurveyAnswered,
      {
        surveyId: `srv_${customerId}_1`,
        ...scope,
        trigger: 'complaint-closed',
        csat: 4,
        nps: 8,
        unresolved: false,
        hasText: false,
        at: '2026-06-01T02:00:00.000Z',
      },
      at('2026-06-01T02:00:00.000Z'),
    ),
    event(
      SurveyAnswered,
      {
        surveyId: `srv_${customerId}_2`,
        ...scope,
        trigger: 'complaint-closed',
        csat: 2,
        nps: 3,
        unresolved: true,
        hasText: false,
        at: '2026-11-12T02:00:00.000Z',
      },
      at('2026-11-12T02:00:00.000Z'),
    ),
    event(
      ProductHoldingChanged,
      { customerId, productId: 'prd_1', riskLevel: 'R2', action: 'opened', at: '2026-02-01T02:00:00.000Z' },
      at('2026-02-01T02:00:00.000Z'),
    ),
    event(
      ProductHoldingChanged,
      { customerId, productId: 'prd_1', riskLevel: 'R2', action: 'matured', at: '2026-09-01T02:00:00.000Z' },
      at('2026-09-01T02:00:00.000Z'),
    ),
    event(
      ContactDeliveryFailed,
      {
        contactId: `con_${customerId}_1`,
        customerId,
        channel: 'email',
        reason: 'bounced',
        contactPointFailed: true,
        at: '2026-10-01T02:00:00.000Z',
      },
      at('2026-10-01T02:00:00.000Z'),
    ),
    event(
      ContactDelivered,
      {
        contactId: `con_${customerId}_2`,
        customerId,
        channel: 'email',
        provider: 'ses',
        at: '2026-10-05T02:00:00.000Z',
      },
      at('2026-10-05T02:00:00.000Z'),
    ),
    event(
      ContactDeliveryFailed,
      {
        contactId: `con_${customerId}_3`,
        customerId,
        channel: 'sms',
        reason: 'failed',
        contactPointFailed: true,
        at: '2026-11-05T02:00:00.000Z',
      },
      at('2026-11-05T02:00:00.000Z'),
    ),
  ];
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The stored features without the id (which differs between the customers compared). */
async function featuresOf(customerId: string) {
  const stored = await harness.scoring.features(customerId);
  const { customerId: _id, ...features } = stored?.features ?? { customerId };
  return features;
}

describe('features from events on DynamoDB Local', () => {
  it('keeps the same features whatever order the events arrive in, and again after every event is repeated', async () => {
    for (const event of historyOf('cus_feat_inorder')) await harness.deliverRaw(event);
    const expected = await featuresOf('cus_feat_inorder');
    expect(expected).toMatchObject({
      branch: 'BJ01',
      rmId: 'rm-9',
      relationship: 'active',
      registeredAt: '2025-01-02T02:00:00.000Z',
      lifecycleStage: 'declining',
      activity: { lastTransactionDay: '2026-10-20' },
      complaints: {
        open: [],
        lastClosedAt: '2026-11-10T02:00:00.000Z',
        lastBreachAt: '2026-11-03T02:00:00.000Z',
      },
      survey: { csat: 2, nps: 3 },
      holdings: { lastOpenedAt: '2026-02-01T02:00:00.000Z', lastMaturedAt: '2026-09-01T02:00:00.000Z' },
      failedChannels: ['sms'],
    });

    for (const seed of [11, 23, 37]) {
      const customerId = `cus_feat_shuffled_${seed}`;
      const events = shuffled(historyOf(customerId), seed);
      for (const event of events) await harness.deliverRaw(event);
      expect(await featuresOf(customerId), `seed ${seed}`).toEqual(expected);
      for (const event of shuffled(events, seed + 1)) await harness.deliverRaw(event);
      expect(await featuresOf(customerId), `seed ${seed}, repeated`).toEqual(expected);
    }
    expect(harness.deadLetters).toEqual([]);
  });

  it('applies events about one customer delivered in bursts at once: each lands under the revision or is retried, none is lost', async () => {
    const customerId = 'cus_feat_concurrent';
    // What the platform does with a delivery that failed for a transient reason (a record that
    // kept changing): it delivers it again.
    const withRetries = async (event: EventBridgeDelivery) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await harness.deliverRaw(event);
        } catch (error) {
          if (attempt >= 10) throw error;
        }
      }
    };
    for (const event of historyOf('cus_feat_sequential')) await harness.deliverRaw(event);
    // Bursts of four events about the customer at once (a busy day), one burst after another.
    const events = historyOf(customerId);
    for (let start = 0; start < events.length; start += 4) {
      await Promise.all(events.slice(start, start + 4).map(withRetries));
    }

    expect(await featuresOf(customerId)).toEqual(await featuresOf('cus_feat_sequential'));
    expect(harness.deadLetters).toEqual([]);
  });

  it('writes no rescore for repeated events or a segment change of another dimension', async () => {
    const customerId = 'cus_feat_unchanged';
    const events = historyOf(customerId);
    for (const event of events) await harness.deliverRaw(event);
    const before = await harness.itemsOf(`CUSTOMER#${customerId}`);
    const outboxBefore = (await harness.itemsOf('OUTBOX#')).length;
    expect(before.find((item) => item.sk === 'RISK')).toMatchObject({ scoredRevision: expect.any(Number) });

    for (const event of events) await harness.deliverRaw(event);
    await harness.deliver(
      CustomerSegmentChanged,
      { customerId, dimension: 'assetTier', from: 'mass', to: 'affluent', at: NOW.toISOString() },
      NOW,
    );

    expect(await harness.itemsOf(`CUSTOMER#${customerId}`)).toEqual(before);
    expect((await harness.itemsOf('OUTBOX#')).length).toBe(outboxBefore);
    expect(harness.deadLetters).toEqual([]);
  });

  it('erases: a tombstone with nothing but the id, no risk, no history, the level count taken off; nothing after it', async () => {
    const customerId = 'cus_feat_erased';
    for (const event of historyOf(customerId).slice(0, 4)) await harness.deliverRaw(event);
    const scored = await harness.scoring.risk(customerId);
    expect(scored).toBeDefined();
    const level = scored?.score.level ?? 'low';
    const countBefore = (await harness.itemsOf('LEVELS#BJ01'))[0]?.[level];
    expect(
      (await harness.itemsOf(`CUSTOMER#${customerId}`)).some((item) =>
        String(item.sk).startsWith('HISTORY#'),
      ),
    ).toBe(true);

    const erased = await harness.deliver(CustomerErased, { customerId, at: NOW.toISOString() }, NOW);
    for (const event of historyOf(customerId).slice(4)) await harness.deliverRaw(event);
    await harness.deliverRaw(erased);

    const left = await harness.itemsOf(`CUSTOMER#${customerId}`);
    expect(left.map((item) => item.sk)).toEqual(['FEATURES']);
    expect(Object.keys(left[0] ?? {}).sort()).toEqual([
      'customerId',
      'entityType',
      'erased',
      'listKey',
      'pk',
      'revision',
      'sk',
    ]);
    expect(left[0]?.erased).toBe(true);
    expect((await harness.itemsOf('LEVELS#BJ01'))[0]?.[level]).toBe(Number(countBefore) - 1);
    expect(await harness.deps.scoring.features(customerId)).toMatchObject({ erased: true });
  });
});
