import { describe, expect, it } from 'vitest';
import {
  ConsentChanged,
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerErased,
} from '../../../functions/customers/events.js';
import type { ContactRequest } from '../../../functions/engagement/domain/model.js';
import { requestContact } from '../../../functions/engagement/service/contacts.js';
import { consumeDeliveryResult } from '../../../functions/engagement/service/delivery-results.js';
import { consumeFactsEvent, type FactsDeps } from '../../../functions/engagement/service/facts.js';
import type { CustomerKeys } from '../../../functions/engagement/store/customer-keys.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { contactPathFixture, knownCustomer, NOW } from './contact-fakes.js';

const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function consumed<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
  const event = buildEvent(definition, detail, NOW);
  return {
    source: event.source,
    detailType: event.detailType,
    id: 'eb-1',
    time: NOW.toISOString(),
    detail: event.detail,
  };
}

function fixture() {
  const base = contactPathFixture();
  const shredded: string[] = [];
  const keys: CustomerKeys = {
    sealerFor: () => Promise.reject(new Error('unused')),
    existingSealerFor: () => Promise.resolve(undefined),
    shred: async (customerId) => {
      shredded.push(customerId);
    },
  };
  const deps: FactsDeps = { ...base.deps, keys };
  knownCustomer(base.facts);
  return { ...base, deps, shredded };
}

const request = (requestId: string, overrides: Partial<ContactRequest> = {}): ContactRequest => ({
  requestId,
  customerId: 'cus-1',
  purpose: 'marketing',
  templateId: 'spring-offer',
  parameters: { offer: 'SPRING26' },
  latestAt: later(30 * 86_400_000),
  requestedBy: 'crm.marketing',
  ...overrides,
});

describe('consuming the customers events', () => {
  it('counts one opt-out for a marketing withdrawal and refuses the deferred marketing contacts on the channel withdrawn', async () => {
    // Arrange: two sent on SMS, two deferred by the cap on SMS.
    const { deps, facts, store } = fixture();
    for (const id of ['r1', 'r2', 'r3', 'r4']) await requestContact(deps, request(id));
    const withdrawal = consumed(ConsentChanged, {
      customerId: 'cus-1',
      purpose: 'marketing',
      channel: 'sms',
      granted: false,
      channels: ['email'],
      at: later(1_000),
    });

    // Act
    await consumeFactsEvent(deps, withdrawal);
    await consumeFactsEvent(deps, withdrawal);

    // Assess
    expect(facts.kpis).toEqual([{ branch: 'BJ01', at: later(1_000), increments: { optOuts: 1 } }]);
    expect(store.of('cus-1').map((contact) => [contact.status, contact.rule])).toEqual([
      ['sent', 'allowed'],
      ['sent', 'allowed'],
      ['refused', 'consent-withdrawn'],
      ['refused', 'consent-withdrawn'],
    ]);
  });

  it('leaves deferred contacts on a channel still granted, and other purposes, alone', async () => {
    // Arrange: a service notice deferred to 08:00, marketing deferred by the cap on SMS.
    const { deps, store, clock } = fixture();
    for (const id of ['r1', 'r2', 'r3']) await requestContact(deps, request(id));
    clock.set(new Date('2026-03-02T15:00:00.000Z'));
    await requestContact(
      deps,
      request('r4', { purpose: 'service', templateId: 'service-notice', parameters: { notice: 'N' } }),
    );

    // Act: e-mail is withdrawn, SMS stays.
    await consumeFactsEvent(
      deps,
      consumed(ConsentChanged, {
        customerId: 'cus-1',
        purpose: 'marketing',
        granted: false,
        channels: ['sms'],
        at: later(1_000),
      }),
    );

    // Assess
    expect(store.of('cus-1').map((contact) => contact.status)).toEqual([
      'sent',
      'sent',
      'deferred',
      'deferred',
    ]);
  });

  it('erases: shreds the key and refuses every deferred contact, and finishes on a redelivery', async () => {
    // Arrange
    const { deps, facts, store, shredded } = fixture();
    for (const id of ['r1', 'r2', 'r3']) await requestContact(deps, request(id));
    const erased = consumed(CustomerErased, { customerId: 'cus-1', at: later(1_000) });

    // Act
    await consumeFactsEvent(deps, erased);
    await consumeFactsEvent(deps, erased);

    // Assess
    expect(shredded).toEqual(['cus-1', 'cus-1']);
    expect(facts.records.get('cus-1')).toMatchObject({ erased: true, consents: {} });
    expect(store.of('cus-1').map((contact) => [contact.status, contact.rule])).toEqual([
      ['sent', 'allowed'],
      ['sent', 'allowed'],
      ['refused', 'customer-erased'],
    ]);
  });

  it('dead-letters a malformed event of its own without writing', async () => {
    // Arrange
    const { deps, facts } = fixture();
    const writes = facts.writes;
    const malformed: ConsumedEvent = {
      source: 'crm.customers',
      detailType: 'ConsentChanged',
      id: 'eb-1',
      time: NOW.toISOString(),
      detail: { customerId: 'cus-1', purpose: 'marketing' },
    };

    // Act
    const consuming = consumeFactsEvent(deps, malformed);

    // Assess
    await expect(consuming).rejects.toBeInstanceOf(UnprocessableEventError);
    expect(facts.writes).toBe(writes);
  });
});

