import { describe, expect, it } from 'vitest';
import {
  answerKpis,
  complaintSurveyId,
  inSample,
  needsFollowUp,
  readSurveyToken,
  relationshipRound,
  relationshipSurveyId,
  retentionSurveyId,
  SURVEY_QUESTIONS,
  scoresOf,
  surveyTemplateId,
  surveyToken,
  tokenExpired,
} from '../../../functions/engagement/domain/survey.js';

const MAC = Buffer.alloc(32, 3).toString('base64');

describe('the survey token', () => {
  it('carries the survey id, the expiry in epoch seconds and a 32-byte MAC, all base64url', () => {
    const token = surveyToken('complaint-cmp_01', 1_772_352_000, MAC);

    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(readSurveyToken(token)).toEqual({
      surveyId: 'complaint-cmp_01',
      expiresAtSeconds: 1_772_352_000,
      mac: MAC,
    });
  });

  it.each([
    ['empty', ''],
    ['two parts', 'YQ.MTA'],
    ['four parts', `YQ.MTA.${'A'.repeat(43)}.x`],
    ['padding', `YQ==.MTA.${'A'.repeat(43)}`],
    ['a short MAC', `YQ.MTA.${'A'.repeat(42)}`],
    ['an expiry that is not a number', `YQ.${Buffer.from('soon').toString('base64url')}.${'A'.repeat(43)}`],
    ['an id that is not an id', `${Buffer.from('a b').toString('base64url')}.MTA.${'A'.repeat(43)}`],
    ['a huge token', `${'A'.repeat(500)}.MTA.${'A'.repeat(43)}`],
  ])('is not ours with %s', (_, token) => {
    expect(readSurveyToken(token)).toBeUndefined();
  });

  it('is expired from its expiry second on, not before', () => {
    const expiry = Date.parse('2026-03-16T02:00:00.000Z') / 1000;
    expect(tokenExpired(expiry, new Date('2026-03-16T01:59:59.999Z'))).toBe(false);
    expect(tokenExpired(expiry, new Date('2026-03-16T02:00:00.000Z'))).toBe(true);
  });
});

describe('survey ids', () => {
  it('derives one survey per complaint and one per customer and period', () => {
    expect(complaintSurveyId('cmp_1')).toBe('complaint-cmp_1');
    expect(relationshipSurveyId('cus_1', '2026-Q2')).toBe('relationship-2026-Q2-cus_1');
    expect(relationshipSurveyId('cus_1', '2026')).not.toBe(relationshipSurveyId('cus_1', '2026-Q2'));
  });

  it('derives one survey per retention request, only while its link can carry the id', () => {
    const requestId = 'retention-survey-ret_01KDVDNA00EEEEEEEEEEEEEEEE';
    const surveyId = retentionSurveyId(requestId);
    expect(surveyId).toBe(`retention-${requestId}`);
    // The id round-trips through a link's token.
    expect(readSurveyToken(surveyToken(surveyId ?? '', 1_772_352_000, MAC))?.surveyId).toBe(surveyId);
    expect(retentionSurveyId('r'.repeat(119))).toBeUndefined();
    expect(retentionSurveyId('r'.repeat(118))).toHaveLength(128);
  });

  it('invites a retention survey with the neutral relationship text, a complaint survey with its own', () => {
    expect(surveyTemplateId('retention')).toBe('survey-relationship');
    expect(surveyTemplateId('relationship-quarterly')).toBe('survey-relationship');
    expect(surveyTemplateId('complaint-closed')).toBe('survey-complaint');
  });
});

describe('answers', () => {
  it('asks CSAT (required), NPS, the four dimensions, free text and the unresolved flag', () => {
    expect(SURVEY_QUESTIONS.map((question) => question.id)).toEqual([
      'csat',
      'nps',
      'dimensions.attitude',
      'dimensions.efficiency',
      'dimensions.process',
      'dimensions.product',
      'text',
      'unresolved',
    ]);
    expect(SURVEY_QUESTIONS.filter((question) => question.required).map((question) => question.id)).toEqual([
      'csat',
    ]);
  });

  it('keeps the scores and only whether there was text; blank text is no text', () => {
    expect(scoresOf({ csat: 3, text: 'slow', nps: 7 })).toEqual({
      csat: 3,
      nps: 7,
      unresolved: false,
      hasText: true,
    });
    expect(scoresOf({ csat: 3, text: '   ' }).hasText).toBe(false);
  });

  it('counts CSAT 4 and 5 as top two, NPS 9–10 as promoters and 0–6 as detractors', () => {
    const kpis = (csat: number, nps?: number) => answerKpis(scoresOf({ csat, nps }));
    expect(kpis(3).csatTopTwo).toBe(0);
    expect(kpis(4).csatTopTwo).toBe(1);
    expect(kpis(5, 9)).toEqual({
      surveysAnswered: 1,
      csatAnswers: 1,
      csatSum: 5,
      csatTopTwo: 1,
      npsAnswers: 1,
      npsPromoters: 1,
      npsDetractors: 0,
    });
    expect(kpis(5, 8)).toMatchObject({ npsPromoters: 0, npsDetractors: 0 });
    expect(kpis(5, 6)).toMatchObject({ npsPromoters: 0, npsDetractors: 1 });
    expect(kpis(5)).not.toHaveProperty('npsAnswers');
  });

  it('needs a follow-up at or below the CSAT threshold, or when unresolved', () => {
    expect(needsFollowUp({ csat: 2, unresolved: false }, 2)).toBe(true);
    expect(needsFollowUp({ csat: 3, unresolved: false }, 2)).toBe(false);
    expect(needsFollowUp({ csat: 5, unresolved: true }, 2)).toBe(true);
    expect(needsFollowUp({ csat: 3, unresolved: false }, 3)).toBe(true);
  });
});

describe('the relationship schedule', () => {
  it('samples on the first day of each quarter and asks everyone on 1 December', () => {
    expect(relationshipRound('2026-01-01', 10)).toEqual({
      trigger: 'relationship-quarterly',
      period: '2026-Q1',
      percent: 10,
    });
    expect(relationshipRound('2026-04-01', 10)?.period).toBe('2026-Q2');
    expect(relationshipRound('2026-07-01', 10)?.period).toBe('2026-Q3');
    expect(relationshipRound('2026-10-01', 10)?.period).toBe('2026-Q4');
    expect(relationshipRound('2026-12-01', 10)).toEqual({
      trigger: 'relationship-yearly',
      period: '2026',
      percent: 100,
    });
    for (const day of ['2026-01-02', '2026-02-01', '2026-03-31', '2026-11-01', '2026-12-02']) {
      expect(relationshipRound(day, 10), day).toBeUndefined();
    }
  });

  it('picks a deterministic sample near the percentage, different each quarter', () => {
    const customers = Array.from({ length: 2000 }, (_, index) => `cus_${index}`);
    const q1 = customers.filter((id) => inSample(id, '2026-Q1', 10));
    const q2 = customers.filter((id) => inSample(id, '2026-Q2', 10));

    expect(customers.filter((id) => inSample(id, '2026-Q1', 10))).toEqual(q1);
    expect(q1.length).toBeGreaterThan(140);
    expect(q1.length).toBeLessThan(260);
    expect(q2).not.toEqual(q1);
    expect(customers.every((id) => inSample(id, '2026', 100))).toBe(true);
    expect(customers.some((id) => inSample(id, '2026-Q1', 0))).toBe(false);
  });
});
