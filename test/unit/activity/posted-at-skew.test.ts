import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { activityApi } from '../../../functions/activity/api/route-handlers.js';
import {
  DEFAULT_POSTED_AT_SKEW_SECONDS,
  postedAtSkewSeconds,
} from '../../../functions/activity/domain/settings.js';
import { activityPolicy } from '../../../functions/activity/policy.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { type EventBridgeDelivery, eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';
import { tx } from './fixtures.js';
import { inMemoryActivityDeps } from './grading-fakes.js';

/** 10 June 2026, 10:00 in Beijing: the activity functions' clock. */
const NOW = new Date('2026-06-10T02:00:00.000Z');
const CUSTOMER = 'cus_01KDVDNA00AAAAAAAAAAAAAAAA';
/** The default skew is 5 minutes: one second past it is refused, the limit itself is not. */
const TOO_FAR = '2026-06-10T02:05:01.000Z';
const AT_THE_LIMIT = '2026-06-10T02:05:00.000Z';

function world() {
  const built = inMemoryActivityDeps(new ControlledClock(NOW));
  built.grading.register({
    customerId: CUSTOMER,
    customerType: 'individual',
    branch: '0101',
    rmId: 'rm-7',
    onboardedAt: '2024-01-10T02:00:00.000Z',
    relationship: 'active',
    profileVersion: 1,
  });
  return built;
}

const posted = (transactionId: string, postedAt: string) =>
  tx({ transactionId, customerId: CUSTOMER, postedAt });

describe('a transaction posted in the future beyond the clock skew', () => {
  let quiet: MockInstance[];
  beforeEach(() => {
    // The handlers log every rejection; keep the run readable.
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('is dead-lettered from the bus with EVENT_INVALID and a reason naming postedAt, never the value', async () => {
    // Prepare: the consumer's processing behind EventBridge's handler, with a recording sink.
    const { deps, grading } = world();
    const sent: DeadLetter[] = [];
    const handler = eventBridgeHandler((event) => consumeEvent(deps, event).then(() => undefined), {
      deadLetters: { send: async (letter) => void sent.push(letter) },
    });
    const delivery: EventBridgeDelivery = {
      id: 'evt-future-1',
      source: 'core-banking',
      'detail-type': 'TransactionPosted',
      time: NOW.toISOString(),
      detail: posted('txn-future-1', TOO_FAR),
    };

    // Act
    await handler(delivery, lambdaContext('ActivityConsumer'));

    // Assess
    expect(sent).toEqual([
      {
        code: 'EVENT_INVALID',
        reason: 'postedAt: lies more than 300 seconds in the future',
        fields: ['postedAt'],
        event: {
          id: 'evt-future-1',
          source: 'core-banking',
          detailType: 'TransactionPosted',
          time: NOW.toISOString(),
        },
      },
    ]);
    expect(sent[0]?.reason).not.toContain('2026');
    expect(grading.activity.writes).toBe(0);
    expect(grading.parked.size).toBe(0);
  });

  it('is an item rejected with its reason in a batch, the others counted', async () => {
    // Prepare
    const { deps, grading } = world();
    const api = createHttpApi(activityApi(deps), { policy: activityPolicy });

    // Act
    const response = await api(
      httpEvent({
        method: 'POST',
        path: '/v1/transactions/batch',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          transactions: [posted('txn-future-2', TOO_FAR), posted('txn-now-1', AT_THE_LIMIT)],
        }),
        claims: { sub: 'core-banking-client' },
        scopes: ['crm/ingest'],
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      accepted: 1,
      duplicate: 0,
      rejected: 1,
      results: [
        {
          index: 0,
          status: 'rejected',
          code: 'EVENT_INVALID',
          reason: 'postedAt: lies more than 300 seconds in the future',
        },
        { index: 1, status: 'accepted', transactionId: 'txn-now-1' },
      ],
    });
    expect(response.body).not.toContain(TOO_FAR);
    expect(grading.activity.counted).toEqual(new Set(['txn-now-1#success']));
  });

  it('moves with the configured skew and with the injected clock', async () => {
    // Prepare
    const { deps } = world();
    const strict = { ...deps, postedAtSkewSeconds: 0 };
    const event = (transactionId: string, postedAt: string) => ({
      source: 'core-banking',
      detailType: 'TransactionPosted',
      id: `evt-${transactionId}`,
      time: NOW.toISOString(),
      detail: posted(transactionId, postedAt),
    });

    // Act
    const oneSecondAhead = await consumeEvent(strict, event('txn-a', '2026-06-10T02:00:01.000Z')).catch(
      (error: unknown) => error,
    );
    const now = await consumeEvent(strict, event('txn-b', NOW.toISOString()));

    // Assess
    expect(oneSecondAhead).toMatchObject({
      code: 'EVENT_INVALID',
      reason: 'postedAt: lies more than 0 seconds in the future',
    });
    expect(now.outcome).toBe('applied');
  });
});

describe('POSTED_AT_SKEW_SECONDS', () => {
  it('defaults to 5 minutes and takes a whole number of seconds up to a day', () => {
    // Act and assess
    expect(DEFAULT_POSTED_AT_SKEW_SECONDS).toBe(300);
    expect(postedAtSkewSeconds({})).toBe(300);
    expect(postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: '' })).toBe(300);
    expect(postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: '0' })).toBe(0);
    expect(postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: '86400' })).toBe(86_400);
  });

  it.each(['-1', '1.5', '5m', ' 300', '86401', '1e3'])('fails the cold start on %s', (value) => {
    // Act and assess
    expect(() => postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: value })).toThrow(/POSTED_AT_SKEW_SECONDS/);
  });
});
