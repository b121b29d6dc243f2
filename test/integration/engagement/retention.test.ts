import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsentChanged, CustomerRegistered } from '../../../functions/customers/events.js';
import type { EngagementArea } from '../../../functions/engagement/service/area.js';
import { engagementAreas } from '../../../functions/engagement/service/areas.js';
import { DynamoContactStore } from '../../../functions/engagement/store/dynamo-contact-store.js';
import { surveyKey } from '../../../functions/engagement/store/keys.js';
import { RetentionContactRequested, RetentionSurveyRequested } from '../../../functions/retention/events.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import type { EventDefinition, EventDetailInput } from '../../../shared/events/index.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { engagementApi } from '../../support/engagement-api.js';
import { localEngagementBase } from '../../support/engagement-base.js';
import type { RouteCall } from '../../support/route-caller.js';

// Monday 10:00 in Shanghai: outside quiet hours.
const NOW = new Date('2026-03-02T02:00:00.000Z');
// The same Monday at 23:00 in Shanghai: quiet until 08:00.
const QUIET = new Date('2026-03-02T15:00:00.000Z');
const DAY = 86_400_000;
const nextId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

/**
 * What a retention case asks of engagement (docs/domain-rules.md §20.5), through every area as
 * the consumer runs them, with the built-in templates: care contacts and offers decided by the
 * contact policy like any request, and the survey of a medium-risk case.
 */