describe('delivery results', () => {
  it('mark a sent contact delivered, count a delivered survey once, and clear a failed channel', async () => {
    // Arrange
    const { deps, facts, store } = fixture();
    facts.given('cus-1', { kind: 'channel-result', channel: 'email', failed: true, at: later(-1) });
    store.contacts.set('cus-1/con_s', {
      contactId: 'con_s',
      customerId: 'cus-1',
      requestId: 'survey-1',
      purpose: 'survey',
      templateId: 'survey-complaint',
      latestAt: later(86_400_000),
      requestedBy: 'crm.engagement',
      createdAt: NOW.toISOString(),
      status: 'sent',
      rule: 'allowed',
      channel: 'email',
      decisions: [{ at: NOW.toISOString(), outcome: 'sent', rule: 'allowed', channel: 'email' }],
      revision: 1,
    });
    const delivered = consumed(ContactDelivered, {
      contactId: 'con_s',
      customerId: 'cus-1',
      channel: 'email',
      provider: 'ses',
      at: later(1_000),
    });

    // Act
    await consumeDeliveryResult(deps, delivered);
    await consumeDeliveryResult(deps, delivered);

    // Assess
    expect(store.contacts.get('cus-1/con_s')).toMatchObject({
      status: 'delivered',
      delivery: { result: 'delivered', at: later(1_000), channel: 'email', provider: 'ses' },
    });
    expect(store.kpis).toEqual([{ branch: 'BJ01', at: later(1_000), increments: { surveysDelivered: 1 } }]);
    expect(facts.records.get('cus-1')?.channelResults.email).toEqual({ failed: false, at: later(1_000) });
  });

  it('records a failure with its reason, and a failed contact point on the facts', async () => {
    // Arrange
    const { deps, facts, store } = fixture();
    const { contactId } = await requestContact(deps, request('r1'));

    // Act
    await consumeDeliveryResult(
      deps,
      consumed(ContactDeliveryFailed, {
        contactId,
        customerId: 'cus-1',
        channel: 'sms',
        reason: 'bounced',
        contactPointFailed: true,
        at: later(1_000),
      }),
    );

    // Assess
    expect(store.contacts.get(`cus-1/${contactId}`)).toMatchObject({
      status: 'failed',
      delivery: { result: 'failed', reason: 'bounced', contactPointFailed: true },
    });
    expect(facts.records.get('cus-1')?.channelResults.sms).toEqual({ failed: true, at: later(1_000) });
  });
});
