import { defineRoute } from '../../../shared/http/contract.js';
import { surveyAnswerSchema, surveyTokenParamsSchema } from '../domain/survey-schemas.js';
import {
  surveyPageExample,
  surveyPageSchema,
  surveyReceiptExample,
  surveyReceiptSchema,
} from './survey-responses.js';

const TOKEN_NOTE =
  ' No bearer token: the signed link alone authorises it, for one survey. A link that is malformed, forged, of an unknown survey or of an erased customer is the same 404 `survey-not-found`; an answered survey is a 409 `survey-already-answered`; an expired link a 410 `survey-expired`. Throttled by API Gateway with the stricter `public` class.';

/**
 * The public survey routes (docs/domain-rules.md §18.5): what a customer reaches from the link
 * in a survey message. `action: null`: no JWT; `service/surveys.ts` checks the token's MAC.
 */
export const surveyRoutes = {
  getSurvey: defineRoute({
    method: 'GET',
    path: '/v1/public/surveys/{token}',
    summary: 'Show a survey’s questions',
    description: `The questions (CSAT 1–5, NPS 0–10, the dimensions attitude, efficiency, process and product 1–5, free text up to 2,000 characters, whether the matter is unresolved), their locale and when the link expires. Nothing about the customer or the case.${TOKEN_NOTE}`,
    action: null,
    params: surveyTokenParamsSchema,
    responses: {
      200: { description: 'The survey’s questions', schema: surveyPageSchema, example: surveyPageExample },
    },
    problems: [404, 409, 410],
  }),
  answerSurvey: defineRoute({
    method: 'POST',
    path: '/v1/public/surveys/{token}',
    summary: 'Answer a survey',
    description: `Records the answer once: of two answers with one link, even at the same moment, one is recorded and the other is a 409. \`csat\` is required; the free text is sealed with the customer’s own key and never returned, logged or sent in an event; SurveyAnswered carries the scores, \`unresolved\` and whether there was text. A CSAT at or below ENGAGEMENT_FOLLOW_UP_CSAT_AT_OR_BELOW, or \`unresolved\`, opens a follow-up for the branch supervisor.${TOKEN_NOTE}`,
    action: null,
    params: surveyTokenParamsSchema,
    body: surveyAnswerSchema,
    responses: {
      200: {
        description: 'The answer was recorded',
        schema: surveyReceiptSchema,
        example: surveyReceiptExample,
      },
    },
    problems: [404, 409, 410],
    maxBodyBytes: 16_384,
  }),
};
