/**
 * The stable codes engagement's own rules refuse with (docs/domain-rules.md §18), each with its
 * one HTTP status; `api/route-handlers.ts` turns them into problems. Messages never hold a value
 * the client sent, nor anything a survey link is about. (Refusals the shared HTTP layer already
 * names, such as 404 `customer-not-found` or 412, are thrown as its problems directly.)
 */
export const ENGAGEMENT_ERROR_STATUS = {
  // A forged, malformed or unknown link: one answer for all, so a guess learns nothing.
  'survey-not-found': 404,
  'survey-expired': 410,
  'survey-already-answered': 409,
  'task-done': 409,
} as const;
export type EngagementErrorCode = keyof typeof ENGAGEMENT_ERROR_STATUS;

/** A business rule of the engagement capability refused the request. */
export class EngagementRuleError extends Error {
  override readonly name = 'EngagementRuleError';
  constructor(
    readonly code: EngagementErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const surveyNotFound = () =>
  new EngagementRuleError('survey-not-found', 'No survey is open at this link');
export const surveyExpired = () => new EngagementRuleError('survey-expired', 'This survey link has expired');
export const surveyAlreadyAnswered = () =>
  new EngagementRuleError('survey-already-answered', 'This survey has already been answered');
export const taskDone = () =>
  new EngagementRuleError('task-done', 'The task is done: it takes no more attempts');
