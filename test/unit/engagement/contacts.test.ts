import { describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../../functions/engagement/domain/model.js';
import {
  decideAgain,
  refuseDeferred,
  requestContact,
} from '../../../functions/engagement/service/contacts.js';
import { decideDueContacts } from '../../../functions/engagement/service/due-contacts.js';
import { contactPathFixture, knownCustomer, NOW } from './contact-fakes.js';

const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const marketing = (overrides: Partial<ContactRequest> = {}): ContactRequest => ({
  requestId: 'req-1',
  customerId: 'cus-1',
  purpose: 'marketing',
  templateId: 'spring-offer',
  parameters: { offer: 'SPRING26' },
  latestAt: at(30 * DAY),
  requestedBy: 'crm.marketing',
  ...overrides,
});

describe('requesting a contact', () => {
  it('sends, records the decision, dispatches the rendered text and counts it', async () => {
    // Arrange
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);

    // Act
    const outcome = await requestContact(deps, marketing());

    // Assess
    expect(outcome).toMatchObject({
      decision: { outcome: 'sent', rule: 'allowed', channel: 'sms' },
      replayed: false,
    });
    expect(outcome.contactId).toMatch(/^con_/);
    expect(store.of('cus-1')).toEqual([
      expect.objectContaining({
        contactId: outcome.contactId,
        status: 'sent',
        rule: 'allowed',
        channel: 'sms',
        templateVersion: 2,
        parameters: { offer: 'SPRING26' },
        decisions: [{ at: NOW.toISOString(), outcome: 'sent', rule: 'allowed', channel: 'sms' }],
      }),
    ]);
    expect(store.events.map((event) => event.detailType)).toEqual(['ContactDecided', 'ContactDispatched']);
    expect(store.events[1]?.detail).toMatchObject({
      channel: 'sms',
      templateId: 'spring-offer',
      templateVersion: 2,
      locale: 'zh-CN',
      text: '{name}，春季优惠 SPRING26',
    });
    expect(store.ledgers.get('cus-1')).toEqual({ sends: [NOW.toISOString()], version: 1 });
    expect(store.kpis).toEqual([
      { branch: 'BJ01', at: NOW.toISOString(), increments: { 'sent:sms': 1, marketingSent: 1 } },
    ]);
  });

  it('answers a request already decided with its first decision and writes nothing', async () => {
    // Arrange
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);
    const first = await requestContact(deps, marketing());

    // Act
    const again = await requestContact(deps, marketing());

    // Assess
    expect(again).toEqual({ contactId: first.contactId, decision: first.decision, replayed: true });
    expect(store.writes).toBe(1);
  });

  it('decides again on the ledger as it is when another send took it first, so the cap holds', async () => {
    // Arrange: one send in the window; another request's send lands between the read and the write.
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);
    store.ledgers.set('cus-1', { sends: [at(-DAY)], version: 1 });
    store.beforeNextWrite = () => store.ledgers.set('cus-1', { sends: [at(-DAY), at(-1)], version: 2 });

    // Act
    const outcome = await requestContact(deps, marketing());

    // Assess
    expect(outcome.decision).toEqual({
      outcome: 'deferred',
      rule: 'marketing-cap',
      dueAt: at(6 * DAY),
      channel: 'sms',
    });
    expect(store.ledgers.get('cus-1')?.version).toBe(2);
    expect(store.kpis).toEqual([
      { branch: 'BJ01', at: NOW.toISOString(), increments: { 'deferred:marketing-cap': 1 } },
    ]);
  });

  it('keeps only the sends still in the window when it appends one', async () => {
    // Arrange
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);
    store.ledgers.set('cus-1', { sends: [at(-8 * DAY), at(-7 * DAY), at(-DAY)], version: 4 });

    // Act
    await requestContact(deps, marketing());

    // Assess
    expect(store.ledgers.get('cus-1')).toEqual({ sends: [at(-DAY), NOW.toISOString()], version: 5 });
  });

  it('answers the first decision when another delivery of the same request was recorded first', async () => {
    // Arrange
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);
    store.beforeNextWrite = () => {
      store.requests.set('req-1', { customerId: 'cus-1', contactId: 'con_winner' });
      store.contacts.set('cus-1/con_winner', {
        contactId: 'con_winner',
        customerId: 'cus-1',
        requestId: 'req-1',
        purpose: 'marketing',
        templateId: 'spring-offer',
        latestAt: at(30 * DAY),
        requestedBy: 'crm.marketing',
        createdAt: NOW.toISOString(),
        status: 'sent',
        rule: 'allowed',
        channel: 'email',
        decisions: [{ at: NOW.toISOString(), outcome: 'sent', rule: 'allowed', channel: 'email' }],
        revision: 1,
      });
    };

    // Act
    const outcome = await requestContact(deps, marketing());

    // Assess
    expect(outcome).toEqual({
      contactId: 'con_winner',
      decision: { outcome: 'sent', rule: 'allowed', channel: 'email' },
      replayed: true,
    });
    expect(store.writes).toBe(0);
  });

  it('refuses a customer the mirror does not know, and counts nothing (no branch to count in)', async () => {
    // Arrange
    const { deps, store } = contactPathFixture();

    // Act
    const outcome = await requestContact(deps, marketing({ customerId: 'cus-unknown' }));

    // Assess
    expect(outcome.decision).toEqual({ outcome: 'refused', rule: 'unknown-customer' });
    expect(store.of('cus-unknown')).toHaveLength(1);
    expect(store.kpis).toEqual([]);
  });

  it('refuses parameters that look like a personal identifier as an unknown template, and keeps none of them', async () => {
    // Arrange
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);

    // Act
    const outcome = await requestContact(deps, marketing({ parameters: { offer: '13812345678' } }));

    // Assess
    expect(outcome.decision).toEqual({ outcome: 'refused', rule: 'unknown-template' });
    expect(store.of('cus-1')[0]?.parameters).toBeUndefined();
    expect(JSON.stringify([...store.contacts.values(), store.events])).not.toContain('13812345678');
  });
});

