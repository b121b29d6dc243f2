import { implementRoutes } from '../../../shared/http/implement.js';
import type { RouteDefinition } from '../../../shared/http/types.js';
import { answerSurvey, openSurvey, type SurveyDeps } from '../service/surveys.js';
import { surveyRoutes } from './survey-routes.js';

// A survey page and its answer are never cached: the link is single use.
const NO_STORE = { 'cache-control': 'no-store' };

/** The public survey routes bound to their use cases. */
export function surveyApi(deps: SurveyDeps): RouteDefinition[] {
  return implementRoutes(surveyRoutes, {
    getSurvey: async (request) => ({
      statusCode: 200,
      body: await openSurvey(deps, request.params.token),
      headers: NO_STORE,
    }),
    answerSurvey: async (request) => ({
      statusCode: 200,
      body: await answerSurvey(deps, request.params.token, request.body),
      headers: NO_STORE,
    }),
  });
}
