import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ComplaintClosed } from '../../../functions/complaints/events.js';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import { contactsArea } from '../../../functions/engagement/service/contacts-area.js';
import type { TemplateReader, TemplateVersion } from '../../../functions/engagement/service/ports.js';
import {
  RELATIONSHIP_SURVEYS_JOB,
  relationshipSurveysSegment,
} from '../../../functions/engagement/service/relationship-surveys.js';
import { SURVEY_TEXT_FIELD } from '../../../functions/engagement/service/surveys.js';
import { surveyDeps, surveysArea } from '../../../functions/engagement/service/surveys-area.js';
import { DynamoCustomerKeys } from '../../../functions/engagement/store/customer-keys.js';
import { kpiBucketKey, surveyKey, surveyTextKey } from '../../../functions/engagement/store/keys.js';
import type { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import type { EventDefinition, EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { engagementApi } from '../../support/engagement-api.js';
import { localEngagementBase } from '../../support/engagement-base.js';
import { runPassToEnd } from '../../support/pass-runner.js';
import type { RouteCall } from '../../support/route-caller.js';

// Monday 10:00 in Shanghai: outside quiet hours.
const NOW = new Date('2026-03-02T02:00:00.000Z');
const DAY = 86_400_000;
const SECRET_TEXT = 'Refund came late — plaintext marker QX#77';
const nextId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

// The built-in survey templates are the templates area's; these stand in for them here.
const surveyTemplate = (templateId: string): TemplateVersion => ({
  templateId,
  version: 1,
  purpose: 'survey',
  locale: 'zh-CN',
  variants: { sms: { text: '{name}，请评价我们的服务：{link}' } },
  parameters: ['link'],
});
const templates: TemplateReader = {
  current: async (templateId) =>
    ['survey-complaint', 'survey-relationship'].includes(templateId) ? surveyTemplate(templateId) : undefined,
};

describe('surveys on DynamoDB Local', () => {
  const clock = new ControlledClock(NOW);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  let cipher: RecordCipher;
  let tables: { engagement: string; keys: string };
  let contacts: ReturnType<typeof contactsArea>;
  let surveys: ReturnType<typeof surveysArea>;
  let api: RouteCall;
  let base: Awaited<ReturnType<typeof localEngagementBase>>;

  beforeAll(async () => {
    base = await localEngagementBase(db, clock, 'it-srv');
    tables = base.tables;
    cipher = base.cipher;
    contacts = contactsArea(base, { templates });
    surveys = surveysArea(base, { contacts: contacts.requester, facts: contacts.facts });
    api = engagementApi([contacts, surveys]);
  });
  afterAll(() => db.destroy());

  let eventCount = 0;
  function consumed<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
    eventCount += 1;
    return consumedEvent(definition, detail, clock.now(), `eb-${eventCount}`);
  }

  async function registered(customerId = nextId('cus')): Promise<string> {
    await contacts.consume(
      consumed(CustomerRegistered, {
        customerId,
        customerType: 'individual',
        branch: 'BJ01',
        rmId: 'rm-7',
        onboardedAt: NOW.toISOString(),
        at: NOW.toISOString(),
      }),
    );
    return customerId;
  }

  const closed = (customerId: string, complaintId: string) =>
    consumed(ComplaintClosed, {
      complaintId,
      customerId,
      branch: 'BJ01',
      rootCause: 'fee-error',
      outcome: 'upheld',
      channel: 'phone',
      category: 'fees',
    });

  const outbox = async (detailType: string, surveyId: string) =>
    (await scanAll(db, tables.engagement)).filter(
      (item) =>
        item.entityType === OUTBOX_ENTITY_TYPE &&
        item.detailType === detailType &&
        String(item.detail).includes(surveyId),
    );

  /** The token of the link a ContactDispatched for the customer carried. */
  async function dispatchedToken(customerId: string): Promise<string> {
    const dispatched = (await scanAll(db, tables.engagement)).find(
      (item) =>
        item.entityType === OUTBOX_ENTITY_TYPE &&
        item.detailType === 'ContactDispatched' &&
        String(item.detail).includes(customerId),
    );
    const text = String(JSON.parse(String(dispatched?.detail ?? '{}')).text ?? '');
    const link = /http:\/\/localhost:3000\/v1\/public\/surveys\/([A-Za-z0-9_.-]+)/.exec(text);
    if (link?.[1] === undefined) throw new Error('no survey link was dispatched');
    return link[1];
  }

  /** A public call (no token) on the survey behind `token`. */
  const call = (method: 'GET' | 'POST', token: string, body?: unknown) =>
    api(undefined, method, `/v1/public/surveys/${token}`, body === undefined ? {} : { body });

  async function surveyAfterClosedComplaint(): Promise<{
    customerId: string;
    surveyId: string;
    token: string;
  }> {
    const customerId = await registered();
    const complaintId = nextId('cmp');
    await surveys.consume(closed(customerId, complaintId));
    return { customerId, surveyId: `complaint-${complaintId}`, token: await dispatchedToken(customerId) };
  }

  it('sends a survey through the contact path after ComplaintClosed, once however often it comes', async () => {
    const customerId = await registered();
    const complaintId = nextId('cmp');
    await surveys.consume(closed(customerId, complaintId));
    await surveys.consume(closed(customerId, complaintId));

    const surveyId = `complaint-${complaintId}`;
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: surveyKey(surveyId) }),
    );
    expect(Item).toMatchObject({
      status: 'sent',
      trigger: 'complaint-closed',
      customerId,
      dueKey: 'SURVEY-EXPIRY',
      dueAt: new Date(NOW.getTime() + 14 * DAY).toISOString(),
    });
    expect(await outbox('SurveySent', surveyId)).toHaveLength(1);
    const dispatched = (await scanAll(db, tables.engagement)).filter(
      (item) => item.detailType === 'ContactDispatched' && String(item.detail).includes(customerId),
    );
    expect(dispatched).toHaveLength(1);
    expect((await call('GET', await dispatchedToken(customerId))).status).toBe(200);
  });

  it('records one of two concurrent answers with one link, with its event, counters and sealed text', async () => {
    const { customerId, surveyId, token } = await surveyAfterClosedComplaint();
    const before = await db.send(
      new GetCommand({
        TableName: tables.engagement,
        Key: kpiBucketKey('BJ01', NOW.toISOString().slice(0, 10)),
      }),
    );

    const answers = await Promise.all([
      call('POST', token, { csat: 2, nps: 4, text: SECRET_TEXT, unresolved: true }),
      call('POST', token, { csat: 2, nps: 4, text: SECRET_TEXT, unresolved: true }),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.json.code).toBe('survey-already-answered');
    expect(await outbox('SurveyAnswered', surveyId)).toHaveLength(1);
    const [event] = await outbox('SurveyAnswered', surveyId);
    expect(JSON.parse(String(event?.detail))).toMatchObject({
      csat: 2,
      nps: 4,
      unresolved: true,
      hasText: true,
    });
    const after = await db.send(
      new GetCommand({
        TableName: tables.engagement,
        Key: kpiBucketKey('BJ01', NOW.toISOString().slice(0, 10)),
      }),
    );
    const counter = (name: string) => Number(after.Item?.[name] ?? 0) - Number(before.Item?.[name] ?? 0);
    expect([
      counter('surveysAnswered'),
      counter('csatAnswers'),
      counter('csatSum'),
      counter('npsDetractors'),
    ]).toEqual([1, 1, 2, 1]);
    // The text is sealed with the customer's engagement key, and nowhere in the clear.
    const keys = new DynamoCustomerKeys(db, tables.keys, () => cipher);
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: surveyTextKey(surveyId) }),
    );
    const sealer = await keys.existingSealerFor(customerId);
    expect(sealer?.open(surveyId, SURVEY_TEXT_FIELD, String(Item?.sealedText))).toBe(SECRET_TEXT);
    const everything = JSON.stringify([
      ...(await scanAll(db, tables.engagement)),
      ...(await scanAll(db, tables.keys)),
    ]);
    expect(everything).not.toContain('QX#77');
    // Erasure shreds the key: the sealed text no longer opens anywhere.
    await keys.shred(customerId);
    expect(await keys.existingSealerFor(customerId)).toBeUndefined();
    expect((await call('POST', token, { csat: 5 })).status).toBe(409);
  });

  it('marks an unanswered survey expired when its link expires, and refuses it with 410', async () => {
    const { surveyId, token } = await surveyAfterClosedComplaint();
    clock.set(new Date(NOW.getTime() + 14 * DAY));

    const counts = await surveys.due(clock.now().toISOString());
    expect(counts.surveysExpired).toBeGreaterThanOrEqual(1);
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: surveyKey(surveyId) }),
    );
    expect(Item?.status).toBe('expired');
    expect(Item?.dueKey).toBeUndefined();
    expect((await call('POST', token, { csat: 5 })).status).toBe(410);
  });

  it('asks every active customer on 1 December, once, over 3 segments of the scan and resumed cursors', async () => {
    const customerId = await registered();
    const others = [await registered(), await registered(), await registered()];
    clock.set(new Date('2026-12-01T01:30:00.000Z'));
    const asked: string[] = [];
    const deps = surveyDeps(base, {
      contacts: {
        request: (request) => {
          asked.push(request.customerId);
          return contacts.requester.request(request);
        },
      },
      facts: contacts.facts,
    });
    const letters: DeadLetter[] = [];
    const items = new JobItems(RELATIONSHIP_SURVEYS_JOB, {
      send: async (letter) => void letters.push(letter),
    });
    // Each invocation stops after one page of 2 facts items: every segment resumes from cursors.
    const round = () =>
      runPassToEnd(
        (input, stillHasTime) => relationshipSurveysSegment(deps, items, input, stillHasTime, 2),
        {
          pass: 'RelationshipSurveys',
          job: RELATIONSHIP_SURVEYS_JOB,
          startedAt: clock.now(),
          totalSegments: 3,
        },
        () => false,
      );

    const first = await round();
    const again = await round();

    const sent = (runs: typeof first) =>
      runs.reduce((sum, run) => sum + run.counts.relationshipSurveysSent, 0);
    expect(sent(first)).toBeGreaterThanOrEqual(4);
    expect(sent(again)).toBe(0);
    expect(letters).toEqual([]);
    // Every active customer asked once per round (the second round finds each survey made).
    const firstRound = asked.slice(0, sent(first));
    expect(new Set(firstRound).size).toBe(firstRound.length);
    for (const id of [customerId, ...others]) expect(firstRound).toContain(id);
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.engagement, Key: surveyKey(`relationship-2026-${customerId}`) }),
    );
    expect(Item).toMatchObject({ trigger: 'relationship-yearly', status: 'sent' });
  });
});
