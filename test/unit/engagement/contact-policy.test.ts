import { describe, expect, it } from 'vitest';
import { decideContact, sendsInWindow } from '../../../functions/engagement/domain/contact-policy.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import { factsWith, inputWith, requestWith, templateWith } from './policy-fixtures.js';

// Instants are real: Asia/Shanghai is UTC+8 all year, so local 21:00 on 2 March 2026 is
// 13:00Z and local 08:00 on 3 March is 00:00Z.
const service = (overrides: Parameters<typeof requestWith>[0] = {}) =>
  requestWith({ purpose: 'service', templateId: 'service-notice', ...overrides });
const serviceTemplate = templateWith({ templateId: 'service-notice', purpose: 'service' });

describe('quiet hours in Asia/Shanghai (21:00–08:00)', () => {
  const at = (now: string) =>
    decideContact(inputWith({ request: service(), template: serviceTemplate, now }));

  it('sends at 20:59 local', () => {
    expect(at('2026-03-02T12:59:00.000Z')).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'sms' });
  });

  it('sends at 20:59:59 local: the boundary is the minute 21:00', () => {
    expect(at('2026-03-02T12:59:59.999Z').outcome).toBe('sent');
  });

  it('defers a contact at 21:00 local to 08:00 the next day (00:00Z)', () => {
    expect(at('2026-03-02T13:00:00.000Z')).toEqual({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
      channel: 'sms',
    });
  });

  it('defers a contact at 07:59 local to 08:00 the same morning', () => {
    expect(at('2026-03-02T23:59:00.000Z')).toMatchObject({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
    });
  });

  it('sends at 08:00 local', () => {
    expect(at('2026-03-03T00:00:00.000Z')).toMatchObject({ outcome: 'sent', rule: 'allowed' });
  });

  it('drops a contact whose quiet hours end after its latest time', () => {
    const decision = decideContact(
      inputWith({
        request: service({ latestAt: '2026-03-02T23:59:59.000Z' }),
        template: serviceTemplate,
        now: '2026-03-02T14:00:00.000Z',
      }),
    );
    expect(decision).toEqual({ outcome: 'dropped', rule: 'quiet-hours' });
  });

  it('defers to exactly the latest time when the quiet hours end then', () => {
    const decision = decideContact(
      inputWith({
        request: service({ latestAt: '2026-03-03T00:00:00.000Z' }),
        template: serviceTemplate,
        now: '2026-03-02T14:00:00.000Z',
      }),
    );
    expect(decision).toMatchObject({ outcome: 'deferred', dueAt: '2026-03-03T00:00:00.000Z' });
  });

  it('follows configured quiet hours', () => {
    const decision = decideContact(
      inputWith({
        request: service(),
        template: serviceTemplate,
        now: '2026-03-02T12:30:00.000Z', // 20:30 local
        settings: { quietHoursStart: 20 * 60, quietHoursEnd: 9 * 60 },
      }),
    );
    expect(decision).toMatchObject({ outcome: 'deferred', dueAt: '2026-03-03T01:00:00.000Z' });
  });
});

describe("quiet hours in the customer's own zone", () => {
  const london = factsWith({ timeZone: 'Europe/London' });
  const at = (now: string) =>
    decideContact(
      inputWith({
        request: service({ latestAt: '2026-12-31T00:00:00.000Z' }),
        template: serviceTemplate,
        facts: london,
        now,
      }),
    );

  it('counts in London time, not Shanghai time (20:59 BST is 03:59 in Shanghai)', () => {
    expect(at('2026-06-01T19:59:00.000Z').outcome).toBe('sent');
    expect(at('2026-06-01T20:00:00.000Z')).toMatchObject({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-06-02T07:00:00.000Z', // 08:00 BST
    });
  });

  it('defers across the change to summer time to 08:00 BST (07:00Z)', () => {
    // 21:30 GMT on Saturday 28 March 2026; clocks go forward that night.
    expect(at('2026-03-28T21:30:00.000Z')).toMatchObject({ dueAt: '2026-03-29T07:00:00.000Z' });
  });

  it('defers across the change to winter time to 08:00 GMT (08:00Z)', () => {
    // 21:30 BST on Saturday 24 October 2026; clocks go back that night.
    expect(at('2026-10-24T20:30:00.000Z')).toMatchObject({ dueAt: '2026-10-25T08:00:00.000Z' });
  });

  it('falls back to the default zone for a zone the runtime does not know', () => {
    const facts = factsWith({ timeZone: 'Mars/Olympus_Mons' });
    const decision = decideContact(
      inputWith({ request: service(), template: serviceTemplate, facts, now: '2026-03-02T13:00:00.000Z' }),
    );
    expect(decision).toMatchObject({ outcome: 'deferred', dueAt: '2026-03-03T00:00:00.000Z' });
  });
});