describe('deferred contacts', () => {
  it('are decided again when due, with the facts as they are then', async () => {
    // Arrange: 23:00 in Shanghai, quiet; due at 08:00.
    const { deps, facts, store, clock } = contactPathFixture();
    knownCustomer(facts);
    clock.set(new Date('2026-03-02T15:00:00.000Z'));
    const { contactId, decision } = await requestContact(
      deps,
      marketing({ purpose: 'service', templateId: 'service-notice', parameters: { notice: 'N-1' } }),
    );
    expect(decision).toMatchObject({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
    });

    // Act
    clock.set(new Date('2026-03-03T00:00:10.000Z'));
    const early = await decideDueContacts(deps, '2026-03-02T23:59:00.000Z');
    const due = await decideDueContacts(deps, '2026-03-03T00:00:10.000Z');

    // Assess
    expect(early).toEqual({ contactsDecided: 0, contactsFailed: 0 });
    expect(due).toEqual({ contactsDecided: 1, contactsFailed: 0 });
    const contact = store.contacts.get(`cus-1/${contactId}`);
    expect(contact).toMatchObject({ status: 'sent', rule: 'allowed', channel: 'sms', dueAt: undefined });
    expect(contact?.decisions.map((entry) => [entry.outcome, entry.rule])).toEqual([
      ['deferred', 'quiet-hours'],
      ['sent', 'allowed'],
    ]);
    expect(store.events.filter((event) => event.detailType === 'ContactDispatched')).toHaveLength(1);
  });

  it('leave a contact decided meanwhile as it is', async () => {
    // Arrange
    const { deps, facts, store, clock } = contactPathFixture();
    knownCustomer(facts);
    clock.set(new Date('2026-03-02T15:00:00.000Z'));
    const { contactId } = await requestContact(
      deps,
      marketing({ purpose: 'service', templateId: 'service-notice', parameters: { notice: 'N-1' } }),
    );
    const writes = store.writes;
    // Another run decides the contact between this run's read and its write.
    store.beforeNextWrite = () => {
      const stored = store.contacts.get(`cus-1/${contactId}`);
      if (stored !== undefined)
        store.contacts.set(`cus-1/${contactId}`, { ...stored, status: 'sent', revision: 9 });
    };

    // Act
    clock.set(new Date('2026-03-03T00:00:10.000Z'));
    const outcome = await decideAgain(deps, { customerId: 'cus-1', contactId });

    // Assess
    expect(outcome).toBe('gone');
    expect(store.writes).toBe(writes);
  });

  it('are refused with the rule that ended them, once', async () => {
    // Arrange: a full cap defers two more marketing contacts.
    const { deps, facts, store } = contactPathFixture();
    knownCustomer(facts);
    for (const requestId of ['r1', 'r2', 'r3', 'r4']) await requestContact(deps, marketing({ requestId }));

    // Act
    const refused = await refuseDeferred(deps, 'cus-1', 'consent-withdrawn', () => true);
    const again = await refuseDeferred(deps, 'cus-1', 'consent-withdrawn', () => true);

    // Assess
    expect([refused, again]).toEqual([2, 0]);
    expect(store.of('cus-1').map((contact) => contact.status)).toEqual([
      'sent',
      'sent',
      'refused',
      'refused',
    ]);
    expect(store.kpis.at(-1)).toMatchObject({ increments: { 'refused:consent-withdrawn': 1 } });
  });
});
