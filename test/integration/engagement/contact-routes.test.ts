import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsentChanged, CustomerRegistered } from '../../../functions/customers/events.js';
import {
  contactDecisionSchema,
  contactPageSchema,
} from '../../../functions/engagement/api/contact-responses.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import { engagementCapability } from '../../../functions/engagement/index.js';
import { contactsArea } from '../../../functions/engagement/service/contacts-area.js';
import type { EngagementBase } from '../../../functions/engagement/service/deps.js';
import type { TemplateVersion } from '../../../functions/engagement/service/ports.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import type { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import { problemDocumentSchema, validationProblemSchema } from '../../../shared/http/problem-schema.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import { expectSchema } from '../../support/contract.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { engagementApi } from '../../support/engagement-api.js';
import type { CallOptions, RouteCall, TestCaller } from '../../support/route-caller.js';

// Monday 10:00 in Shanghai.
const NOW = new Date('2026-03-02T02:00:00.000Z');

const TEMPLATE: TemplateVersion = {
  templateId: 'spring-offer',
  version: 1,
  purpose: 'marketing',
  locale: 'zh-CN',
  variants: { sms: { text: '{name}，春季优惠 {offer}' } },
  parameters: ['offer'],
};

const callers = {
  rm: { sub: 'user-rm-7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' },
  otherRm: { sub: 'user-rm-8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' },
  compliance: { sub: 'user-co-1', role: 'compliance-officer' },
} as const satisfies Record<string, TestCaller>;

describe('the contact routes on DynamoDB Local, against their response contracts', () => {
  const clock = new ControlledClock(NOW);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  const customerId = `cus_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let table = '';
  let api: RouteCall;
  let area: ReturnType<typeof contactsArea>;

  function consumed<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
    const event = buildEvent(definition, detail, NOW);
    return {
      source: event.source,
      detailType: event.detailType,
      id: randomUUID(),
      time: NOW.toISOString(),
      detail: event.detail,
    };
  }

  beforeAll(async () => {
    const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
      prefix: `it-engapi-${randomUUID().slice(0, 8)}-`,
      capabilities: [engagementCapability],
    });
    table = created.tables.Engagement ?? '';
    const base: EngagementBase = {
      db,
      tables: { engagement: table, keys: created.tables.EngagementKeys ?? '' },
      settings: DEFAULT_ENGAGEMENT_SETTINGS,
      clock,
      calendarMirror: new DynamoCalendarMirror(db, table, clock),
      get cipher(): RecordCipher {
        throw new Error('The contact routes open no data key');
      },
      surveyTokens: {
        sign: () => Promise.reject(new Error('unused')),
        verify: () => Promise.resolve(false),
      },
    };
    area = contactsArea(base, {
      templates: {
        current: async (templateId) => (templateId === TEMPLATE.templateId ? TEMPLATE : undefined),
      },
    });
    api = engagementApi([area]);
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
    await area.consume(
      consumed(ConsentChanged, {
        customerId,
        purpose: 'marketing',
        granted: true,
        channels: ['sms'],
        at: NOW.toISOString(),
      }),
    );
  });
  afterAll(() => db.destroy());

  /** A call on the customer's contact history as one of `callers`. */
  const call = (caller: keyof typeof callers, method: string, options: CallOptions = {}) =>
    api(callers[caller], method, `/v1/customers/${customerId}/contacts`, options);

  const request = {
    purpose: 'marketing',
    templateId: 'spring-offer',
    parameters: { offer: 'S1' },
    latestAt: '2026-04-01T00:00:00.000Z',
  };

  it('answers requests and the history in their declared shapes, and a refused request writes nothing', async () => {
    // Act
    const decisions = [];
    for (const key of ['key-00000001', 'key-00000002', 'key-00000003']) {
      decisions.push(await call('rm', 'POST', { body: request, headers: { 'idempotency-key': key } }));
    }
    const before = await scanAll(db, table);
    const invalid = await call('rm', 'POST', {
      body: { ...request, parameters: { offer: '110101199003077777' } },
    });
    const outOfBook = await call('otherRm', 'GET');
    const page = await call('compliance', 'GET', { query: { limit: '2' } });

    // Assess
    expect(decisions.map((decision) => decision.status)).toEqual([202, 202, 202]);
    const bodies = decisions.map((decision) => expectSchema(contactDecisionSchema, decision.json));
    expect(bodies.map((body) => [body.outcome, body.rule])).toEqual([
      ['sent', 'allowed'],
      ['sent', 'allowed'],
      ['deferred', 'marketing-cap'],
    ]);
    expect(invalid.status).toBe(422);
    expectSchema(validationProblemSchema, invalid.json);
    expect(JSON.stringify(invalid.json)).not.toContain('110101199003077777');
    expect(await scanAll(db, table)).toEqual(before);
    expect(outOfBook.status).toBe(404);
    expectSchema(problemDocumentSchema, outOfBook.json);
    expect(page.status).toBe(200);
    const listed = expectSchema(contactPageSchema, page.json);
    expect(listed.items.map((item) => item.contactId)).toEqual([bodies[2]?.contactId, bodies[1]?.contactId]);
    expect(listed.cursor).toEqual(expect.any(String));
  });
});
