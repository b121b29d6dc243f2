import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyToken } from '../../functions/engagement/domain/survey.js';
import { engagementCapability } from '../../functions/engagement/index.js';
import { surveyKey } from '../../functions/engagement/store/keys.js';
import { platformCapability } from '../../functions/platform/index.js';
import { documentClientOf } from '../../shared/dynamodb/index.js';
import { localClient } from '../support/dynamo.js';
import { api, startTestCloud, type TestCloud } from '../support/local-cloud.js';

// Monday 10:00 in Shanghai.
const NOW = new Date('2026-03-02T02:00:00.000Z');

describe('surveys in the local cloud', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ capabilities: [platformCapability, engagementCapability], now: NOW });
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('serves the public survey routes without a token, refusing a forged link with 404 survey-not-found', async () => {
    const forged = surveyToken(
      'complaint-cmp_forged',
      Math.floor(NOW.getTime() / 1000) + 86_400,
      randomBytes(32).toString('base64'),
    );

    const shown = await api(cloud).get(`/v1/public/surveys/${forged}`);
    const answered = await api(cloud).post(`/v1/public/surveys/${forged}`, { csat: 5 });

    for (const response of [shown, answered]) {
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json.code).toBe('survey-not-found');
    }
  });

  it('makes a survey when a complaint is closed, signing its link with the local survey key', async () => {
    cloud.bus.putEvents([
      {
        EventBusName: cloud.bus.name,
        Source: 'crm.complaints',
        DetailType: 'ComplaintClosed',
        Detail: JSON.stringify({
          eventId: 'evt_e2e_closed_1',
          occurredAt: NOW.toISOString(),
          complaintId: 'cmp_e2e_1',
          customerId: 'cus_e2e_1',
          branch: 'BJ01',
          rootCause: 'fee-error',
          outcome: 'upheld',
          channel: 'phone',
          category: 'fees',
        }),
      },
    ]);
    await cloud.settle();

    const db = documentClientOf(localClient(cloud.dynamodbEndpoint));
    const { Item } = await db.send(
      new GetCommand({ TableName: cloud.tables.Engagement, Key: surveyKey('complaint-cmp_e2e_1') }),
    );
    // The customer is unknown to the facts mirror here: the contact path refuses the contact
    // and the survey records why (the link was made and signed all the same).
    expect(Item).toMatchObject({ trigger: 'complaint-closed', status: 'not-sent', rule: 'unknown-customer' });
    db.destroy();
  });
});
