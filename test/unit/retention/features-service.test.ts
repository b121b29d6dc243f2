import { describe, expect, it } from 'vitest';
import { ActivitySummaryChanged, CustomerSegmentChanged } from '../../../functions/activity/events.js';
import {
  ContactDeliveryFailed,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../../functions/customers/events.js';
import { consumeRetentionEvent, kpisOfChange } from '../../../functions/retention/service/features.js';
import { rescoreIfOwed } from '../../../functions/retention/service/rescore.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { NOW, quietFeatures, scoringWorld } from './rescore-fakes.js';

const ID = 'cus_features_1';

const registration = (onboardedAt = '2026-11-01T02:00:00.000Z', at = NOW) =>
  consumedEvent(
    CustomerRegistered,
    {
      customerId: ID,
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-7',
      onboardedAt,
      at: at.toISOString(),
    },
    at,
  );

const profile = (version: number, relationship: 'active' | 'closed', at: Date, rmId = 'rm-7') =>
  consumedEvent(
    CustomerProfileChanged,
    {
      customerId: ID,
      version,
      changedFields: ['relationship'],
      branch: 'BJ01',
      rmId,
      relationship,
      at: at.toISOString(),
    },
    at,
  );

type World = ReturnType<typeof scoringWorld>;

/** The event consumed, then the rescorer's next batch (what the queue would hand it). */
const consumeThenRescore = async (world: World, event: ConsumedEvent) => {
  await consumeRetentionEvent(world.deps, event);
  return world.rescoreBatch();
};

describe('the features consumer', () => {
  it('keeps a registration and counts the customer joined on the CST day of the event', async () => {
    const world = scoringWorld();
    // 2026-12-03T17:00Z is already 2026-12-04 in China Standard Time.
    const at = new Date('2026-12-03T17:00:00.000Z');
    await consumeRetentionEvent(world.deps, registration(undefined, at));

    const stored = world.scoring.featuresById.get(ID);
    expect(stored).toMatchObject({ erased: false, revision: 1, features: { branch: 'BJ01', rmId: 'rm-7' } });
    expect(world.scoring.kpis.get('BJ01#2026-12-04')).toEqual({ customersJoined: 1 });
  });

  it('requests the rescore: a customer who never transacted in 180 days is an alert once the rescorer ran', async () => {
    const world = scoringWorld({ baseline: 0.05 });

    await consumeRetentionEvent(world.deps, registration('2026-01-01T02:00:00.000Z'));
    expect(world.requests.requests).toEqual([{ key: ID, cause: 'eb-1' }]);
    expect(world.scoring.rescoreWrites).toBe(0);

    expect(await world.rescoreBatch()).toEqual({ [ID]: 'rescored' });
    expect(world.scoring.riskById.get(ID)?.score).toMatchObject({ level: 'medium', reasons: ['inactive'] });
    expect(world.scoring.outbox.map((event) => event.detail.level)).toEqual(['medium']);
    expect(world.opener.openings).toHaveLength(1);
  });

  it('rescores a burst of one customer once: every event applied and requested, one rescore from the latest features', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    await consumeThenRescore(world, registration());
    const writes = world.scoring.rescoreWrites;

    for (const version of [2, 3, 4, 5]) {
      await consumeRetentionEvent(
        world.deps,
        // The last one also moves the customer to another RM: a change the stored risk shows.
        version === 5
          ? profile(version, 'closed', new Date(NOW.getTime() + version), 'rm-9')
          : profile(version, 'active', new Date(NOW.getTime() + version)),
      );
    }

    expect(world.requests.requests).toHaveLength(5);
    expect(await world.rescoreBatch()).toEqual({ [ID]: 'rescored' });
    expect(world.scoring.rescoreWrites).toBe(writes + 1);
    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(world.scoring.featuresById.get(ID)?.revision);
    expect(world.scoring.featuresById.get(ID)?.features.relationship).toBe('closed');
    expect(world.scoring.riskById.get(ID)?.rmId).toBe('rm-9');
  });

  it('counts a relationship closed once, however often the event is delivered', async () => {
    const world = scoringWorld();
    await consumeRetentionEvent(world.deps, registration());
    const closed = profile(2, 'closed', NOW);

    await consumeRetentionEvent(world.deps, closed);
    await consumeRetentionEvent(world.deps, closed);
    // An older profile change arriving late does not reopen it.
    await consumeRetentionEvent(world.deps, profile(1, 'active', new Date(NOW.getTime() - 60_000)));

    expect(world.scoring.featuresById.get(ID)?.features.relationship).toBe('closed');
    expect(world.scoring.kpis.get('BJ01#2026-12-04')).toEqual({ customersJoined: 1, customersChurned: 1 });
  });

  it('erases: a tombstone, the risk and its level count gone, the history purged, nothing applied after', async () => {
    const world = scoringWorld({ baseline: 0.5 });
    await consumeThenRescore(world, registration());
    expect(world.scoring.levelCounts('BJ01').medium).toBe(1);
    const erased = consumedEvent(CustomerErased, { customerId: ID, at: NOW.toISOString() }, NOW);

    await consumeRetentionEvent(world.deps, erased);

    expect(world.scoring.featuresById.get(ID)).toMatchObject({ erased: true, revision: 2 });
    expect(world.scoring.riskById.has(ID)).toBe(false);
    expect(world.scoring.historyById.has(ID)).toBe(false);
    expect(world.scoring.levelCounts('BJ01')).toEqual({ low: 0, medium: 0, high: 0 });

    await consumeRetentionEvent(
      world.deps,
      consumedEvent(
        ContactDeliveryFailed,
        {
          contactId: 'con_1',
          customerId: ID,
          channel: 'sms',
          reason: 'bounced',
          contactPointFailed: true,
          at: NOW.toISOString(),
        },
        NOW,
      ),
    );
    await consumeRetentionEvent(world.deps, erased); // a redelivery purges again, changes nothing
    expect(world.scoring.featuresById.get(ID)).toMatchObject({ erased: true, revision: 2 });
    // The registration and the contact failure requested; neither erasure did. The rescorer
    // scores no one after the tombstone.
    expect(world.requests.requests).toHaveLength(2);
    expect(await world.rescoreBatch()).toEqual({ [ID]: 'unscored' });
    expect(world.scoring.riskById.has(ID)).toBe(false);
  });

  it('keeps the events of a customer not registered yet, scoring them only once registered', async () => {
    const world = scoringWorld();
    await consumeRetentionEvent(
      world.deps,
      consumedEvent(
        ActivitySummaryChanged,
        {
          customerId: ID,
          lastTransactionDay: '2026-11-30',
          months: [],
          currency: 'CNY',
          at: NOW.toISOString(),
        },
        NOW,
      ),
    );
    expect(world.scoring.featuresById.get(ID)?.features.branch).toBe('');
    expect(world.requests.requests).toEqual([]);

    await consumeThenRescore(world, registration());
    expect(world.scoring.riskById.get(ID)?.branch).toBe('BJ01');
    expect(world.scoring.featuresById.get(ID)?.features.activity?.lastTransactionDay).toBe('2026-11-30');
  });

  it('hands the case events to the case service and refuses what it does not take', async () => {
    const world = scoringWorld();
    const offer: ConsumedEvent = {
      source: 'crm.recommendations',
      detailType: 'RecommendationMade',
      id: 'eb-1',
      time: NOW.toISOString(),
      detail: {},
    };
    await consumeRetentionEvent(world.deps, offer);
    expect(world.caseEvents).toEqual(['RecommendationMade']);

    const other: ConsumedEvent = { ...offer, source: 'crm.products', detailType: 'ProductChanged' };
    await expect(consumeRetentionEvent(world.deps, other)).rejects.toMatchObject({
      code: 'EVENT_UNSUPPORTED',
    });

    const malformed: ConsumedEvent = { ...registration(), detail: { customerId: ID } };
    const error = await consumeRetentionEvent(world.deps, malformed).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect(error).toMatchObject({ code: 'EVENT_INVALID' });
    expect(world.scoring.featuresById.size).toBe(0);
  });
});