describe('complaint updates', () => {
  const template = templateWith({ templateId: 'complaint-decided', purpose: 'complaint-update' });
  const decide = (customerRequested: boolean | undefined) =>
    decideContact(
      inputWith({
        request: requestWith({
          purpose: 'complaint-update',
          templateId: 'complaint-decided',
          customerRequested,
        }),
        template,
        now: '2026-03-02T15:00:00.000Z', // 23:00 local
      }),
    );

  it('go out in quiet hours when the customer asked for them', () => {
    expect(decide(true)).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'sms' });
  });

  it('wait for the morning when the customer did not ask', () => {
    expect(decide(false)).toMatchObject({ outcome: 'deferred', rule: 'quiet-hours' });
    expect(decide(undefined)).toMatchObject({ outcome: 'deferred', rule: 'quiet-hours' });
  });

  it('are not exempt when another purpose claims customerRequested', () => {
    const decision = decideContact(
      inputWith({
        request: service({ customerRequested: true }),
        template: serviceTemplate,
        now: '2026-03-02T15:00:00.000Z',
      }),
    );
    expect(decision).toMatchObject({ outcome: 'deferred', rule: 'quiet-hours' });
  });
});

describe('the marketing cap (2 per rolling 7 days)', () => {
  // Day 0 is Monday 2 March 2026; 10:00 local is 02:00Z.
  const day0At10 = '2026-03-02T02:00:00.000Z';
  const day3At10 = '2026-03-05T02:00:00.000Z';
  const noQuietHours = { quietHoursStart: 0, quietHoursEnd: 0 };
  const decide = (now: string, sends: string[], settings = {}) =>
    decideContact(inputWith({ marketingSends: sends, now, settings }));

  it('sends while fewer than two marketing contacts are in the window', () => {
    expect(decide('2026-03-06T02:00:00.000Z', [day0At10]).outcome).toBe('sent');
  });

  it('still counts a day-0 10:00 send at day 6 23:59 (the seventh day)', () => {
    // Quiet hours off: this is about the window alone.
    const decision = decide('2026-03-08T15:59:00.000Z', [day0At10, day3At10], noQuietHours);
    expect(decision).toEqual({
      outcome: 'deferred',
      rule: 'marketing-cap',
      dueAt: '2026-03-09T02:00:00.000Z',
      channel: 'sms',
    });
  });

  it('no longer counts it at day 7 10:00 (the eighth day)', () => {
    expect(decide('2026-03-09T02:00:00.000Z', [day0At10, day3At10]).outcome).toBe('sent');
  });

  it('defers a full window to the oldest counted send + 7 days', () => {
    expect(decide('2026-03-07T04:00:00.000Z', [day3At10, day0At10])).toMatchObject({
      outcome: 'deferred',
      rule: 'marketing-cap',
      dueAt: '2026-03-09T02:00:00.000Z',
    });
  });

  it('ignores sends older than the window', () => {
    const old = ['2026-02-01T02:00:00.000Z', '2026-02-20T02:00:00.000Z', day3At10];
    expect(decide('2026-03-07T04:00:00.000Z', old).outcome).toBe('sent');
  });

  it('moves a cap deferral that lands in quiet hours to the next morning', () => {
    // Sent at 13:30Z (21:30 in Shanghai: the customer was then in London, 13:30 there).
    const sends = ['2026-03-02T13:30:00.000Z', '2026-03-04T04:00:00.000Z'];
    expect(decide('2026-03-06T04:00:00.000Z', sends)).toMatchObject({
      outcome: 'deferred',
      rule: 'marketing-cap',
      dueAt: '2026-03-10T00:00:00.000Z', // 08:00 local after 21:30 on 9 March
    });
  });

  it('drops a contact the cap would hold past its latest time', () => {
    const decision = decideContact(
      inputWith({
        request: requestWith({ latestAt: '2026-03-09T01:59:59.000Z' }),
        marketingSends: [day0At10, day3At10],
        now: '2026-03-07T04:00:00.000Z',
      }),
    );
    expect(decision).toEqual({ outcome: 'dropped', rule: 'marketing-cap' });
  });

  it('follows a configured cap and window', () => {
    const sends = [day0At10, day3At10];
    expect(decide('2026-03-07T04:00:00.000Z', sends, { marketingCap: 3 }).outcome).toBe('sent');
    expect(
      decide('2026-03-07T04:00:00.000Z', [day0At10], { marketingCap: 1, marketingCapDays: 30 }),
    ).toMatchObject({
      dueAt: '2026-04-01T02:00:00.000Z',
    });
  });

  it('does not apply to other purposes', () => {
    const decision = decideContact(
      inputWith({
        request: service(),
        template: serviceTemplate,
        marketingSends: [day0At10, day3At10],
        now: '2026-03-07T04:00:00.000Z',
      }),
    );
    expect(decision.outcome).toBe('sent');
  });
});

