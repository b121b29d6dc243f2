import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyBalance,
  applyHolding,
  applyTransaction,
  emptyAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { HoldingFacts } from '../../../functions/activity/domain/holdings.js';
import { transactionAmountCaps } from '../../../functions/activity/domain/settings.js';
import { type InboundEnvelope, ingestEvent } from '../../../functions/activity/service/ingest.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';

const now = new Date();
/** Ingested as of now, with the default clock skew for `postedAt`. */
const RULES = { now, postedAtSkewSeconds: 300, amountCaps: transactionAmountCaps({}) };
const hoursAgo = (h: number) => new Date(now.getTime() - h * 60 * 60 * 1000).toISOString();
let seq = 0;
let customerId = '';

function transaction(overrides: Record<string, unknown> = {}): InboundEnvelope {
  seq += 1;
  const detail = {
    transactionId: `txn-${seq}`,
    customerId,
    type: 'deposit',
    channel: 'mobile-banking',
    amount: 12_345,
    currency: 'CNY',
    status: 'success',
    postedAt: hoursAgo(2),
    ...overrides,
  };
  return {
    source: 'core-banking',
    detailType: 'TransactionPosted',
    id: `evt-${seq}`,
    time: hoursAgo(0),
    detail,
  };
}

function event(detailType: string, detail: Record<string, unknown>): InboundEnvelope {
  seq += 1;
  return {
    source: 'core-banking',
    detailType,
    id: `evt-${seq}`,
    time: hoursAgo(0),
    detail: { customerId, ...detail },
  };
}

type Facts = Parameters<typeof applyTransaction>[1];
const facts = (envelope: InboundEnvelope) => envelope.detail as Facts;

describe('activity ingestion, one event at a time', () => {
  let h: ActivityHarness;
  beforeAll(async () => {
    h = await activityHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    customerId = `cus_ING${seq}`;
    await h.register(customerId);
  });

  it('counts a redelivered transaction once and writes nothing for the duplicate', async () => {
    const tx = transaction();
    await expect(ingestEvent(h.store, tx, RULES)).resolves.toMatchObject({ outcome: 'accepted', writes: 1 });
    const before = await h.rawItems();
    const calls = h.calls.transactWrites;

    const again = await ingestEvent(h.store, { ...tx, id: 'evt-other-delivery' }, RULES);

    expect(again.outcome).toBe('duplicate');
    expect(await h.rawItems()).toEqual(before);
    expect(h.calls.transactWrites - calls).toBe(again.writes);
    expect(await h.store.getAggregate(customerId, now)).toEqual(
      applyTransaction(emptyAggregate(customerId), facts(tx), now),
    );
  });

  it('counts a transaction again under its final status after a review hold', async () => {
    const held = transaction({ status: 'pending-review', postedAt: hoursAgo(5) });
    const final = {
      ...transaction({ postedAt: hoursAgo(4) }),
      detail: { ...facts(held), postedAt: hoursAgo(4), status: 'success' },
    };

    await ingestEvent(h.store, held, RULES);
    const result = await ingestEvent(h.store, final, RULES);

    expect(result.outcome).toBe('accepted');
    const expected = applyTransaction(
      applyTransaction(emptyAggregate(customerId), facts(held), now),
      facts(final),
      now,
    );
    expect(await h.store.getAggregate(customerId, now)).toEqual(expected);
  });

  it('costs two writes for an earlier success arriving after a later one, and stays exact', async () => {
    const later = transaction({ postedAt: hoursAgo(1) });
    const earlier = transaction({ postedAt: hoursAgo(30), amount: 500, channel: 'atm' });

    await expect(ingestEvent(h.store, later, RULES)).resolves.toMatchObject({
      outcome: 'accepted',
      writes: 1,
    });
    const calls = h.calls.transactWrites;
    await expect(ingestEvent(h.store, earlier, RULES)).resolves.toMatchObject({
      outcome: 'accepted',
      writes: 2,
    });

    expect(h.calls.transactWrites - calls).toBe(2);
    const aggregate = await h.store.getAggregate(customerId, now);
    expect(aggregate.lastSuccessfulAt).toBe(new Date(hoursAgo(1)).toISOString());
    expect(aggregate).toEqual(
      applyTransaction(applyTransaction(emptyAggregate(customerId), facts(earlier), now), facts(later), now),
    );
  });

  it('counts 24 transactions racing on one month item exactly', async () => {
    const txs = Array.from({ length: 24 }, (_, i) =>
      transaction({
        postedAt: hoursAgo(1 + (i % 3)),
        amount: 100 + i,
        status: i % 4 === 0 ? 'failed' : 'success',
      }),
    );

    const results = await Promise.all(txs.map((tx) => ingestEvent(h.store, tx, RULES)));

    expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    const expected = txs.reduce(
      (agg, tx) => applyTransaction(agg, facts(tx), now),
      emptyAggregate(customerId),
    );
    expect(await h.store.getAggregate(customerId, now)).toEqual(expected);
  });

  it('keeps the latest balance of a month and the latest action on a product, whatever the order', async () => {
    const newer = event('BalanceSnapshot', {
      asOf: hoursAgo(3),
      aum: 900_000_00,
      deposits: 500_000_00,
      wealth: 400_000_00,
      loans: 0,
      currency: 'CNY',
    });
    const older = event('BalanceSnapshot', { ...(newer.detail as object), asOf: hoursAgo(5), aum: 1 });
    const opened = event('ProductHoldingChanged', {
      productId: 'WM-01',
      riskLevel: 'R2',
      action: 'opened',
      at: hoursAgo(48),
    });
    const closed = event('ProductHoldingChanged', {
      productId: 'WM-01',
      riskLevel: 'R2',
      action: 'closed',
      at: hoursAgo(6),
    });

    expect((await ingestEvent(h.store, newer, RULES)).outcome).toBe('accepted');
    expect((await ingestEvent(h.store, older, RULES)).outcome).toBe('stale');
    expect((await ingestEvent(h.store, newer, RULES)).outcome).toBe('stale');
    expect((await ingestEvent(h.store, closed, RULES)).outcome).toBe('accepted');
    expect((await ingestEvent(h.store, opened, RULES)).outcome).toBe('stale');

    const balances = [newer, older].map((e) => e.detail as BalanceFacts);
    const holdings = [closed, opened].map((e) => e.detail as HoldingFacts);
    const withBalances = balances.reduce((agg, b) => applyBalance(agg, b, now), emptyAggregate(customerId));
    const expected = holdings.reduce((agg, change) => applyHolding(agg, change), withBalances);
    expect(await h.store.getAggregate(customerId, now)).toEqual(expected);
  });

  it('writes nothing for a customer that is not registered, for every kind of event', async () => {
    // Prepare
    customerId = `cus_UNK${seq}`;
    const before = await h.rawItems();
    const events = [
      transaction(),
      event('BalanceSnapshot', {
        asOf: hoursAgo(1),
        aum: 100,
        deposits: 100,
        wealth: 0,
        loans: 0,
        currency: 'CNY',
      }),
      event('ProductHoldingChanged', {
        productId: 'WM-9',
        riskLevel: 'R2',
        action: 'opened',
        at: hoursAgo(1),
      }),
    ];

    // Act
    const results = [];
    for (const e of events) results.push(await ingestEvent(h.store, e, RULES));

    // Assess
    expect(results.map((r) => r.outcome)).toEqual([
      'unknown-customer',
      'unknown-customer',
      'unknown-customer',
    ]);
    expect(results.every((r) => r.customerId === customerId)).toBe(true);
    expect(await h.rawItems()).toEqual(before);
  });

  it('stores no account reference sent with a transaction', async () => {
    await ingestEvent(h.store, transaction({ accountRef: '6222021234567890' }), RULES);

    const raw = JSON.stringify(await h.rawItems());
    expect(raw).not.toContain('6222021234567890');
    expect(raw).not.toContain('accountRef');
  });
});

