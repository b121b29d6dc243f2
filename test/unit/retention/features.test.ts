import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFeatureEvent,
  emptyFeatures,
  type FeatureEvent,
  RECENTLY_CLOSED_LIMIT,
} from '../../../functions/retention/domain/features.js';
import type { ChurnFeatures } from '../../../functions/retention/domain/model.js';

const ID = 'cus_1';
const envelope = (at: string) => ({ eventId: `evt_${at}`, occurredAt: at });
const T1 = '2026-11-01T02:00:00.000Z';
const T2 = '2026-11-02T02:00:00.000Z';
const T3 = '2026-11-03T02:00:00.000Z';

const registeredEvent = (at = T1): FeatureEvent => ({
  type: 'CustomerRegistered',
  detail: {
    ...envelope(at),
    customerId: ID,
    customerType: 'individual',
    branch: 'BJ01',
    rmId: 'rm-7',
    onboardedAt: '2020-05-01T00:00:00Z',
    at,
  },
});
const profileEvent = (
  version: number,
  branch: string,
  relationship: 'active' | 'closed' = 'active',
): FeatureEvent => ({
  type: 'CustomerProfileChanged',
  detail: {
    ...envelope(T2),
    customerId: ID,
    version,
    changedFields: ['branch'],
    branch,
    rmId: 'rm-9',
    relationship,
    at: T2,
  },
});
const summaryEvent = (at: string, lastTransactionDay: string | null): FeatureEvent => ({
  type: 'ActivitySummaryChanged',
  detail: {
    ...envelope(at),
    customerId: ID,
    lastTransactionDay,
    months: [{ month: '2026-10', transactions: 4, aum: 120_000, outflows: 0 }],
    currency: 'CNY',
    at,
  },
});
const segmentEvent = (dimension: 'lifecycleStage' | 'assetTier', to: string, at: string): FeatureEvent => ({
  type: 'CustomerSegmentChanged',
  detail: { ...envelope(at), customerId: ID, dimension, from: null, to, at },
});
const complaintReceived = (complaintId: string, repeat = false): FeatureEvent => ({
  type: 'ComplaintReceived',
  detail: {
    ...envelope(T1),
    complaintId,
    customerId: ID,
    branch: 'BJ01',
    queue: 'q-1',
    channel: 'phone',
    category: 'service-attitude',
    priority: 'normal',
    receivedAt: T1,
    repeat,
  },
});
const complaintClosed = (complaintId: string, at: string): FeatureEvent => ({
  type: 'ComplaintClosed',
  detail: {
    ...envelope(at),
    complaintId,
    customerId: ID,
    branch: 'BJ01',
    rootCause: 'staff-attitude',
    outcome: 'upheld',
    channel: 'phone',
    category: 'service-attitude',
  },
});
const surveyEvent = (csat: number, nps: number | undefined, at: string): FeatureEvent => ({
  type: 'SurveyAnswered',
  detail: {
    ...envelope(at),
    surveyId: 'srv_1',
    customerId: ID,
    branch: 'BJ01',
    trigger: 'complaint-closed',
    csat,
    nps,
    unresolved: false,
    hasText: false,
    at,
  },
});
const holdingEvent = (action: 'opened' | 'matured' | 'closed', at: string): FeatureEvent => ({
  type: 'ProductHoldingChanged',
  detail: { ...envelope(at), customerId: ID, productId: 'prd_1', riskLevel: 'R2', action, at },
});
const failedEvent = (
  channel: 'sms' | 'email' | 'phone',
  at: string,
  contactPointFailed = true,
): FeatureEvent => ({
  type: 'ContactDeliveryFailed',
  detail: {
    ...envelope(at),
    contactId: 'con_1',
    customerId: ID,
    channel,
    reason: 'bounced',
    contactPointFailed,
    at,
  },
});
const deliveredEvent = (channel: 'sms' | 'email', at: string): FeatureEvent => ({
  type: 'ContactDelivered',
  detail: { ...envelope(at), contactId: 'con_2', customerId: ID, channel, provider: 'ses', at },
});

