import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideContact, type PolicyInput } from '../../../functions/engagement/domain/contact-policy.js';
import type {
  ContactRequest,
  CustomerFacts,
  DeliveryChannel,
} from '../../../functions/engagement/domain/model.js';
import { isQuietAt } from '../../../functions/engagement/domain/quiet-hours.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import { CONTACT_PURPOSES, DELIVERY_CHANNELS } from '../../../functions/engagement/events.js';
import type { TemplateVersion } from '../../../functions/engagement/service/ports.js';
import { factsWith, requestWith, templateWith } from './policy-fixtures.js';

// Instants on a 7-minute grid over 2026 (so DST changes, midnights and quiet-hour boundaries
// all occur), customers in zones east and west of UTC with and without DST.
const MINUTE = 60_000;
const start = Date.parse('2026-01-01T00:00:00Z');
const instant = fc
  .integer({ min: 0, max: Math.floor((365 * 24 * 60) / 7) })
  .map((step) => start + step * 7 * MINUTE);
const iso = (epochMs: number) => new Date(epochMs).toISOString();
const zone = fc.constantFrom(
  undefined,
  'Asia/Shanghai',
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
);
const channels = fc.subarray([...DELIVERY_CHANNELS]);
// Mostly every channel, sometimes a random subset: enough contacts get through to test the sends.
const mostlyAll = fc.oneof(
  { arbitrary: fc.constant([...DELIVERY_CHANNELS]), weight: 3 },
  { arbitrary: channels, weight: 1 },
);
const mostlyNone = fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: channels, weight: 1 });
const rarely = fc.integer({ min: 0, max: 5 }).map((draw) => draw === 0);
const channel = fc.option(fc.constantFrom(...DELIVERY_CHANNELS), { nil: undefined });

const facts: fc.Arbitrary<CustomerFacts | undefined> = fc.option(
  fc
    .record({
      consent: fc.option(fc.record({ granted: fc.boolean(), channels: mostlyAll }), {
        nil: undefined,
        freq: 4,
      }),
      restricted: rarely,
      erased: rarely,
      failedChannels: mostlyNone,
      preferredChannel: channel,
      timeZone: zone,
    })
    .map(({ consent, restricted, erased, ...rest }) =>
      factsWith({
        ...rest,
        consents: consent === undefined ? {} : { marketing: { ...consent, at: '2026-01-01T00:00:00Z' } },
        restrictions: restricted ? ['compliance-risk'] : [],
        erased: erased && restricted, // erasure is requested (restricted) before it happens
      }),
    ),
  { nil: undefined, freq: 10 },
);

const template: fc.Arbitrary<TemplateVersion | undefined> = fc.option(
  mostlyAll.map((present) =>
    templateWith({ variants: Object.fromEntries(present.map((name) => [name, { text: '{offer}' }])) }),
  ),
  { nil: undefined, freq: 10 },
);

const input: fc.Arbitrary<PolicyInput> = fc
  .record({
    purpose: fc.constantFrom(...CONTACT_PURPOSES),
    customerRequested: fc.option(fc.boolean(), { nil: undefined }),
    preferredChannel: channel,
    now: instant,
    earliestOffset: fc.option(fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }), { nil: undefined }),
    latestOffset: fc.integer({ min: -60, max: 20 * 24 * 60 }),
    sendOffsets: fc.array(fc.integer({ min: -10 * 24 * 60, max: 0 }), { maxLength: 6 }),
    facts,
    template,
    otherPurpose: rarely,
    quiet: fc.constantFrom([21 * 60, 8 * 60], [22 * 60, 7 * 60], [0, 6 * 60], [0, 0]),
    marketingCap: fc.integer({ min: 1, max: 3 }),
  })
  .map((drawn): PolicyInput => {
    const request: ContactRequest = requestWith({
      purpose: drawn.purpose,
      customerRequested: drawn.customerRequested,
      preferredChannel: drawn.preferredChannel,
      earliestAt:
        drawn.earliestOffset === undefined ? undefined : iso(drawn.now + drawn.earliestOffset * MINUTE),
      latestAt: iso(drawn.now + drawn.latestOffset * MINUTE),
    });
    const [quietHoursStart = 0, quietHoursEnd = 0] = drawn.quiet;
    return {
      request,
      facts: drawn.facts,
      // Mostly the request's own purpose; now and then another (refused unknown-template).
      template:
        drawn.template === undefined || drawn.otherPurpose
          ? drawn.template
          : { ...drawn.template, purpose: drawn.purpose },
      marketingSends: drawn.sendOffsets.map((offset) => iso(drawn.now + offset * MINUTE)),
      settings: {
        ...DEFAULT_ENGAGEMENT_SETTINGS,
        quietHoursStart,
        quietHoursEnd,
        marketingCap: drawn.marketingCap,
      },
      now: iso(drawn.now),
    };
  });

const WINDOW = 7 * 24 * 60 * MINUTE;

describe('the contact policy, over random requests, customers and instants', () => {
  it('never sends what a rule forbids, and defers only to an allowed time inside the latest time', () => {
    fc.assert(
      fc.property(input, (policyInput) => {
        const { request, facts, template, settings } = policyInput;
        const decision = decideContact(policyInput);
        const now = Date.parse(policyInput.now);
        const zoneOf = facts?.timeZone ?? settings.defaultTimeZone;
        const exempt = request.purpose === 'complaint-update' && request.customerRequested === true;
        if (decision.outcome === 'sent') {
          expect(facts).toBeDefined();
          expect(template?.purpose).toBe(request.purpose);
          if (facts === undefined || template === undefined) return;
          expect(facts.erased).toBe(false);
          if (!exempt) expect(isQuietAt(now, zoneOf, settings)).toBe(false);
          expect(now).toBeLessThanOrEqual(Date.parse(request.latestAt));
          const sent: DeliveryChannel = decision.channel;
          expect(template.variants[sent]).toBeDefined();
          expect(facts.failedChannels).not.toContain(sent);
          if (['marketing', 'care', 'survey'].includes(request.purpose))
            expect(facts.restrictions).toEqual([]);
          if (request.purpose === 'marketing') {
            expect(facts.consents.marketing?.granted).toBe(true);
            expect(facts.consents.marketing?.channels).toContain(sent);
            const counted = policyInput.marketingSends.filter((send) => Date.parse(send) > now - WINDOW);
            expect(counted.length).toBeLessThan(settings.marketingCap);
          }
        }
        if (decision.outcome === 'deferred') {
          const due = Date.parse(decision.dueAt);
          expect(due).toBeGreaterThan(now);
          expect(due).toBeLessThanOrEqual(Date.parse(request.latestAt));
          if (!exempt) expect(isQuietAt(due, zoneOf, settings)).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
