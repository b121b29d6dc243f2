import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import { ACTIVITY_SOURCE } from '../../../functions/activity/events.js';
import { type ConsumeResult, consumeEvent } from '../../../functions/activity/service/consume.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import { expireParked, regradeDue } from '../../../functions/activity/service/housekeeping.js';
import { CUSTOMERS_SOURCE } from '../../../functions/customers/events.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';

const DAY = 86_400_000;
/** A dead-letter sink for runs that must send nothing. */
const noLetters = {
  send: async () => {
    throw new Error('No dead letter expected');
  },
};
let seq = 0;

/** A test's own world: clock, configuration and deps over one isolated table. */
function world(h: ActivityHarness, start = new Date()) {
  const clock = new ControlledClock(start);
  h.clock.use(clock);
  let config: { version: number; config: SegmentationConfig } = {
    version: 0,
    config: DEFAULT_SEGMENTATION_CONFIG,
  };
  const deps: IngestDeps = h.deps(clock, { config: { current: async () => config } });
  // The consumer, then the grader over what it requested (as the Grading queue runs it).
  const consume = async (event: ConsumedEvent): Promise<ConsumeResult> => {
    const result = await consumeEvent(deps, event);
    await h.gradings.drain(deps);
    return result;
  };
  const setConfig = (next: SegmentationConfig) => {
    config = { version: config.version + 1, config: next };
  };
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString();
  return { clock, deps, consume, setConfig, daysAgo };
}

function envelope(
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  time: string,
): ConsumedEvent {
  seq += 1;
  return { source, detailType, id: `evt-${seq}`, time, detail };
}

const registered = (customerId: string, at: string, onboardedAt: string, branch = 'BR01') =>
  envelope(
    CUSTOMERS_SOURCE,
    'CustomerRegistered',
    {
      eventId: `reg-${customerId}`,
      occurredAt: at,
      customerId,
      customerType: 'individual',
      branch,
      rmId: 'rm-1',
      onboardedAt,
      at,
    },
    at,
  );

const profileChanged = (
  customerId: string,
  version: number,
  branch: string,
  at: string,
  relationship = 'active',
) =>
  envelope(
    CUSTOMERS_SOURCE,
    'CustomerProfileChanged',
    {
      eventId: `chg-${customerId}-${version}`,
      occurredAt: at,
      customerId,
      version,
      changedFields: ['branch'],
      branch,
      rmId: 'rm-2',
      relationship,
      at,
    },
    at,
  );

const transaction = (customerId: string, postedAt: string, overrides: Record<string, unknown> = {}) =>
  envelope(
    'core-banking',
    'TransactionPosted',
    {
      transactionId: `txn-${seq + 1}`,
      customerId,
      type: 'deposit',
      channel: 'mobile-banking',
      amount: 10_000,
      currency: 'CNY',
      status: 'success',
      postedAt,
      ...overrides,
    },
    postedAt,
  );

const balance = (customerId: string, asOf: string, aum: number) =>
  envelope(
    'core-banking',
    'BalanceSnapshot',
    { customerId, asOf, aum, deposits: aum, wealth: 0, loans: 0, currency: 'CNY' },
    asOf,
  );

const credit = (customerId: string, grade: string, at: string) =>
  envelope('credit-risk', 'CreditRatingChanged', { customerId, grade, at }, at);

/** The CustomerSegmentChanged events in the outbox, per customer and dimension. */
async function segmentEvents(h: ActivityHarness, customerId: string) {
  const items = await h.outboxItems();
  return items
    .filter((item) => item.source === ACTIVITY_SOURCE && item.detailType === 'CustomerSegmentChanged')
    .map(
      (item) =>
        JSON.parse(String(item.detail)) as {
          customerId: string;
          dimension: string;
          from: string | null;
          to: string;
        },
    )
    .filter((detail) => detail.customerId === customerId);
}

