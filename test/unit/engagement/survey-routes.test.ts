import { beforeEach, describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../../functions/engagement/domain/model.js';
import { readSurveyToken, surveyToken } from '../../../functions/engagement/domain/survey.js';
import {
  RELATIONSHIP_SURVEYS_JOB,
  relationshipSurveysSegment,
} from '../../../functions/engagement/service/relationship-surveys.js';
import {
  expireDueSurveys,
  SURVEY_TEXT_FIELD,
  surveyAfterComplaint,
} from '../../../functions/engagement/service/surveys.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { runPassToEnd } from '../../support/pass-runner.js';
import {
  publicSurveyApi,
  SURVEY_NOW,
  type SurveyFixture,
  surveyFixture,
  tokenOf,
} from '../../support/survey-fakes.js';

const CLOSED = { complaintId: 'cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A', customerId: 'cus_01', branch: 'BJ01' };
const SECRET_TEXT = 'The fee was refunded late — plaintext marker QX#42';
const DAY = 86_400_000;

const letters: DeadLetter[] = [];
const jobItems = () =>
  new JobItems(RELATIONSHIP_SURVEYS_JOB, {
    send: async (letter) => {
      letters.push(letter);
    },
  });

const erasedFacts = (customerId: string): CustomerFacts => ({
  customerId,
  branch: 'BJ01',
  rmId: 'rm-1',
  version: 3,
  consents: {},
  restrictions: ['erasure-requested'],
  failedChannels: [],
  relationship: 'closed',
  erased: true,
});

let fx: SurveyFixture;
let call: ReturnType<typeof publicSurveyApi>;

beforeEach(() => {
  fx = surveyFixture();
  call = publicSurveyApi(fx.deps);
});

/** A survey after the closed complaint, and the token of the link it went out with. */
async function sentSurvey(): Promise<string> {
  expect(await surveyAfterComplaint(fx.deps, CLOSED)).toBe('sent');
  const link = fx.contacts.requests.at(-1)?.parameters?.link;
  if (link === undefined) throw new Error('no link was requested');
  return tokenOf(link);
}

const path = (token: string) => `/v1/public/surveys/${token}`;
/** A problem body without what differs per request (its path). */
const sameAnswer = (body: Record<string, unknown>) => ({ ...body, instance: undefined });

describe('a survey after a closed complaint', () => {
  it('asks the contact path for a survey contact with the link, and announces SurveySent', async () => {
    await sentSurvey();

    const [request] = fx.contacts.requests;
    expect(request).toMatchObject({
      requestId: 'survey-complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A',
      customerId: 'cus_01',
      purpose: 'survey',
      templateId: 'survey-complaint',
      regarding: CLOSED.complaintId,
      latestAt: new Date(SURVEY_NOW.getTime() + 3 * DAY).toISOString(),
    });
    expect(request?.parameters?.link).toMatch(
      /^http:\/\/localhost:3000\/v1\/public\/surveys\/[A-Za-z0-9_.-]+$/,
    );
    const survey = fx.store.surveys.get('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A');
    expect(survey).toMatchObject({ status: 'sent', trigger: 'complaint-closed', contactId: 'con_0001' });
    expect(survey?.expiresAt).toBe(new Date(SURVEY_NOW.getTime() + 14 * DAY).toISOString());
    expect(fx.store.events.map((event) => event.detailType)).toEqual(['SurveySent']);
  });

  it('creates nothing more when ComplaintClosed comes again', async () => {
    await sentSurvey();
    expect(await surveyAfterComplaint(fx.deps, CLOSED)).toBe('already');
    expect(fx.contacts.requests).toHaveLength(1);
    expect(fx.store.events).toHaveLength(1);
  });

  it('records the rule and announces nothing when the contact is refused', async () => {
    fx.contacts.decide = () => ({ outcome: 'refused', rule: 'restricted' });
    expect(await surveyAfterComplaint(fx.deps, CLOSED)).toBe('not-sent');

    expect(fx.store.surveys.get('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A')).toMatchObject({
      status: 'not-sent',
      rule: 'restricted',
    });
    expect(fx.store.events).toEqual([]);
  });

  it('counts a deferred contact as sent (the link goes out later)', async () => {
    fx.contacts.decide = () => ({
      outcome: 'deferred',
      rule: 'quiet-hours',
      dueAt: '2026-03-03T00:00:00.000Z',
    });
    expect(await surveyAfterComplaint(fx.deps, CLOSED)).toBe('sent');
  });
});

describe('GET /v1/public/surveys/{token}', () => {
  it('shows the questions, the locale and the expiry, and nothing about the customer or the case', async () => {
    const response = await call('GET', path(await sentSurvey()));

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json).toMatchObject({ locale: 'zh-CN', expiresAt: '2026-03-16T02:00:00.000Z' });
    expect(response.text).not.toContain('cus_01');
    expect(response.text).not.toContain(CLOSED.complaintId);
  });

  it('answers a malformed, a forged and an unknown link with the same 404', async () => {
    const token = await sentSurvey();
    const claims = readSurveyToken(token);
    if (claims === undefined) throw new Error('unreadable token');
    const otherMac = Buffer.alloc(32, 1).toString('base64');
    const forged = surveyToken(claims.surveyId, claims.expiresAtSeconds, otherMac);
    const stretched = surveyToken(claims.surveyId, claims.expiresAtSeconds + 86_400, claims.mac);
    const unknown = surveyToken('complaint-cmp_unknown', claims.expiresAtSeconds, claims.mac);

    const answers = await Promise.all(
      ['not-a-token', forged, stretched, unknown].map((candidate) => call('GET', path(candidate))),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.json.code).toBe('survey-not-found');
      expect(sameAnswer(answer.json)).toEqual(sameAnswer(answers[0]?.json ?? {}));
    }
  });

  it('answers an expired link with 410 survey-expired', async () => {
    const token = await sentSurvey();
    fx.clock.advance(14 * DAY);

    const response = await call('GET', path(token));
    expect(response.status).toBe(410);
    expect(response.json).toMatchObject({ code: 'survey-expired', type: 'https://fincrm.dev/problems/gone' });
  });

  it('answers the link of an erased customer like an unknown one', async () => {
    const token = await sentSurvey();
    fx.facts.set('cus_01', erasedFacts('cus_01'));

    expect((await call('GET', path(token))).json.code).toBe('survey-not-found');
  });
});