describe("a retention case's contacts and surveys, on DynamoDB Local", () => {
  const clock = new ControlledClock(NOW);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  let tables: { engagement: string; keys: string };
  let areas: readonly EngagementArea[];
  let api: RouteCall;

  beforeAll(async () => {
    const base = await localEngagementBase(db, clock, 'it-ret');
    tables = base.tables;
    areas = engagementAreas(base);
    api = engagementApi(areas);
  });
  afterAll(() => db.destroy());

  let eventCount = 0;
  /** Delivers an event to every area, as the consumer does. */
  async function deliver<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>) {
    eventCount += 1;
    const consumed = consumedEvent(definition, detail, clock.now(), `eb-${eventCount}`);
    for (const area of areas) await area.consume(consumed);
  }

  async function registered(marketingChannels: ('sms' | 'email')[] = []): Promise<string> {
    const customerId = nextId('cus');
    await deliver(CustomerRegistered, {
      customerId,
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-7',
      onboardedAt: NOW.toISOString(),
      at: NOW.toISOString(),
    });
    if (marketingChannels.length > 0) {
      await deliver(ConsentChanged, {
        customerId,
        purpose: 'marketing',
        granted: true,
        channels: marketingChannels,
        at: NOW.toISOString(),
      });
    }
    return customerId;
  }

  const contactRequest = (customerId: string, kind: 'care' | 'offer') => {
    const caseId = nextId('ret');
    return {
      requestId: `retention-${kind}-${caseId}`,
      customerId,
      purpose: kind === 'care' ? ('care' as const) : ('marketing' as const),
      templateId: kind === 'care' ? 'retention-care' : 'retention-offer',
      latestAt: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
      regarding: caseId,
    };
  };

  const contactsOf = async (customerId: string) =>
    (await new DynamoContactStore(db, tables.engagement).contactsOf(customerId, 10)).items;

  async function outbox(detailType: string, customerId: string) {
    return (await scanAll(db, tables.engagement))
      .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE && item.detailType === detailType)
      .map((item) => JSON.parse(String(item.detail)) as Record<string, unknown>)
      .filter((detail) => detail.customerId === customerId);
  }

  it('sends a care contact to a customer without marketing consent, with the built-in text, asked by crm.retention', async () => {
    // Arrange
    const customerId = await registered();
    const request = contactRequest(customerId, 'care');

    // Act
    await deliver(RetentionContactRequested, request);

    // Assess
    const [contact] = await contactsOf(customerId);
    expect(contact).toMatchObject({
      status: 'sent',
      rule: 'allowed',
      purpose: 'care',
      templateId: 'retention-care',
      requestedBy: 'crm.retention',
      regarding: request.regarding,
    });
    const [dispatched] = await outbox('ContactDispatched', customerId);
    expect(dispatched).toMatchObject({ purpose: 'care', templateId: 'retention-care', templateVersion: 1 });
    expect(String(dispatched?.text).startsWith('{name}，您好：感谢您')).toBe(true);
  });

  it("refuses the case's offer (marketing) to a customer without marketing consent, and sends it with consent", async () => {
    // Arrange
    const withoutConsent = await registered();
    const consented = await registered(['sms']);

    // Act
    await deliver(RetentionContactRequested, contactRequest(withoutConsent, 'offer'));
    await deliver(RetentionContactRequested, contactRequest(consented, 'offer'));

    // Assess
    expect((await contactsOf(withoutConsent))[0]).toMatchObject({ status: 'refused', rule: 'no-consent' });
    expect(await outbox('ContactDispatched', withoutConsent)).toEqual([]);
    expect((await contactsOf(consented))[0]).toMatchObject({
      status: 'sent',
      purpose: 'marketing',
      channel: 'sms',
      templateId: 'retention-offer',
    });
  });

  it('defers both a care contact and an offer asked in quiet hours to their end', async () => {
    // Arrange: 23:00 in Shanghai (the clock only moves forward: after the tests above).
    const customerId = await registered(['sms']);
    clock.set(QUIET);

    // Act
    await deliver(RetentionContactRequested, contactRequest(customerId, 'care'));
    await deliver(RetentionContactRequested, contactRequest(customerId, 'offer'));

    // Assess
    const contacts = await contactsOf(customerId);
    expect(
      contacts.map((contact) => [contact.purpose, contact.status, contact.rule, contact.dueAt]).sort(),
    ).toEqual([
      ['care', 'deferred', 'quiet-hours', '2026-03-03T00:00:00.000Z'],
      ['marketing', 'deferred', 'quiet-hours', '2026-03-03T00:00:00.000Z'],
    ]);
    expect(await outbox('ContactDispatched', customerId)).toEqual([]);
  });

  it('sends the survey a case asks for once however often the request comes, and announces its trigger when sent and answered', async () => {
    // Arrange: 10:00 in Shanghai the next day.
    clock.set(new Date(NOW.getTime() + DAY));
    const customerId = await registered();
    const caseId = nextId('ret');
    const requested = {
      requestId: `retention-survey-${caseId}`,
      caseId,
      customerId,
      branch: 'BJ01',
      at: clock.now().toISOString(),
    };

    // Act
    await deliver(RetentionSurveyRequested, requested);
    await deliver(RetentionSurveyRequested, requested);

    // Assess
    const surveyId = `retention-${requested.requestId}`;
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: surveyKey(surveyId) }),
    );
    expect(Item).toMatchObject({ status: 'sent', trigger: 'retention', customerId, branch: 'BJ01' });
    const sent = await outbox('SurveySent', customerId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ surveyId, trigger: 'retention', branch: 'BJ01' });
    const dispatched = await outbox('ContactDispatched', customerId);
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]).toMatchObject({ purpose: 'survey', templateId: 'survey-relationship' });
    // The customer answers through the link: SurveyAnswered carries the trigger too.
    const token = /\/v1\/public\/surveys\/([A-Za-z0-9_.-]+)/.exec(String(dispatched[0]?.text))?.[1];
    const answered = await api(undefined, 'POST', `/v1/public/surveys/${token ?? ''}`, {
      body: { csat: 4, nps: 8 },
    });
    expect(answered.status).toBe(200);
    expect(await outbox('SurveyAnswered', customerId)).toEqual([
      expect.objectContaining({ surveyId, trigger: 'retention', csat: 4, nps: 8 }),
    ]);
  });
});