const segment = (dimension: 'assetTier' | 'lifecycleStage', to: string, at = NOW) =>
  consumedEvent(
    CustomerSegmentChanged,
    { customerId: ID, dimension, from: null, to, at: at.toISOString() },
    at,
  );

describe('the rescore after an event that changed nothing', () => {
  it('is requested again for a repeated event, an older one or a segment change of another dimension, and writes nothing', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    await consumeThenRescore(world, registration());
    await consumeThenRescore(world, profile(2, 'active', NOW, 'rm-9'));
    expect(world.scoring.rescoreWrites).toBe(2);
    const risk = world.scoring.riskById.get(ID);
    const requested = world.requests.requests.length;

    await consumeRetentionEvent(world.deps, registration());
    await consumeRetentionEvent(world.deps, profile(2, 'active', NOW, 'rm-9'));
    await consumeRetentionEvent(world.deps, profile(1, 'active', new Date(NOW.getTime() - 60_000)));
    await consumeRetentionEvent(world.deps, segment('assetTier', 'mass'));

    expect(world.requests.requests).toHaveLength(requested + 4);
    expect(await world.rescoreBatch()).toEqual({ [ID]: 'current' });
    expect(world.scoring.rescoreWrites).toBe(2);
    expect(world.scoring.riskById.get(ID)).toEqual(risk);
    expect(world.scoring.outbox).toHaveLength(1);
    expect(world.opener.openings).toHaveLength(1);
  });

  it('still scores the lifecycle stage a segment change carries', async () => {
    const world = scoringWorld();
    await consumeThenRescore(world, registration());

    await consumeThenRescore(world, segment('lifecycleStage', 'dormant'));

    expect(world.scoring.rescoreWrites).toBe(2);
    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(2);
  });

  it('scores on the retry of a delivery whose request failed after its features were written', async () => {
    const world = scoringWorld({ baseline: 0.45 });
    await consumeThenRescore(world, registration());
    const closed = profile(2, 'closed', NOW, 'rm-9');
    world.requests.failNext(new Error('The queue is unavailable'));
    await expect(consumeRetentionEvent(world.deps, closed)).rejects.toThrow('unavailable');
    expect(world.scoring.featuresById.get(ID)?.revision).toBe(2);
    expect(await world.rescoreBatch()).toEqual({});
    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(1);

    await consumeThenRescore(world, closed); // the retry: the features are already there

    expect(world.scoring.riskById.get(ID)?.scoredRevision).toBe(2);
    expect(world.scoring.rescoreWrites).toBe(2);
  });

  it('leaves a failed rescore owed: the request handed out again scores the customer', async () => {
    const world = scoringWorld();
    await consumeRetentionEvent(world.deps, registration());
    world.scoring.beforeRescoreWrite = () => {
      world.scoring.beforeRescoreWrite = undefined;
      throw new Error('The table is unavailable');
    };
    await expect(world.rescoreBatch()).rejects.toThrow('unavailable');
    expect(world.scoring.riskById.has(ID)).toBe(false);

    // The queue hands the same request out again (the batch reported it failed).
    expect(await rescoreIfOwed(world.deps, ID)).toBe('rescored');

    expect(world.scoring.riskById.get(ID)?.branch).toBe('BJ01');
  });

  it('tries a pending alert again on any request, until its case is asked for, then writes nothing', async () => {
    const world = scoringWorld({ baseline: 0.75 });
    world.opener.failNext = true;
    await consumeRetentionEvent(world.deps, registration());
    await expect(world.rescoreBatch()).rejects.toThrow('unavailable');
    expect(world.scoring.riskById.get(ID)?.pendingAlertAt).toBe(NOW.toISOString());

    await consumeThenRescore(world, segment('assetTier', 'mass'));

    expect(world.opener.openings).toHaveLength(1);
    expect(world.opener.openings[0]?.at).toBe(NOW.toISOString());
    expect(world.scoring.riskById.get(ID)?.pendingAlertAt).toBeUndefined();
    const writes = world.scoring.rescoreWrites;

    expect(await consumeThenRescore(world, segment('assetTier', 'mass'))).toEqual({ [ID]: 'current' });
    expect(world.scoring.rescoreWrites).toBe(writes);
    expect(world.opener.openings).toHaveLength(1);
  });
});

describe('the KPI counts of a change', () => {
  it('counts joined at the registration and churned on active → closed only', () => {
    const registered = quietFeatures(ID);
    const unregistered = { ...registered, registeredAt: undefined };
    const at = NOW.toISOString();
    expect(kpisOfChange(unregistered, registered, at)?.increments).toEqual({ customersJoined: 1 });
    expect(kpisOfChange(registered, registered, at)).toBeUndefined();
    expect(kpisOfChange(registered, { ...registered, relationship: 'closed' }, at)?.increments).toEqual({
      customersChurned: 1,
    });
    const closed = { ...registered, relationship: 'closed' as const };
    expect(kpisOfChange(closed, closed, at)).toBeUndefined();
  });
});