describe('the activity consumer: facts, parking, grading and the segment summary', () => {
  let h: ActivityHarness;
  beforeAll(async () => {
    h = await activityHarness();
  });
  afterAll(() => h.close());

  it('parks activity for an unknown customer and applies it when the customer registers, grading it once', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_PARK1';
    const tx = transaction(id, w.daysAgo(2));

    // Act
    const parked = await w.consume(tx);
    const beforeRegistration = await h.grading.readCustomer(id, w.clock.now());
    const registration = await w.consume(registered(id, w.daysAgo(0), w.daysAgo(400)));

    // Assess
    expect(parked.outcome).toBe('parked');
    expect(beforeRegistration.facts).toBeUndefined();
    expect(beforeRegistration.segments).toBeUndefined();
    expect(registration.outcome).toBe('applied');
    const after = await h.grading.readCustomer(id, w.clock.now());
    expect(after.aggregate.lastSuccessfulAt).toBeDefined();
    expect(await h.grading.parkedFor(id)).toEqual([]);
    expect(after.segments?.state).toMatchObject({
      lifecycleStage: 'mature',
      status: 'active',
      assetTier: 'low',
      creditGrade: 'standard',
      complianceStatus: 'compliant',
      branch: 'BR01',
    });
    // The first grading reports every dimension, from null, once: history and events agree.
    const events = await segmentEvents(h, id);
    expect(events.map((e) => e.dimension).sort()).toEqual([
      'activityTier',
      'assetTier',
      'complianceStatus',
      'compositeGrade',
      'creditGrade',
      'lifecycleStage',
      'privateBanking',
      'status',
    ]);
    expect(events.every((e) => e.from === null)).toBe(true);
    const history = await h.grading.segmentHistory(id, 100);
    expect(history).toHaveLength(8);
  });

  it('changes nothing when the same events are delivered again', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_AGAIN1';
    const events = [
      registered(id, w.daysAgo(0), w.daysAgo(400)),
      transaction(id, w.daysAgo(1)),
      balance(id, w.daysAgo(1), 60_000_00),
    ];
    for (const event of events) await w.consume(event);
    const before = await h.rawItems();

    // Act
    const results = [];
    for (const event of events) results.push(await w.consume(event));

    // Assess
    expect(results.map((r) => r.outcome)).toEqual(['ignored', 'ignored', 'ignored']);
    expect(await h.rawItems()).toEqual(before);
  });

  it('regrades on a balance and a credit grade, ignoring an older grade delivered late', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_GRADE1';
    await w.consume(registered(id, w.daysAgo(0), w.daysAgo(800)));
    await w.consume(transaction(id, w.daysAgo(1)));

    // Act
    await w.consume(balance(id, w.daysAgo(1), 600_000_00));
    await w.consume(credit(id, 'prime', w.daysAgo(1)));
    const late = await w.consume(credit(id, 'risk', w.daysAgo(3)));

    // Assess
    expect(late.outcome).toBe('ignored');
    const { segments } = await h.grading.readCustomer(id, w.clock.now());
    expect(segments?.state).toMatchObject({ assetTier: 'high', creditGrade: 'prime' });
    const events = await segmentEvents(h, id);
    expect(events).toContainEqual(
      expect.objectContaining({ dimension: 'assetTier', from: 'low', to: 'high' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ dimension: 'creditGrade', from: 'standard', to: 'prime' }),
    );
  });

  it('does not believe a profile change that moves the customer to another branch: dead-lettered, mirror and summary unchanged', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_MOVE1';
    await w.consume(registered(id, w.daysAgo(0), w.daysAgo(800), 'BRX1'));
    const before = await h.grading.segmentSummary('BRX1');

    // Act
    const moved = w.consume(profileChanged(id, 3, 'BRX2', w.daysAgo(0)));

    // Assess
    await expect(moved).rejects.toMatchObject({ name: 'UnprocessableEventError', code: 'EVENT_INVALID' });
    const { facts } = await h.grading.readCustomer(id, w.clock.now());
    expect(facts).toMatchObject({ branch: 'BRX1', rmId: 'rm-1', profileVersion: 1 });
    expect(before[0]?.counts.lifecycleStage).toEqual({ dormant: 1 });
    expect(await h.grading.segmentSummary('BRX1')).toEqual(before);
    expect(await h.grading.segmentSummary('BRX2')).toEqual([]);
  });

  it('turns a customer dormant by the daily job, and reactivated by their next transaction', async () => {
    // Prepare: the last success 179 days ago.
    const w = world(h);
    const id = 'cus_DORM1';
    await w.consume(registered(id, w.daysAgo(0), w.daysAgo(900)));
    await w.consume(transaction(id, w.daysAgo(179)));
    const active = await h.grading.readCustomer(id, w.clock.now());

    // Act: two days on, the daily job runs; then the customer transacts again.
    w.clock.advance(2 * DAY);
    const run = await regradeDue(w.deps, () => true, new JobItems('regrade', noLetters));
    const dormant = await h.grading.readCustomer(id, w.clock.now());
    await w.consume(transaction(id, w.daysAgo(0)));
    const back = await h.grading.readCustomer(id, w.clock.now());

    // Assess
    expect(active.segments?.state.lifecycleStage).not.toBe('dormant');
    expect(run.complete).toBe(true);
    expect(run.regraded).toBeGreaterThanOrEqual(1);
    expect(dormant.segments?.state).toMatchObject({ lifecycleStage: 'dormant', status: 'inactive' });
    expect(back.segments?.state).toMatchObject({ lifecycleStage: 'reactivated', status: 'active' });
    expect(back.segments?.state.reactivatedAt).toBe(w.clock.now().toISOString());
  });

  it('applies a configuration change to the next grading', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_CONF1';
    await w.consume(registered(id, w.daysAgo(0), w.daysAgo(800)));
    await w.consume(balance(id, w.daysAgo(1), 40_000_00));
    const before = await h.grading.readCustomer(id, w.clock.now());

    // Act: medium from 30,000 CNY instead of 50,000.
    w.setConfig({
      ...DEFAULT_SEGMENTATION_CONFIG,
      assets: { ...DEFAULT_SEGMENTATION_CONFIG.assets, mediumMinMinor: 30_000_00 },
    });
    await w.consume(transaction(id, w.daysAgo(0)));
    const after = await h.grading.readCustomer(id, w.clock.now());

    // Assess
    expect(before.segments?.state).toMatchObject({ assetTier: 'low', configVersion: 0 });
    expect(after.segments?.state).toMatchObject({ assetTier: 'medium', configVersion: 1 });
  });

  it('keeps a redelivered event for an unknown customer once, as a duplicate, its first expiry standing', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_PARK2';
    const tx = transaction(id, w.daysAgo(1));

    // Act
    const first = await w.consume(tx);
    w.clock.advance(3_600_000);
    const again = await w.consume({ ...tx, id: 'evt-redelivered' });
    const parked = await h.grading.parkedFor(id);
    await w.consume(registered(id, w.daysAgo(0), w.daysAgo(400)));

    // Assess: kept once, then counted once when the customer registers.
    expect([first.outcome, again.outcome]).toEqual(['parked', 'already-parked']);
    expect(parked).toHaveLength(1);
    expect(parked[0]?.expiresAt).toBe(new Date(w.clock.now().getTime() + 71 * 3_600_000).toISOString());
    expect(await h.grading.parkedFor(id)).toEqual([]);
    const { aggregate } = await h.grading.readCustomer(id, w.clock.now());
    const counted = Object.values(aggregate.months).map((counters) => counters['success.count'] ?? 0);
    expect(counted.reduce((sum, count) => sum + count, 0)).toBe(1);
  });

  it('sends an event whose customer never registered to the DLQ after the parking time, and forgets it', async () => {
    // Prepare
    const w = world(h);
    const id = 'cus_NEVER1';
    const tx = transaction(id, w.daysAgo(1), { accountRef: '6222020000001234' });
    await w.consume(tx);
    const letters: DeadLetter[] = [];
    const sink = { send: async (letter: DeadLetter) => void letters.push(letter) };

    // Act
    const early = await expireParked(w.deps, sink, new JobItems('expire-parked', sink));
    w.clock.advance(73 * 3_600_000);
    const expired = await expireParked(w.deps, sink, new JobItems('expire-parked', sink));

    // Assess
    expect(early).toBe(0);
    expect(expired).toBe(1);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      code: 'CUSTOMER_UNKNOWN',
      event: { detailType: 'TransactionPosted' },
    });
    expect(letters[0]?.reason).not.toContain(id);
    // The account reference (C2) was never kept, so it cannot reach the DLQ either.
    expect(JSON.stringify(letters[0])).not.toContain('6222020000001234');
    expect(await h.grading.parkedFor(id)).toEqual([]);
  });

  it('refuses a malformed customers event with a reason naming the field, not the value', async () => {
    // Prepare
    const w = world(h);
    const bad = registered('cus_BAD9', w.daysAgo(0), 'yesterday');

    // Act
    const error = await w.consume(bad).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect((error as UnprocessableEventError).reason).toContain('onboardedAt');
    expect((error as UnprocessableEventError).reason).not.toContain('yesterday');
  });
});