describe('sendsInWindow', () => {
  const settings = DEFAULT_ENGAGEMENT_SETTINGS;

  it('keeps a send until exactly 7 days later, exclusive', () => {
    const sends = ['2026-03-02T02:00:00.000Z'];
    expect(sendsInWindow(sends, '2026-03-08T15:59:00.000Z', settings)).toEqual(sends);
    expect(sendsInWindow(sends, '2026-03-09T01:59:59.999Z', settings)).toEqual(sends);
    expect(sendsInWindow(sends, '2026-03-09T02:00:00.000Z', settings)).toEqual([]);
  });

  it('returns the kept sends oldest first, in canonical form', () => {
    expect(
      sendsInWindow(
        ['2026-03-05T10:00:00+08:00', '2026-03-03T02:00:00Z', '2026-02-01T00:00:00Z'],
        '2026-03-06T00:00:00Z',
        settings,
      ),
    ).toEqual(['2026-03-03T02:00:00.000Z', '2026-03-05T02:00:00.000Z']);
  });

  it('keeps a send stamped after the instant (clock skew between functions)', () => {
    expect(sendsInWindow(['2026-03-06T00:00:01.000Z'], '2026-03-06T00:00:00.000Z', settings)).toHaveLength(1);
  });
});

describe('consent and channel', () => {
  it('refuses marketing without a marketing consent (opt-in)', () => {
    const facts = factsWith({ consents: {} });
    expect(decideContact(inputWith({ facts }))).toEqual({ outcome: 'refused', rule: 'no-consent' });
  });

  it('refuses marketing after the consent was withdrawn', () => {
    const facts = factsWith({
      consents: { marketing: { granted: false, channels: [], at: '2026-02-01T00:00:00Z' } },
    });
    expect(decideContact(inputWith({ facts }))).toEqual({ outcome: 'refused', rule: 'no-consent' });
  });

  it('refuses at its due time a contact deferred before the consent was withdrawn', () => {
    const first = decideContact(inputWith({ now: '2026-03-02T13:30:00.000Z' })); // 21:30 local
    expect(first).toMatchObject({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
    });
    const withdrawn = factsWith({
      consents: { marketing: { granted: false, channels: [], at: '2026-03-02T15:00:00.000Z' } },
    });
    const again = decideContact(inputWith({ facts: withdrawn, now: '2026-03-03T00:00:00.000Z' }));
    expect(again).toEqual({ outcome: 'refused', rule: 'no-consent' });
  });

  it('moves a deferred contact to a channel still consented when one was withdrawn', () => {
    const smsGone = factsWith({
      consents: { marketing: { granted: true, channels: ['email'], at: '2026-03-02T15:00:00.000Z' } },
    });
    const again = decideContact(inputWith({ facts: smsGone, now: '2026-03-03T00:00:00.000Z' }));
    expect(again).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'email' });
  });

  it('sends marketing on the consented channel when the preferred one is not consented', () => {
    const facts = factsWith({
      consents: { marketing: { granted: true, channels: ['email'], at: '2026-02-01T00:00:00Z' } },
    });
    const decision = decideContact(inputWith({ facts, request: requestWith({ preferredChannel: 'sms' }) }));
    expect(decision).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'email' });
  });

  it('refuses marketing consented only on a channel the template lacks (no-consent)', () => {
    const facts = factsWith({
      consents: { marketing: { granted: true, channels: ['phone'], at: '2026-02-01T00:00:00Z' } },
    });
    expect(decideContact(inputWith({ facts }))).toEqual({ outcome: 'refused', rule: 'no-consent' });
  });

  it("prefers the request's channel, then the customer's, then the configured order", () => {
    const facts = factsWith({ preferredChannel: 'app-push' });
    expect(
      decideContact(inputWith({ facts, request: requestWith({ preferredChannel: 'email' }) })),
    ).toMatchObject({
      channel: 'email',
    });
    expect(decideContact(inputWith({ facts }))).toMatchObject({ channel: 'app-push' });
    expect(
      decideContact(inputWith({ settings: { channelOrder: ['email', 'sms', 'app-push'] } })),
    ).toMatchObject({
      channel: 'email',
    });
  });

  it('skips a channel whose contact point failed', () => {
    const facts = factsWith({ failedChannels: ['sms'], preferredChannel: 'sms' });
    const decision = decideContact(
      inputWith({ facts, request: service({ preferredChannel: 'sms' }), template: serviceTemplate }),
    );
    expect(decision).toMatchObject({ outcome: 'sent', channel: 'email' });
  });

  it('skips a channel the template has no variant for', () => {
    const template = templateWith({ variants: { 'app-push': { text: '{offer}' } } });
    expect(decideContact(inputWith({ template }))).toMatchObject({ outcome: 'sent', channel: 'app-push' });
  });

  it('refuses no-channel when every channel failed, whatever the purpose', () => {
    const facts = factsWith({ failedChannels: ['sms', 'email', 'app-push'] });
    expect(decideContact(inputWith({ facts, request: service(), template: serviceTemplate }))).toEqual({
      outcome: 'refused',
      rule: 'no-channel',
    });
    expect(decideContact(inputWith({ facts }))).toEqual({ outcome: 'refused', rule: 'no-channel' });
  });

  it('needs no opt-in for service contacts', () => {
    const facts = factsWith({ consents: {} });
    expect(decideContact(inputWith({ facts, request: service(), template: serviceTemplate })).outcome).toBe(
      'sent',
    );
  });
});