describe('activity ingestion of malformed events', () => {
  let h: ActivityHarness;
  beforeAll(async () => {
    h = await activityHarness();
    customerId = 'cus_BAD1';
    await h.register(customerId);
  });
  afterAll(() => h.close());

  it.each([
    ['an unknown field', { nickname: 'Zhang San' }, 'nickname'],
    ['a fractional amount', { amount: 12.5 }, 'amount'],
    ['a customer id of an unknown format', { customerId: '张三 110105' }, 'customerId'],
    ['an invalid instant', { postedAt: '2026-02-30T00:00:00Z' }, 'postedAt'],
  ])(
    'refuses %s with a reason that names the field, not the value, and writes nothing',
    async (_, overrides, path) => {
      const before = await h.rawItems();
      const error = await ingestEvent(h.store, transaction(overrides), RULES).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(UnprocessableEventError);
      const refused = error as UnprocessableEventError;
      expect(refused.code).toBe('EVENT_INVALID');
      expect(refused.reason).toContain(path);
      for (const value of Object.values(overrides)) expect(refused.message).not.toContain(String(value));
      expect(await h.rawItems()).toEqual(before);
    },
  );

  it('refuses a transaction posted beyond the clock skew ahead, naming postedAt and not the value, and writes nothing', async () => {
    const before = await h.rawItems();
    const postedAt = new Date(now.getTime() + 301_000).toISOString();
    const error = await ingestEvent(h.store, transaction({ postedAt }), RULES).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnprocessableEventError);
    const refused = error as UnprocessableEventError;
    expect(refused.code).toBe('EVENT_INVALID');
    expect(refused.reason).toBe('postedAt: lies more than 300 seconds in the future');
    expect(refused.message).not.toContain(postedAt.slice(0, 10));
    expect(await h.rawItems()).toEqual(before);
  });

  it('counts a transaction posted ahead of our clock within the skew', async () => {
    const atTheLimit = new Date(now.getTime() + 300_000).toISOString();

    const result = await ingestEvent(h.store, transaction({ postedAt: atTheLimit }), RULES);

    expect(result.outcome).toBe('accepted');
  });

  it('refuses an event type the capability does not ingest', async () => {
    const before = await h.rawItems();
    const error = await ingestEvent(h.store, { ...transaction(), source: 'crm.customers' }, RULES).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect((error as UnprocessableEventError).code).toBe('EVENT_UNSUPPORTED');
    expect(await h.rawItems()).toEqual(before);
  });
});