/** Applies events in order, as the store does (an event that changes nothing keeps the record). */
function applied(events: readonly FeatureEvent[], start?: ChurnFeatures): ChurnFeatures | undefined {
  let features = start;
  for (const event of events) features = applyFeatureEvent(features, event) ?? features;
  return features;
}

describe('applyFeatureEvent', () => {
  it('creates the features at registration: when the relationship started, the scope, active', () => {
    expect(applied([registeredEvent()])).toEqual({
      ...emptyFeatures(ID, 'BJ01'),
      registeredAt: '2020-05-01T00:00:00.000Z',
      rmId: 'rm-7',
      profileVersion: 1,
    });
  });

  it('keeps the scope and relationship of the newest profile version, whatever the order', () => {
    const inOrder = applied([registeredEvent(), profileEvent(2, 'SH01'), profileEvent(3, 'SH02', 'closed')]);
    const outOfOrder = applied([
      profileEvent(3, 'SH02', 'closed'),
      registeredEvent(),
      profileEvent(2, 'SH01'),
    ]);
    expect(inOrder).toMatchObject({
      branch: 'SH02',
      rmId: 'rm-9',
      relationship: 'closed',
      profileVersion: 3,
    });
    expect(outOfOrder).toEqual(inOrder);
    expect(applyFeatureEvent(inOrder, profileEvent(3, 'SH02', 'closed'))).toBeUndefined();
  });

  it('keeps an event of a customer not registered yet, without branch (not scored until registered)', () => {
    const early = applied([complaintReceived('cmp_1')]);
    expect(early).toMatchObject({ branch: '', complaints: { open: ['cmp_1'] } });
    expect(applied([registeredEvent()], early)).toMatchObject({
      branch: 'BJ01',
      complaints: { open: ['cmp_1'] },
    });
  });

  it('replaces the activity summary by a newer one only', () => {
    const features = applied([registeredEvent(), summaryEvent(T2, '2026-11-01')]);
    expect(features?.activity).toMatchObject({ lastTransactionDay: '2026-11-01', at: T2 });
    expect(applyFeatureEvent(features, summaryEvent(T1, '2026-10-01'))).toBeUndefined();
    expect(applyFeatureEvent(features, summaryEvent(T2, '2026-11-01'))).toBeUndefined();
    expect(applyFeatureEvent(features, summaryEvent(T3, null))?.activity?.lastTransactionDay).toBeNull();
  });

  it('keeps the newest lifecycle stage and ignores the other dimensions', () => {
    const features = applied([registeredEvent(), segmentEvent('lifecycleStage', 'dormant', T2)]);
    expect(features?.lifecycleStage).toBe('dormant');
    expect(applyFeatureEvent(features, segmentEvent('lifecycleStage', 'mature', T1))).toBeUndefined();
    expect(applyFeatureEvent(features, segmentEvent('assetTier', 'gold', T3))).toBeUndefined();
    expect(
      applyFeatureEvent(features, segmentEvent('lifecycleStage', 'reactivated', T3))?.lifecycleStage,
    ).toBe('reactivated');
  });

  it('tracks open complaints, the latest closure and the latest breach; a repeat is not another', () => {
    const features = applied([
      registeredEvent(),
      complaintReceived('cmp_1'),
      complaintReceived('cmp_2'),
      complaintReceived('cmp_3', true),
      complaintClosed('cmp_1', T3),
      {
        type: 'ComplaintSlaBreached',
        detail: {
          ...envelope(T2),
          complaintId: 'cmp_2',
          customerId: ID,
          branch: 'BJ01',
          deadline: 'decision',
          due: T1,
        },
      },
    ]);
    expect(features?.complaints).toMatchObject({ open: ['cmp_2'], lastClosedAt: T3, lastBreachAt: T2 });
  });

  it('does not reopen a closed complaint when its receipt arrives late, nor count a closure twice', () => {
    const features = applied([registeredEvent(), complaintClosed('cmp_1', T2)]);
    expect(applyFeatureEvent(features, complaintReceived('cmp_1'))).toBeUndefined();
    expect(applyFeatureEvent(features, complaintClosed('cmp_1', T3))).toBeUndefined();
  });

  it('remembers only the latest closed complaints', () => {
    const closures = Array.from({ length: RECENTLY_CLOSED_LIMIT + 1 }, (_, i) =>
      complaintClosed(`cmp_${i}`, T2),
    );
    expect(applied(closures)?.complaints.recentlyClosed).toHaveLength(RECENTLY_CLOSED_LIMIT);
  });

  it('keeps the newest survey answer', () => {
    const features = applied([registeredEvent(), surveyEvent(2, 5, T2)]);
    expect(features?.survey).toEqual({ csat: 2, nps: 5, at: T2 });
    expect(applyFeatureEvent(features, surveyEvent(5, 10, T1))).toBeUndefined();
    expect(applyFeatureEvent(features, surveyEvent(4, undefined, T3))?.survey).toEqual({
      csat: 4,
      nps: undefined,
      at: T3,
    });
  });

  it('keeps the latest opening and maturity of a holding; a closing is not read', () => {
    const features = applied([
      registeredEvent(),
      holdingEvent('matured', T2),
      holdingEvent('opened', T1),
      holdingEvent('matured', T1),
    ]);
    expect(features?.holdings).toEqual({ lastMaturedAt: T2, lastOpenedAt: T1 });
    expect(applyFeatureEvent(features, holdingEvent('closed', T3))).toBeUndefined();
  });

  it('marks a failed contact point until that channel delivers again, in source order', () => {
    const failed = applied([registeredEvent(), failedEvent('email', T2)]);
    expect(failed?.failedChannels).toEqual(['email']);
    // A delivery older than the failure, a failure that is not the contact point's, a phone call: nothing.
    expect(applyFeatureEvent(failed, deliveredEvent('email', T1))).toBeUndefined();
    expect(applyFeatureEvent(failed, failedEvent('sms', T3, false))).toBeUndefined();
    expect(applyFeatureEvent(failed, failedEvent('phone', T3))).toBeUndefined();
    // A delivery on a working channel is remembered: a failure older than it, arriving late, changes nothing.
    const delivered = applyFeatureEvent(failed, deliveredEvent('sms', T3));
    expect(delivered?.failedChannels).toEqual(['email']);
    expect(applyFeatureEvent(delivered ?? failed, failedEvent('sms', T2))).toBeUndefined();
    expect(applyFeatureEvent(failed, deliveredEvent('email', T3))?.failedChannels).toEqual([]);
  });

  it('keeps nothing but the id and the relationship after an erasure', () => {
    const features = applied([
      registeredEvent(),
      summaryEvent(T2, '2026-11-01'),
      surveyEvent(1, 0, T2),
      complaintReceived('cmp_1'),
    ]);
    const erased = applyFeatureEvent(features, {
      type: 'CustomerErased',
      detail: { ...envelope(T3), customerId: ID, at: T3 },
    });
    expect(erased).toEqual(emptyFeatures(ID, ''));
  });

  it('ends with the same features whatever order the events arrive in (property)', () => {
    const events: FeatureEvent[] = [
      registeredEvent(),
      profileEvent(2, 'SH01'),
      profileEvent(3, 'SH02', 'closed'),
      summaryEvent(T1, '2026-10-30'),
      summaryEvent(T2, '2026-11-01'),
      segmentEvent('lifecycleStage', 'declining', T1),
      segmentEvent('lifecycleStage', 'dormant', T2),
      complaintReceived('cmp_1'),
      complaintClosed('cmp_1', T2),
      complaintReceived('cmp_2'),
      surveyEvent(2, 5, T1),
      surveyEvent(4, 9, T2),
      holdingEvent('matured', T2),
      holdingEvent('opened', T1),
      failedEvent('email', T2),
    ];
    const inOrder = applied(events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        (shuffled) => {
          expect(applied(shuffled)).toEqual(inOrder);
        },
      ),
      { numRuns: 200, seed: 20261205 },
    );
    expect(inOrder).toMatchObject({
      branch: 'SH02',
      relationship: 'closed',
      lifecycleStage: 'dormant',
      survey: { csat: 4 },
      complaints: { open: ['cmp_2'], lastClosedAt: T2 },
      failedChannels: ['email'],
    });
  });
});