describe('restricted, erased and unknown', () => {
  const restricted = factsWith({ restrictions: ['compliance-risk'] });

  it.each(['marketing', 'care', 'survey'] as const)('refuses %s to a restricted customer', (purpose) => {
    const decision = decideContact(
      inputWith({
        facts: restricted,
        request: requestWith({ purpose }),
        template: templateWith({ purpose }),
      }),
    );
    expect(decision).toEqual({ outcome: 'refused', rule: 'restricted' });
  });

  it.each(['service', 'complaint-update'] as const)('still sends %s to a restricted customer', (purpose) => {
    const decision = decideContact(
      inputWith({
        facts: restricted,
        request: requestWith({ purpose }),
        template: templateWith({ purpose }),
      }),
    );
    expect(decision).toMatchObject({ outcome: 'sent', rule: 'allowed' });
  });

  it('refuses anything to an erased customer', () => {
    const facts = factsWith({ erased: true, restrictions: ['erasure-requested'] });
    const decision = decideContact(inputWith({ facts, request: service(), template: serviceTemplate }));
    expect(decision).toEqual({ outcome: 'refused', rule: 'customer-erased' });
  });

  it('refuses a customer unknown to the mirror', () => {
    expect(decideContact(inputWith({ facts: undefined }))).toEqual({
      outcome: 'refused',
      rule: 'unknown-customer',
    });
  });

  it('refuses an unknown template', () => {
    expect(decideContact(inputWith({ template: undefined }))).toEqual({
      outcome: 'refused',
      rule: 'unknown-template',
    });
  });

  it('refuses a template of another purpose: a service request cannot send marketing text', () => {
    const decision = decideContact(
      inputWith({ request: service({ templateId: 'offer-spring' }), template: templateWith() }),
    );
    expect(decision).toEqual({ outcome: 'refused', rule: 'unknown-template' });
  });
});

describe('earliest and latest times', () => {
  it('defers a contact whose earliest time is ahead to it (rule allowed)', () => {
    const request = service({ earliestAt: '2026-03-03T03:00:00.000Z' });
    const decision = decideContact(
      inputWith({ request, template: serviceTemplate, now: '2026-03-02T02:00:00.000Z' }),
    );
    expect(decision).toEqual({
      outcome: 'deferred',
      rule: 'allowed',
      dueAt: '2026-03-03T03:00:00.000Z',
      channel: 'sms',
    });
  });

  it('defers an earliest time in quiet hours to the end of those quiet hours', () => {
    const request = service({ earliestAt: '2026-03-02T14:00:00.000Z' }); // 22:00 local
    const decision = decideContact(
      inputWith({ request, template: serviceTemplate, now: '2026-03-02T02:00:00.000Z' }),
    );
    expect(decision).toMatchObject({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
    });
  });

  it('sends at once when the earliest time has passed', () => {
    const request = service({ earliestAt: '2026-03-01T03:00:00.000Z' });
    expect(decideContact(inputWith({ request, template: serviceTemplate })).outcome).toBe('sent');
  });

  it('drops a contact whose latest time has passed', () => {
    const request = service({ latestAt: '2026-03-02T01:59:59.000Z' });
    expect(decideContact(inputWith({ request, template: serviceTemplate }))).toEqual({
      outcome: 'dropped',
      rule: 'latest-passed',
    });
  });

  it('drops a contact whose earliest time is after its latest time', () => {
    const request = service({ earliestAt: '2026-03-05T02:00:00.000Z', latestAt: '2026-03-04T02:00:00.000Z' });
    expect(decideContact(inputWith({ request, template: serviceTemplate }))).toMatchObject({
      rule: 'latest-passed',
    });
  });

  it('sends at exactly the latest time', () => {
    const request = service({ latestAt: '2026-03-02T02:00:00.000Z' });
    expect(decideContact(inputWith({ request, template: serviceTemplate })).outcome).toBe('sent');
  });
});
