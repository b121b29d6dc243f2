import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivitySummaryChanged } from '../../../functions/activity/events.js';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import type { EventBridgeDelivery } from '../../../shared/lambda/event-bridge.js';
import { consumedEvent, deliveryOf } from '../../support/consumed-event.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
const DAY = 86_400_000;
const BURST = 12;

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW);
});
afterAll(() => harness.destroy());

/**
 * A customer onboarded a year ago (inactive: medium under the default model), then `BURST`
 * activity summaries, each newer than the one before; the last puts a transaction yesterday
 * (active again: low).
 */
function burstOf(customerId: string): EventBridgeDelivery[] {
  const registration = deliveryOf(
    consumedEvent(
      CustomerRegistered,
      {
        customerId,
        customerType: 'individual',
        branch: 'CO01',
        rmId: 'rm-7',
        onboardedAt: '2025-12-01T02:00:00.000Z',
        at: NOW.toISOString(),
      },
      NOW,
      `eb-${customerId}-0`,
    ),
  );
  const summaries = Array.from({ length: BURST }, (_, i) => {
    const at = new Date(NOW.getTime() + (i + 1) * 1000);
    const lastDay = new Date(NOW.getTime() - (BURST - i) * DAY).toISOString().slice(0, 10);
    return deliveryOf(
      consumedEvent(
        ActivitySummaryChanged,
        {
          customerId,
          lastTransactionDay: lastDay,
          months: [{ month: '2026-11', transactions: i + 1, aum: 5_000_000, outflows: 0 }],
          currency: 'CNY',
          at: at.toISOString(),
        },
        at,
        `eb-${customerId}-${i + 1}`,
      ),
    );
  });
  return [registration, ...summaries];
}

/** The risk item and the outbox events of a customer, without what names the customer. */
async function outcomeOf(customerId: string) {
  const risk = await harness.scoring.risk(customerId);
  const events = (await harness.itemsOf('OUTBOX#'))
    .map((item) => JSON.parse(String(item.detail)))
    .filter((detail) => detail.customerId === customerId)
    .map((detail) => ({ from: detail.from, level: detail.level }))
    // Written at the same controlled instant: the first score (from null) first.
    .sort((a, b) => String(a.from ?? '').localeCompare(String(b.from ?? '')));
  return { score: risk?.score.score, level: risk?.score.level, reasons: risk?.score.reasons, events };
}

describe('churn rescoring coalesced per customer on DynamoDB Local', () => {
  it('ends a burst of one customer’s events with the score of the last, from a few rescores instead of one per event', async () => {
    // One by one: each event's rescore done before the next event (one rescore per change).
    for (const event of burstOf('cus_co_spread')) await harness.deliverRaw(event);
    const spread = await outcomeOf('cus_co_spread');
    expect(spread).toMatchObject({
      level: 'low',
      events: [
        { from: null, level: 'medium' },
        { from: 'medium', level: 'low' },
      ],
    });

    // A burst: every event applied (four at a time, as EventBridge delivers concurrently; a
    // delivery that lost its revision race too often is delivered again, as the platform does),
    // the queue drained once after.
    const withRetries = async (event: EventBridgeDelivery) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await harness.consume(event);
        } catch (error) {
          if (attempt >= 10) throw error;
        }
      }
    };
    const rescoresBefore = harness.rescores.length;
    // The registration first, on its own: an event applied before it finds no registered
    // customer and requests nothing (the registration's request covers it), which would make the
    // count below depend on the interleaving.
    const [registration, ...summaries] = burstOf('cus_co_burst');
    if (registration === undefined) throw new Error('no registration in the burst');
    await withRetries(registration);
    for (let start = 0; start < summaries.length; start += 4) {
      await Promise.all(summaries.slice(start, start + 4).map(withRetries));
    }
    expect(harness.requests.keys().filter((key) => key === 'cus_co_burst').length).toBeGreaterThanOrEqual(
      BURST + 1,
    );
    await harness.drain();

    const rescores = harness.rescores.slice(rescoresBefore);
    expect(rescores).toEqual(['rescored']);
    const burst = await outcomeOf('cus_co_burst');
    // The same score as event by event, without the medium it passed through on the way.
    expect(burst).toEqual({ ...spread, events: [{ from: null, level: 'low' }] });
    const features = await harness.scoring.features('cus_co_burst');
    expect(await harness.scoring.risk('cus_co_burst')).toMatchObject({ scoredRevision: features?.revision });
    expect(harness.deadLetters).toEqual([]);
  });
});
