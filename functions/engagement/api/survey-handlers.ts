import { implementRoutes } from '../../../shared/http/implement.js';
import { ConflictError, GoneError, NotFoundError, type ProblemError } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { SURVEY_ERROR_STATUS, SurveyError } from '../domain/survey.js';
import { answerSurvey, openSurvey, type SurveyDeps } from '../service/surveys.js';
import { surveyRoutes } from './survey-routes.js';

/** A refused survey link as the problem of its status, with its stable code. */
export function surveyProblem(error: SurveyError): ProblemError {
  const options = { code: error.code };
  switch (SURVEY_ERROR_STATUS[error.code]) {
    case 404:
      return new NotFoundError(error.message, options);
    case 409:
      return new ConflictError(error.message, options);
    case 410:
      return new GoneError(error.message, options);
  }
}

async function answering(work: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SurveyError) throw surveyProblem(error);
    throw error;
  }
}

// A survey page and its answer are never cached: the link is single use.
const NO_STORE = { 'cache-control': 'no-store' };

/** The public survey routes bound to their use cases. */
export function surveyApi(deps: SurveyDeps): RouteDefinition[] {
  return implementRoutes(surveyRoutes, {
    getSurvey: (request) =>
      answering(async () => ({
        statusCode: 200,
        body: await openSurvey(deps, request.params.token),
        headers: NO_STORE,
      })),
    answerSurvey: (request) =>
      answering(async () => ({
        statusCode: 200,
        body: await answerSurvey(deps, request.params.token, request.body),
        headers: NO_STORE,
      })),
  });
}
