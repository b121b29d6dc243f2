import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CaptureSink, readCapturedMessages } from '../../../functions/customers/delivery/capture-sink.js';
import { type DeliveryDeps, processDeliveryEvent } from '../../../functions/customers/service/delivery.js';
import type { DeliveryPort } from '../../../functions/customers/service/delivery-port.js';
import { DynamoDeliveryLedger } from '../../../functions/customers/store/dynamo-delivery-ledger.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { type SesSampleKind, sesEventSample } from '../../support/ses-events.js';

/**
 * Delivery on DynamoDB Local, through the service the CustomersDelivery function runs: a
 * dispatched contact is decided again on the customer's record, the address and the name are
 * opened in memory and the message goes to the capture sink (the local cloud's provider), once
 * per contact; the result is announced from the customers outbox.
 */
describe('delivering dispatched contacts', () => {
  let h: CustomersHarness;
  let dir: string;
  let file: string;
  let deps: DeliveryDeps;
  /** The provider the service sends through: the capture sink unless a test puts another in front. */
  let provider: DeliveryPort;

  beforeAll(async () => {
    h = await customersHarness();
  });
  beforeEach(async () => {
    h.clock.use(new ControlledClock(new Date('2026-03-02T02:00:00.000Z')));
    dir = await mkdtemp(join(tmpdir(), 'delivery-'));
    file = join(dir, 'captured.jsonl');
    provider = new CaptureSink(file, h.clock);
    deps = {
      store: h.deps.store,
      cipher: h.deps.cipher,
      clock: h.clock,
      port: { send: (message) => provider.send(message) },
      ledger: new DynamoDeliveryLedger(h.db, h.tables.customers),
    };
  });
  afterEach(async () => {
    h.clock.reset();
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => h.close());

  async function register(): Promise<{ customerId: string; mobile: string; email: string }> {
    const body = individual();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    expect(created.status).toBe(201);
    return {
      customerId: String(created.json.customerId),
      mobile: String(body.mobile),
      email: String(body.email),
    };
  }

  function dispatched(customerId: string, overrides: Record<string, unknown> = {}): ConsumedEvent {
    const contactId = `con_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    return {
      source: 'crm.engagement',
      detailType: 'ContactDispatched',
      id: randomUUID(),
      time: '2026-03-02T02:00:00Z',
      detail: {
        eventId: `evt_${randomUUID()}`,
        occurredAt: '2026-03-02T02:00:00.000Z',
        contactId,
        customerId,
        purpose: 'complaint-update',
        channel: 'sms',
        templateId: 'complaint-acknowledged',
        templateVersion: 1,
        locale: 'zh-CN',
        text: '{name}，您好：您的投诉 C-1 已受理。',
        at: '2026-03-02T02:00:00.000Z',
        ...overrides,
      },
    };
  }
  const contactOf = (event: ConsumedEvent): string =>
    String((event.detail as { contactId: string }).contactId);
  const results = async (customerId: string) =>
    (await h.outboxEvents(customerId))
      .filter((entry) => entry.detailType.startsWith('ContactDeliver'))
      .map((entry): Record<string, unknown> => ({ detailType: entry.detailType, ...entry.detail }));

  it('sends an SMS to the mobile with the name filled in, and announces ContactDelivered', async () => {
    // Prepare
    const customer = await register();
    const event = dispatched(customer.customerId);

    // Act
    const outcome = await processDeliveryEvent(deps, event);

    // Assess
    expect(outcome).toEqual({ outcome: 'delivered', provider: 'capture' });
    expect(await readCapturedMessages(file)).toEqual([
      {
        contactId: contactOf(event),
        channel: 'sms',
        to: customer.mobile,
        text: '张三丰，您好：您的投诉 C-1 已受理。',
        at: '2026-03-02T02:00:00.000Z',
      },
    ]);
    expect(await results(customer.customerId)).toEqual([
      expect.objectContaining({
        detailType: 'ContactDelivered',
        contactId: contactOf(event),
        channel: 'sms',
        provider: 'capture',
      }),
    ]);
  });

  it('sends an e-mail to the e-mail address, its subject personalised too', async () => {
    const customer = await register();
    const event = dispatched(customer.customerId, {
      channel: 'email',
      subject: '{name}：投诉受理通知',
      purpose: 'survey',
    });

    await processDeliveryEvent(deps, event);

    expect(await readCapturedMessages(file)).toEqual([
      expect.objectContaining({ channel: 'email', to: customer.email, subject: '张三丰：投诉受理通知' }),
    ]);
  });

  it('sends nothing twice when the same contact is dispatched again', async () => {
    const customer = await register();
    const event = dispatched(customer.customerId);

    const first = await processDeliveryEvent(deps, event);
    const again = await processDeliveryEvent(deps, { ...event, id: randomUUID() });

    expect(first.outcome).toBe('delivered');
    expect(again).toEqual({ outcome: 'duplicate' });
    expect(await readCapturedMessages(file)).toHaveLength(1);
    expect(await results(customer.customerId)).toHaveLength(1);
  });

  it('refuses marketing after the customer withdrew the consent: ContactDeliveryFailed, nothing captured', async () => {
    // Prepare: granted on SMS, then withdrawn (after engagement decided).
    const customer = await register();
    const path = `/v1/customers/${customer.customerId}/consents/marketing`;
    const granted = await h.call(callers.rm, 'PUT', path, {
      headers: { 'if-match': '"1"' },
      body: { granted: true, channels: ['sms'] },
    });
    const withdrawnEvent = dispatched(customer.customerId, { purpose: 'marketing' });
    const grantedEvent = dispatched(customer.customerId, { purpose: 'marketing' });
    const sent = await processDeliveryEvent(deps, grantedEvent);
    await h.call(callers.rm, 'PUT', path, {
      headers: { 'if-match': granted.headers.etag ?? '' },
      body: { granted: false },
    });

    // Act
    const refused = await processDeliveryEvent(deps, withdrawnEvent);
    const redelivered = await processDeliveryEvent(deps, withdrawnEvent);

    // Assess
    expect(sent.outcome).toBe('delivered');
    expect(refused).toEqual({ outcome: 'failed', reason: 'consent-withdrawn', contactPointFailed: false });
    expect(redelivered).toEqual({ outcome: 'duplicate' });
    expect((await readCapturedMessages(file)).map((message) => message.contactId)).toEqual([
      contactOf(grantedEvent),
    ]);
    expect(
      (await results(customer.customerId)).filter((entry) => entry.detailType === 'ContactDeliveryFailed'),
    ).toEqual([
      expect.objectContaining({
        contactId: contactOf(withdrawnEvent),
        reason: 'consent-withdrawn',
        contactPointFailed: false,
      }),
    ]);
  });

  it('refuses care for a customer who asked for erasure, and delivers the update of their own complaint', async () => {
    const customer = await register();
    await h.call(callers.rm, 'POST', `/v1/customers/${customer.customerId}/erasure-requests`, { body: {} });

    const care = await processDeliveryEvent(deps, dispatched(customer.customerId, { purpose: 'care' }));
    const update = await processDeliveryEvent(deps, dispatched(customer.customerId));

    expect(care).toEqual({ outcome: 'failed', reason: 'restricted', contactPointFailed: false });
    expect(update.outcome).toBe('delivered');
  });

  it('gives the claim up when the provider fails for a moment, so the retry sends', async () => {
    const customer = await register();
    const event = dispatched(customer.customerId);
    const sink = provider;
    provider = { send: async () => Promise.reject(new Error('throttled')) };

    await expect(processDeliveryEvent(deps, event)).rejects.toThrow('throttled');
    provider = sink;
    const retried = await processDeliveryEvent(deps, event);

    expect(retried.outcome).toBe('delivered');
    expect(await readCapturedMessages(file)).toHaveLength(1);
  });

  it('announces a failed contact point when the provider refuses the address', async () => {
    const customer = await register();
    provider = { send: async () => ({ outcome: 'rejected', provider: 'sms', addressRejected: true }) };

    const outcome = await processDeliveryEvent(deps, dispatched(customer.customerId));

    expect(outcome).toEqual({ outcome: 'failed', reason: 'failed', contactPointFailed: true });
    expect(await results(customer.customerId)).toEqual([
      expect.objectContaining({
        detailType: 'ContactDeliveryFailed',
        reason: 'failed',
        contactPointFailed: true,
      }),
    ]);
  });

  describe("the gateway's reports", () => {
    function report(contactId: string, customerId: string, status: string, channel = 'sms'): ConsumedEvent {
      return {
        source: 'bank-messaging',
        detailType: 'MessageDeliveryReported',
        id: randomUUID(),
        time: '2026-03-02T02:05:00Z',
        detail: { contactId, customerId, channel, status, at: '2026-03-02T02:05:00.000Z' },
      };
    }

    it('turn a bounce into a failed contact point, once, and a delivery into ContactDelivered', async () => {
      // Prepare: two contacts handed to delivery.
      const customer = await register();
      const bounced = dispatched(customer.customerId);
      const delivered = dispatched(customer.customerId, { channel: 'app-push' });
      await processDeliveryEvent(deps, bounced);
      await processDeliveryEvent(deps, delivered);

      // Act
      const bounce = await processDeliveryEvent(
        deps,
        report(contactOf(bounced), customer.customerId, 'bounced'),
      );
      const repeated = await processDeliveryEvent(
        deps,
        report(contactOf(bounced), customer.customerId, 'bounced'),
      );
      const ok = await processDeliveryEvent(
        deps,
        report(contactOf(delivered), customer.customerId, 'delivered', 'app-push'),
      );

      // Assess
      expect(bounce).toEqual({ outcome: 'failed', reason: 'bounced', contactPointFailed: true });
      expect(repeated).toEqual({ outcome: 'duplicate' });
      expect(ok).toEqual({ outcome: 'delivered', provider: 'gateway' });
      const reported = (await results(customer.customerId)).filter(
        (entry) => entry.at === '2026-03-02T02:05:00.000Z',
      );
      // Both announced (the outbox does not order events written in the same instant).
      expect([...reported].sort((a, b) => String(a.detailType).localeCompare(String(b.detailType)))).toEqual([
        expect.objectContaining({ detailType: 'ContactDelivered', provider: 'gateway', channel: 'app-push' }),
        expect.objectContaining({
          detailType: 'ContactDeliveryFailed',
          reason: 'bounced',
          contactPointFailed: true,
        }),
      ]);
    });

    it('are refused (CONTACT_UNKNOWN) for a contact never handed to delivery, or for another customer', async () => {
      const customer = await register();
      const other = await register();
      const event = dispatched(customer.customerId);
      await processDeliveryEvent(deps, event);

      await expect(
        processDeliveryEvent(deps, report('con_NEVERSENT', customer.customerId, 'bounced')),
      ).rejects.toMatchObject({ code: 'CONTACT_UNKNOWN' });
      await expect(
        processDeliveryEvent(deps, report(contactOf(event), other.customerId, 'bounced')),
      ).rejects.toBeInstanceOf(UnprocessableEventError);
      expect(await results(other.customerId)).toEqual([]);
    });
  });

  describe("SES's events on an e-mail it accepted", () => {
    function ses(
      kind: SesSampleKind,
      recipient: string,
      tags?: { contactId: string; customerId: string },
    ): ConsumedEvent {
      return {
        source: 'aws.ses',
        id: randomUUID(),
        time: '2026-03-02T02:05:00Z',
        ...sesEventSample(kind, { recipient, ...(tags === undefined ? {} : { tags }) }),
      };
    }

    it('turn a bounce after delivery into a failed contact point, once, and keep the address nowhere', async () => {
      // Prepare: an e-mail accepted (delivered by the provider), then SES reports it delivered.
      const customer = await register();
      const sent = dispatched(customer.customerId, { channel: 'email', subject: '投诉受理通知' });
      await processDeliveryEvent(deps, sent);
      const tags = { contactId: contactOf(sent), customerId: customer.customerId };
      const delivered = await processDeliveryEvent(deps, ses('delivery', customer.email, tags));

      // Act: the recipient's server bounces it for good; EventBridge delivers the event twice.
      const bounce = await processDeliveryEvent(deps, ses('bounce-permanent', customer.email, tags));
      const redelivered = await processDeliveryEvent(deps, ses('bounce-permanent', customer.email, tags));

      // Assess
      expect(delivered).toEqual({ outcome: 'delivered', provider: 'ses' });
      expect(bounce).toEqual({ outcome: 'failed', reason: 'bounced', contactPointFailed: true });
      expect(redelivered).toEqual({ outcome: 'duplicate' });
      const reported = (await results(customer.customerId)).filter(
        (entry) => entry.at !== '2026-03-02T02:00:00.000Z',
      );
      expect([...reported].sort((a, b) => String(a.at).localeCompare(String(b.at)))).toEqual([
        expect.objectContaining({
          detailType: 'ContactDelivered',
          provider: 'ses',
          at: '2026-03-02T02:00:02.000Z',
        }),
        expect.objectContaining({
          detailType: 'ContactDeliveryFailed',
          contactId: contactOf(sent),
          channel: 'email',
          reason: 'bounced',
          contactPointFailed: true,
          at: '2026-03-02T02:00:03.669Z',
        }),
      ]);
      expect(JSON.stringify(await h.rawItems())).not.toContain(customer.email);
    });

    it('record a complaint as a failure that keeps the address', async () => {
      const customer = await register();
      const sent = dispatched(customer.customerId, { channel: 'email' });
      await processDeliveryEvent(deps, sent);
      const tags = { contactId: contactOf(sent), customerId: customer.customerId };

      const complaint = await processDeliveryEvent(deps, ses('complaint', customer.email, tags));

      expect(complaint).toEqual({ outcome: 'failed', reason: 'failed', contactPointFailed: false });
    });

    it('are refused (CONTACT_UNKNOWN) for an e-mail never handed to delivery, untagged, or of another customer', async () => {
      const customer = await register();
      const other = await register();
      const sms = dispatched(customer.customerId);
      await processDeliveryEvent(deps, sms);

      for (const event of [
        ses('bounce-permanent', customer.email, {
          contactId: 'con_NEVERSENT',
          customerId: customer.customerId,
        }),
        ses('bounce-permanent', customer.email),
        ses('bounce-permanent', other.email, { contactId: contactOf(sms), customerId: other.customerId }),
        // The contact went out by SMS: an e-mail event cannot report on it.
        ses('bounce-permanent', customer.email, {
          contactId: contactOf(sms),
          customerId: customer.customerId,
        }),
      ]) {
        await expect(processDeliveryEvent(deps, event)).rejects.toMatchObject({ code: 'CONTACT_UNKNOWN' });
      }
      expect(await results(other.customerId)).toEqual([]);
    });
  });

  it('keeps no address, name or text in what it stores and announces', async () => {
    const customer = await register();
    await processDeliveryEvent(deps, dispatched(customer.customerId));
    await processDeliveryEvent(deps, dispatched(customer.customerId, { channel: 'email' }));

    const stored = (await h.rawItems()).filter(
      (item) => String(item.pk).startsWith('DELIVERY#') || item.entityType === 'OUTBOX',
    );

    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(customer.mobile);
    expect(JSON.stringify(stored)).not.toContain(customer.email);
    expect(JSON.stringify(stored)).not.toMatch(/张三丰|投诉 C-1/);
  });
});
