import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CustomerSegmentChanged } from '../../../functions/activity/events.js';
import { ComplaintContactRequested } from '../../../functions/complaints/events.js';
import {
  ConsentChanged,
  ContactDelivered,
  ContactDeliveryFailed,
  ContactPreferencesChanged,
  CustomerErased,
  CustomerRegistered,
  CustomerRestricted,
} from '../../../functions/customers/events.js';
import { builtInTemplate } from '../../../functions/engagement/domain/default-templates.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import { engagementCapability } from '../../../functions/engagement/index.js';
import { contactsArea } from '../../../functions/engagement/service/contacts-area.js';
import type { EngagementBase } from '../../../functions/engagement/service/deps.js';
import type { TemplateReader, TemplateVersion } from '../../../functions/engagement/service/ports.js';
import { DynamoContactStore } from '../../../functions/engagement/store/dynamo-contact-store.js';
import { DynamoFactsStore } from '../../../functions/engagement/store/dynamo-facts-store.js';
import { kpiBucketKey, marketingCapKey } from '../../../functions/engagement/store/keys.js';
import { RecommendationContactRequested } from '../../../functions/recommendations/events.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import type { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import { localClient, scanAll } from '../../support/dynamo.js';

// Monday 10:00 in Shanghai: outside quiet hours.
const NOW = new Date('2026-03-02T02:00:00.000Z');
const DAY = 86_400_000;
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const nextId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

const TEMPLATES: Record<string, TemplateVersion> = {
  'spring-offer': {
    templateId: 'spring-offer',
    version: 3,
    purpose: 'marketing',
    locale: 'zh-CN',
    variants: {
      sms: { text: '{name}，春季优惠 {offer} 已上线。' },
      email: { subject: '春季优惠 {offer}', text: '{name}，您好：春季优惠 {offer} 已上线。' },
    },
    parameters: ['offer'],
  },
  'complaint-acknowledged': {
    templateId: 'complaint-acknowledged',
    version: 1,
    purpose: 'complaint-update',
    locale: 'zh-CN',
    variants: { sms: { text: '{name}，您的投诉 {reference} 已受理。' } },
    parameters: ['reference'],
  },
};
// The test's own versions first, then the built-in ones (as the template store falls back to them).
const templates: TemplateReader = {
  current: async (templateId) => TEMPLATES[templateId] ?? builtInTemplate(templateId),
};