describe('POST /v1/public/surveys/{token}', () => {
  it('records the answer once; the same link again is a 409', async () => {
    const token = await sentSurvey();
    const first = await call('POST', path(token), { csat: 5, nps: 10 });
    const again = await call('POST', path(token), { csat: 1 });

    expect(first.status).toBe(200);
    expect(first.json).toEqual({ answeredAt: SURVEY_NOW.toISOString() });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('survey-already-answered');
    expect(fx.store.kpis).toHaveLength(1);
    expect((await call('GET', path(token))).status).toBe(409);
  });

  it('announces the scores and whether there was text, and seals the text with the customer’s key', async () => {
    const token = await sentSurvey();
    const response = await call('POST', path(token), {
      csat: 2,
      nps: 3,
      dimensions: { attitude: 1, product: 4 },
      text: SECRET_TEXT,
      unresolved: true,
    });

    expect(response.status).toBe(200);
    expect(response.text).not.toContain('QX#42');
    const answered = fx.store.events.find((event) => event.detailType === 'SurveyAnswered');
    expect(answered?.detail).toMatchObject({
      surveyId: 'complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A',
      complaintId: CLOSED.complaintId,
      branch: 'BJ01',
      csat: 2,
      nps: 3,
      dimensions: { attitude: 1, product: 4 },
      unresolved: true,
      hasText: true,
    });
    expect(JSON.stringify(fx.store.events)).not.toContain('QX#42');
    const sealed = fx.store.texts.get('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A') ?? '';
    expect(sealed).not.toContain('QX#42');
    const sealer = await fx.keys.existingSealerFor('cus_01');
    expect(sealer?.open('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A', SURVEY_TEXT_FIELD, sealed)).toBe(
      SECRET_TEXT,
    );
    expect(fx.store.kpis).toEqual([
      {
        surveysAnswered: 1,
        csatAnswers: 1,
        csatSum: 2,
        csatTopTwo: 0,
        npsAnswers: 1,
        npsPromoters: 0,
        npsDetractors: 1,
      },
    ]);
  });

  it.each([
    ['no CSAT', { nps: 9 }],
    ['a CSAT of 0', { csat: 0 }],
    ['a CSAT of 6', { csat: 6 }],
    ['a fractional CSAT', { csat: 4.5 }],
    ['an NPS of 11', { csat: 4, nps: 11 }],
    ['an unknown dimension', { csat: 4, dimensions: { speed: 3 } }],
    ['a dimension of 6', { csat: 4, dimensions: { attitude: 6 } }],
    ['text over 2,000 characters', { csat: 4, text: `QX#43${'长'.repeat(2000)}` }],
    ['a hidden character in the text', { csat: 4, text: 'QX#44\u202e' }],
    ['an unknown field', { csat: 4, name: 'QX#45' }],
  ])('refuses %s with a 422 that writes nothing and echoes nothing', async (_, body) => {
    const token = await sentSurvey();
    const response = await call('POST', path(token), body);

    expect(response.status).toBe(422);
    expect(response.text).not.toMatch(/QX#4|长长/);
    expect(fx.store.surveys.get('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A')?.status).toBe('sent');
    expect(fx.store.kpis).toEqual([]);
  });

  it('accepts 2,000 characters of text with line breaks', async () => {
    const text = `第一行\n${'好'.repeat(1996)}`;
    expect((await call('POST', path(await sentSurvey()), { csat: 4, text })).status).toBe(200);
  });

  it('refuses a forged link before reading the body, and an expired one with 410', async () => {
    const token = await sentSurvey();
    expect((await call('POST', path(`${token.slice(0, -2)}AA`), { csat: 5 })).status).toBe(404);
    fx.clock.advance(14 * DAY);
    const expired = await call('POST', path(token), { csat: 5 });
    expect(expired.status).toBe(410);
    expect(fx.store.kpis).toEqual([]);
  });
});

describe('the jobs', () => {
  it('marks sent surveys expired once their link expired unanswered, and leaves answered ones', async () => {
    const token = await sentSurvey();
    await surveyAfterComplaint(fx.deps, { ...CLOSED, complaintId: 'cmp_2' });
    await call('POST', path(token), { csat: 4 });

    expect(await expireDueSurveys(fx.deps, new Date(SURVEY_NOW.getTime() + 14 * DAY - 1).toISOString())).toBe(
      0,
    );
    expect(await expireDueSurveys(fx.deps, new Date(SURVEY_NOW.getTime() + 14 * DAY).toISOString())).toBe(1);
    expect(fx.store.surveys.get('complaint-cmp_2')?.status).toBe('expired');
    expect(fx.store.surveys.get('complaint-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1A')?.status).toBe('answered');
  });

  it('asks the sample on the first day of a quarter and everyone on 1 December, once per period', async () => {
    for (let index = 0; index < 200; index += 1)
      fx.store.facts.push({ customerId: `cus_${index}`, branch: 'BJ01' });
    // The whole round as the pass machine runs it: 3 segments, each to its end.
    const round = async (day: string) => {
      fx.clock.set(new Date(`${day}T01:30:00.000Z`));
      const runs = await runPassToEnd(
        (input, stillHasTime) => relationshipSurveysSegment(fx.deps, jobItems(), input, stillHasTime, 40),
        {
          pass: 'RelationshipSurveys',
          job: RELATIONSHIP_SURVEYS_JOB,
          startedAt: fx.clock.now(),
          totalSegments: 3,
        },
      );
      return {
        relationshipSurveysSent: runs.reduce((sum, run) => sum + run.counts.relationshipSurveysSent, 0),
      };
    };

    expect((await round('2026-03-31')).relationshipSurveysSent).toBe(0);
    const quarter = await round('2026-04-01');
    expect(quarter.relationshipSurveysSent).toBeGreaterThan(5);
    expect(quarter.relationshipSurveysSent).toBeLessThan(40);
    expect(fx.contacts.requests.every((request) => request.templateId === 'survey-relationship')).toBe(true);
    expect((await round('2026-04-01')).relationshipSurveysSent).toBe(0);
    expect((await round('2026-12-01')).relationshipSurveysSent).toBe(200);
  });

  it('a segment of the census stopped for time resumes from its cursor, asking nobody twice', async () => {
    for (let index = 0; index < 7; index += 1)
      fx.store.facts.push({ customerId: `cus_r${index}`, branch: 'BJ01' });
    fx.clock.set(new Date('2026-12-01T01:30:00.000Z'));

    const runs = await runPassToEnd(
      (input, stillHasTime) => relationshipSurveysSegment(fx.deps, jobItems(), input, stillHasTime, 2),
      { pass: 'RelationshipSurveys', job: RELATIONSHIP_SURVEYS_JOB, startedAt: fx.clock.now() },
      () => false,
    );

    expect(runs.length).toBe(4);
    const asked = fx.contacts.requests.map((request) => request.customerId);
    expect([...asked].sort()).toEqual(Array.from({ length: 7 }, (_, n) => `cus_r${n}`));
  });

  it('dead-letters a customer whose survey fails, by id, and asks the others', async () => {
    for (let index = 0; index < 3; index += 1)
      fx.store.facts.push({ customerId: `cus_x${index}`, branch: 'BJ01' });
    fx.clock.set(new Date('2026-12-01T01:30:00.000Z'));
    fx.contacts.decide = (request) => {
      if (request.customerId === 'cus_x1') throw new Error('ThrottlingException');
      return { outcome: 'sent', rule: 'allowed', channel: 'sms' };
    };
    letters.length = 0;

    const [run] = await runPassToEnd(
      (input, stillHasTime) => relationshipSurveysSegment(fx.deps, jobItems(), input, stillHasTime),
      { pass: 'RelationshipSurveys', job: RELATIONSHIP_SURVEYS_JOB, startedAt: fx.clock.now() },
    );

    expect(run?.output).toEqual({ processed: 3, failed: 1 });
    expect(run?.counts.relationshipSurveysSent).toBe(2);
    expect(letters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: RELATIONSHIP_SURVEYS_JOB, item: { kind: 'customer', id: 'cus_x1' } },
      },
    ]);
  });
});
