import { describe, expect, it } from 'vitest';
import { sesDeliveryReport } from '../../../../functions/customers/delivery/ses-events.js';
import { reportResult } from '../../../../functions/customers/domain/delivery-report.js';
import type { ConsumedEvent } from '../../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../../shared/messaging/rejection.js';
import { type SesSampleKind, sesEventSample } from '../../../support/ses-events.js';

const RECIPIENT = 'zhang.sanfeng@example.com';
const ids = { contactId: 'con_01J0000000000000000000000K', customerId: 'cus_01J0000000000000000000000C' };

function sesEvent(kind: SesSampleKind, tagged = true): ConsumedEvent {
  const sample = sesEventSample(kind, { recipient: RECIPIENT, ...(tagged ? { tags: ids } : {}) });
  return {
    source: 'aws.ses',
    id: 'b3f1c7a2-0000-4000-8000-000000000001',
    time: '2026-03-02T02:05:00Z',
    ...sample,
  };
}

describe('the SES events of a sent e-mail', () => {
  it('name the contact from the message tags: a permanent bounce is a bounced e-mail', () => {
    expect(sesDeliveryReport(sesEvent('bounce-permanent'))).toEqual({
      ...ids,
      channel: 'email',
      status: 'bounced',
      provider: 'ses',
      at: '2026-03-02T02:00:03.669Z',
    });
  });

  it('report a transient bounce (SES gave up retrying) as a failure, the address kept', () => {
    expect(sesDeliveryReport(sesEvent('bounce-transient')).status).toBe('failed');
  });

  it('report a complaint, a delivery and a rejected message, each at its own time', () => {
    expect(sesDeliveryReport(sesEvent('complaint'))).toMatchObject({
      status: 'complained',
      at: '2026-03-02T03:10:00.000Z',
    });
    expect(sesDeliveryReport(sesEvent('delivery'))).toMatchObject({
      status: 'delivered',
      at: '2026-03-02T02:00:02.000Z',
    });
    // A rejection carries no time of its own: the event's.
    expect(sesDeliveryReport(sesEvent('reject'))).toMatchObject({
      status: 'failed',
      at: '2026-03-02T02:05:00Z',
    });
  });

  it('refuse an e-mail this CRM did not tag (CONTACT_UNKNOWN), naming no value', () => {
    const refusal = catchRefusal(() => sesDeliveryReport(sesEvent('bounce-permanent', false)));

    expect(refusal.code).toBe('CONTACT_UNKNOWN');
    expect(refusal.fields).toEqual(['mail.tags']);
    expect(refusal.reason).not.toContain('example.com');
  });

  it('refuse other SES events (EVENT_UNSUPPORTED) and a malformed detail (EVENT_INVALID) without the address', () => {
    const bounced = sesEvent('bounce-permanent');
    const malformed: ConsumedEvent = {
      ...bounced,
      detail: { ...(bounced.detail as Record<string, unknown>), bounce: { bounceType: 7 } },
    };

    expect(catchRefusal(() => sesDeliveryReport(sesEvent('open'))).code).toBe('EVENT_UNSUPPORTED');
    const invalid = catchRefusal(() => sesDeliveryReport(malformed));
    expect(invalid.code).toBe('EVENT_INVALID');
    expect(invalid.fields).toEqual(['bounce.bounceType']);
    expect(invalid.reason).not.toContain('example.com');
  });
});

describe('the result of a delivery report (gateway or SES)', () => {
  it('is a failed contact point for a bounce only; a complaint or a failure keeps the address', () => {
    expect(reportResult({ status: 'bounced', provider: 'ses' })).toEqual({
      outcome: 'failed',
      reason: 'bounced',
      contactPointFailed: true,
    });
    expect(reportResult({ status: 'complained', provider: 'ses' })).toEqual({
      outcome: 'failed',
      reason: 'failed',
      contactPointFailed: false,
    });
    expect(reportResult({ status: 'failed', provider: 'gateway' })).toEqual({
      outcome: 'failed',
      reason: 'failed',
      contactPointFailed: false,
    });
    expect(reportResult({ status: 'delivered', provider: 'ses' })).toEqual({
      outcome: 'delivered',
      provider: 'ses',
    });
  });
});

function catchRefusal(act: () => unknown): UnprocessableEventError {
  try {
    act();
  } catch (error) {
    if (error instanceof UnprocessableEventError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