describe('the contact path on DynamoDB Local', () => {
  const clock = new ControlledClock(NOW);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  let tables: { engagement: string; keys: string };
  let area: ReturnType<typeof contactsArea>;

  beforeAll(async () => {
    const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
      prefix: `it-eng-${randomUUID().slice(0, 8)}-`,
      capabilities: [engagementCapability],
    });
    tables = { engagement: created.tables.Engagement ?? '', keys: created.tables.EngagementKeys ?? '' };
    const base: EngagementBase = {
      db,
      tables,
      settings: DEFAULT_ENGAGEMENT_SETTINGS,
      clock,
      calendarMirror: new DynamoCalendarMirror(db, tables.engagement, clock),
      get cipher(): RecordCipher {
        throw new Error('The contact path opens no data key');
      },
      surveyTokens: {
        sign: async () => {
          throw new Error('unused');
        },
        verify: async () => false,
      },
    };
    area = contactsArea(base, { templates });
  });
  afterAll(() => db.destroy());

  const contacts = () => new DynamoContactStore(db, tables.engagement);
  const facts = () => new DynamoFactsStore(db, tables.engagement);

  let eventCount = 0;
  function consumed<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
    eventCount += 1;
    const event = buildEvent(definition, detail, clock.now());
    return {
      source: event.source,
      detailType: event.detailType,
      id: `eb-${eventCount}`,
      time: clock.now().toISOString(),
      detail: event.detail,
    };
  }

  async function registered(customerId = nextId('cus'), branch = 'BJ01') {
    await area.consume(
      consumed(CustomerRegistered, {
        customerId,
        customerType: 'individual',
        branch,
        rmId: 'rm-7',
        onboardedAt: NOW.toISOString(),
        at: NOW.toISOString(),
      }),
    );
    return customerId;
  }

  const marketingConsent = (customerId: string, channels: ('sms' | 'email')[], at: string) =>
    consumed(ConsentChanged, {
      customerId,
      purpose: 'marketing',
      granted: channels.length > 0,
      channels,
      at,
    });

  const marketing = (customerId: string, requestId = nextId('req')) => ({
    requestId,
    customerId,
    purpose: 'marketing' as const,
    templateId: 'spring-offer',
    parameters: { offer: 'SPRING26' },
    latestAt: later(30 * DAY),
    requestedBy: 'crm.marketing',
  });

  async function outbox(detailType: string, customerId: string) {
    const items = await scanAll(db, tables.engagement);
    return items
      .filter((item) => item.detailType === detailType)
      .map((item) => JSON.parse(String(item.detail)) as Record<string, unknown>)
      .filter((detail) => detail.customerId === customerId);
  }

  async function kpis(branch: string) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tables.engagement,
        Key: kpiBucketKey(branch, NOW.toISOString().slice(0, 10)),
      }),
    );
    return Item ?? {};
  }

  it('sends exactly the cap of 20 concurrent marketing requests and defers the rest with marketing-cap', async () => {
    // Arrange
    const customerId = await registered(nextId('cus'), 'SH01');
    await area.consume(marketingConsent(customerId, ['sms', 'email'], NOW.toISOString()));

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => area.requester.request(marketing(customerId))),
    );

    // Assess
    const sent = outcomes.filter((outcome) => outcome.decision.outcome === 'sent');
    const capped = outcomes.filter(
      (outcome) => outcome.decision.outcome === 'deferred' && outcome.decision.rule === 'marketing-cap',
    );
    expect(sent).toHaveLength(2);
    expect(capped).toHaveLength(18);
    const { Item: ledger } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: marketingCapKey(customerId) }),
    );
    expect(ledger?.sends).toHaveLength(2);
    const dispatched = await outbox('ContactDispatched', customerId);
    expect(dispatched).toHaveLength(2);
    expect(dispatched[0]).toMatchObject({
      channel: 'sms',
      templateVersion: 3,
      text: '{name}，春季优惠 SPRING26 已上线。',
    });
    expect(await outbox('ContactDecided', customerId)).toHaveLength(20);
    expect(await kpis('SH01')).toMatchObject({
      'sent:sms': 2,
      marketingSent: 2,
      'deferred:marketing-cap': 18,
    });
    // Deferred to when the first send leaves the rolling window.
    for (const outcome of capped) {
      expect(outcome.decision).toMatchObject({ dueAt: later(7 * DAY) });
    }
    // The history pages through every contact, newest first.
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await contacts().contactsOf(customerId, 8, cursor);
      listed.push(...page.items.map((contact) => contact.contactId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(listed).toEqual(
      outcomes
        .map((outcome) => outcome.contactId)
        .sort()
        .reverse(),
    );
  });

  it('refuses every queued marketing contact when the consent is withdrawn, and counts one opt-out', async () => {
    // Arrange
    const customerId = await registered(nextId('cus'), 'GZ01');
    await area.consume(marketingConsent(customerId, ['sms'], NOW.toISOString()));
    for (let index = 0; index < 5; index += 1) await area.requester.request(marketing(customerId));
    expect(await contacts().deferredOf(customerId)).toHaveLength(3);

    // Act
    clock.set(new Date(NOW.getTime() + 60_000));
    await area.consume(marketingConsent(customerId, [], later(60_000)));

    // Assess
    expect(await contacts().deferredOf(customerId)).toEqual([]);
    const page = await contacts().contactsOf(customerId, 10);
    expect(page.items.map((contact) => [contact.status, contact.rule]).sort()).toEqual([
      ['refused', 'consent-withdrawn'],
      ['refused', 'consent-withdrawn'],
      ['refused', 'consent-withdrawn'],
      ['sent', 'allowed'],
      ['sent', 'allowed'],
    ]);
    expect(await kpis('GZ01')).toMatchObject({ optOuts: 1, 'refused:consent-withdrawn': 3 });
    clock.set(NOW);
  });

  it('writes nothing twice for a redelivered request or event', async () => {
    // Arrange
    const customerId = await registered();
    const granted = marketingConsent(customerId, ['sms'], NOW.toISOString());
    await area.consume(granted);
    const request = marketing(customerId);
    const first = await area.requester.request(request);
    const before = await scanAll(db, tables.engagement);

    // Act
    const again = await area.requester.request(request);
    await area.consume(granted);
    await area.consume(
      consumed(CustomerRegistered, {
        customerId,
        customerType: 'individual',
        branch: 'BJ01',
        rmId: 'rm-7',
        onboardedAt: NOW.toISOString(),
        at: NOW.toISOString(),
      }),
    );

    // Assess
    expect(again).toEqual({ contactId: first.contactId, decision: first.decision, replayed: true });
    expect(await scanAll(db, tables.engagement)).toEqual(before);
  });

  it('decides a deferred contact again when it is due, with the facts as they are then', async () => {
    // Arrange: 23:00 in Shanghai is quiet; the contact waits for 08:00.
    const customerId = await registered();
    clock.set(new Date('2026-03-02T15:00:00.000Z'));
    const complaintId = nextId('cmp');
    await area.consume(
      consumed(ComplaintContactRequested, {
        requestId: `complaint-ack-${complaintId}`,
        customerId,
        purpose: 'complaint-update',
        templateId: 'complaint-acknowledged',
        parameters: { reference: complaintId },
        latestAt: '2026-03-05T15:00:00.000Z',
        regarding: complaintId,
      }),
    );
    const [deferred] = (await contacts().contactsOf(customerId, 10)).items;
    expect(deferred).toMatchObject({
      status: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
      requestedBy: 'crm.complaints',
    });

    // Act
    clock.set(new Date('2026-03-03T00:00:30.000Z'));
    const counts = await area.due('2026-03-03T00:00:30.000Z');

    // Assess
    expect(counts).toMatchObject({ contactsDecided: expect.any(Number), contactsFailed: 0 });
    const decided = await contacts().contact(customerId, deferred?.contactId ?? '');
    expect(decided).toMatchObject({ status: 'sent', rule: 'allowed', channel: 'sms', templateVersion: 1 });
    expect(decided?.decisions.map((entry) => entry.outcome)).toEqual(['deferred', 'sent']);
    expect(decided?.dueAt).toBeUndefined();
    expect(await contacts().dueContacts('2026-03-03T00:00:30.000Z')).not.toContainEqual({
      customerId,
      contactId: deferred?.contactId,
    });
    clock.set(NOW);
  });

  it('records delivery results, and avoids a channel whose contact point failed until it works again', async () => {
    // Arrange
    const customerId = await registered();
    await area.consume(marketingConsent(customerId, ['sms', 'email'], NOW.toISOString()));
    const first = await area.requester.request(marketing(customerId));

    // Act
    await area.consume(
      consumed(ContactDeliveryFailed, {
        contactId: first.contactId,
        customerId,
        channel: 'sms',
        reason: 'no-contact-point',
        contactPointFailed: true,
        at: later(1_000),
      }),
    );
    const second = await area.requester.request(marketing(customerId));
    await area.consume(
      consumed(ContactDelivered, {
        contactId: second.contactId,
        customerId,
        channel: 'email',
        provider: 'ses',
        at: later(2_000),
      }),
    );

    // Assess
    expect(await contacts().contact(customerId, first.contactId)).toMatchObject({
      status: 'failed',
      delivery: { result: 'failed', reason: 'no-contact-point', contactPointFailed: true },
    });
    expect(second.decision).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'email' });
    expect(await contacts().contact(customerId, second.contactId)).toMatchObject({ status: 'delivered' });
    expect(await area.facts.factsOf(customerId)).toMatchObject({ failedChannels: ['sms'] });
  });

  it('erases: consents cleared, the key shredded, every deferred contact refused', async () => {
    // Arrange
    const customerId = await registered();
    await area.consume(marketingConsent(customerId, ['sms'], NOW.toISOString()));
    for (let index = 0; index < 3; index += 1) await area.requester.request(marketing(customerId));
    await db.send(new PutCommand({ TableName: tables.keys, Item: { customerId, encryptedDataKey: 'a2V5' } }));

    // Act
    await area.consume(consumed(CustomerErased, { customerId, at: later(60_000) }));

    // Assess
    expect(await area.facts.factsOf(customerId)).toMatchObject({ erased: true, consents: {} });
    const { Item } = await db.send(new GetCommand({ TableName: tables.keys, Key: { customerId } }));
    expect(Item).toBeUndefined();
    expect(await contacts().deferredOf(customerId)).toEqual([]);
    const refused = (await contacts().contactsOf(customerId, 10)).items.filter(
      (contact) => contact.status === 'refused',
    );
    expect(refused.map((contact) => contact.rule)).toEqual(['customer-erased']);
    const after = await area.requester.request(marketing(customerId));
    expect(after.decision).toEqual({ outcome: 'refused', rule: 'customer-erased' });
  });

  it('keeps no name, mobile, e-mail address or free text anywhere in the table after a full scenario', async () => {
    // Arrange: what the customers capability holds about the customer, and never sends here.
    const pii = {
      name: '王小明',
      mobile: '13812345678',
      email: 'wang.xiaoming@example.com',
      freeText: '我对这次服务非常不满意',
    };
    const customerId = await registered();
    await area.consume(marketingConsent(customerId, ['sms', 'email'], NOW.toISOString()));
    await area.consume(
      consumed(ContactPreferencesChanged, {
        customerId,
        version: 2,
        preferredChannel: 'email',
        timeZone: 'Asia/Shanghai',
        at: NOW.toISOString(),
      }),
    );
    await area.consume(
      consumed(CustomerSegmentChanged, {
        customerId,
        dimension: 'compositeGrade',
        from: null,
        to: 'vip',
        at: NOW.toISOString(),
      }),
    );

    // Act: contacts sent, deferred, refused (a parameter that is a mobile number), delivered, erased.
    const sent = await area.requester.request(marketing(customerId));
    await area.requester.request(marketing(customerId));
    await area.requester.request(marketing(customerId));
    await area.consume(
      consumed(ComplaintContactRequested, {
        requestId: nextId('req'),
        customerId,
        purpose: 'complaint-update',
        templateId: 'complaint-acknowledged',
        parameters: { reference: pii.mobile },
        latestAt: later(3 * DAY),
        customerRequested: true,
      }),
    );
    await area.consume(
      consumed(ContactDelivered, {
        contactId: sent.contactId,
        customerId,
        channel: 'email',
        provider: 'ses',
        at: later(1_000),
      }),
    );
    await area.consume(
      consumed(CustomerRestricted, { customerId, reason: 'erasure-requested', at: later(2_000) }),
    );
    await area.consume(consumed(CustomerErased, { customerId, at: later(3_000) }));

    // Assess
    const stored = JSON.stringify(await scanAll(db, tables.engagement));
    for (const value of Object.values(pii)) expect(stored).not.toContain(value);
    const refused = (await contacts().contactsOf(customerId, 10)).items.find(
      (contact) => contact.purpose === 'complaint-update',
    );
    expect(refused).toMatchObject({ status: 'refused', rule: 'unknown-template' });
    expect(refused?.parameters).toBeUndefined();
    expect(await facts().get(customerId)).toMatchObject({ compositeGrade: 'vip', erased: true });
  });

  describe('a recommendation an RM sends (RecommendationContactRequested)', () => {
    const recommendation = (customerId: string, latestAt = later(7 * DAY)) => {
      const recommendationId = nextId('rec');
      return consumed(RecommendationContactRequested, {
        requestId: `recommendation-${recommendationId}`,
        customerId,
        purpose: 'marketing',
        preferredChannel: 'sms',
        templateId: 'product-recommendation',
        parameters: { productName: '稳盈 90 天理财' },
        latestAt,
        regarding: recommendationId,
      });
    };

    it('is sent with the built-in template when the marketing consent allows, asked by crm.recommendations', async () => {
      // Arrange
      const customerId = await registered();
      await area.consume(marketingConsent(customerId, ['sms'], NOW.toISOString()));

      // Act
      await area.consume(recommendation(customerId));

      // Assess
      const [contact] = (await contacts().contactsOf(customerId, 10)).items;
      expect(contact).toMatchObject({
        status: 'sent',
        rule: 'allowed',
        channel: 'sms',
        purpose: 'marketing',
        templateId: 'product-recommendation',
        requestedBy: 'crm.recommendations',
      });
      const [dispatched] = await outbox('ContactDispatched', customerId);
      expect(dispatched?.text).toContain('“稳盈 90 天理财”');
      expect(String(dispatched?.text).startsWith('{name}')).toBe(true);
    });

    it('is refused without the marketing consent and waits out quiet hours with it', async () => {
      // Arrange
      const withoutConsent = await registered();
      const consented = await registered();
      await area.consume(marketingConsent(consented, ['sms'], NOW.toISOString()));

      // Act
      await area.consume(recommendation(withoutConsent));
      // 23:00 in Shanghai (the clock only moves forward: a day after the other tests' times).
      clock.set(new Date('2026-03-03T15:00:00.000Z'));
      await area.consume(recommendation(consented));

      // Assess
      const [refused] = (await contacts().contactsOf(withoutConsent, 10)).items;
      expect(refused).toMatchObject({ status: 'refused', rule: 'no-consent' });
      const [deferred] = (await contacts().contactsOf(consented, 10)).items;
      expect(deferred).toMatchObject({
        status: 'deferred',
        rule: 'quiet-hours',
        dueAt: '2026-03-04T00:00:00.000Z',
      });
      expect(await outbox('ContactDispatched', withoutConsent)).toEqual([]);
    });

    it('counts against the marketing cap like any other marketing contact', async () => {
      // Arrange: two marketing sends already this week, at 10:00 in Shanghai.
      clock.set(new Date('2026-03-04T02:00:00.000Z'));
      const customerId = await registered();
      await area.consume(marketingConsent(customerId, ['sms'], NOW.toISOString()));
      await area.requester.request(marketing(customerId));
      await area.requester.request(marketing(customerId));

      // Act
      await area.consume(recommendation(customerId, later(3 * DAY)));

      // Assess: the window reopens in 7 days, after the recommendation's latest time.
      const newest = (await contacts().contactsOf(customerId, 10)).items.find(
        (contact) => contact.templateId === 'product-recommendation',
      );
      expect(newest).toMatchObject({ status: 'dropped', rule: 'marketing-cap' });
    });
  });
});
