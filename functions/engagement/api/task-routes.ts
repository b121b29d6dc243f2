import { defineRoute } from '../../../shared/http/contract.js';
import { idParams } from '../../../shared/http/params.js';
import { attemptSchema, kpiQuerySchema, listTasksQuerySchema } from '../domain/task-schemas.js';
import {
  attemptAnswerExample,
  attemptAnswerSchema,
  kpiAnswerExample,
  kpiAnswerSchema,
  taskPageExample,
  taskPageSchema,
} from './task-responses.js';

/**
 * The return-visit and KPI routes (docs/domain-rules.md §18.6–18.7): their contracts, bound to
 * their use cases in `task-handlers.ts`.
 */
export const taskRoutes = {
  listReturnVisits: defineRoute({
    method: 'GET',
    path: '/v1/return-visits',
    summary: 'List return visits, periodic visits and survey follow-ups in the caller’s scope',
    description:
      'The complaints unit sees every task; a supervisor every task of their branch (escalated ones and survey follow-ups included); an RM the periodic visits and return visits of their book; a service agent the tasks assigned to them (the complaint’s handler). Soonest due first; `status` (open, escalated, done) and `kind` narrow the list. No notes, ever. Paginated with an opaque cursor (a page may hold fewer items than `limit` and still have one).',
    action: 'visit:list',
    query: listTasksQuerySchema,
    responses: {
      200: { description: 'One page of tasks', schema: taskPageSchema, example: taskPageExample },
    },
  }),
  recordVisitAttempt: defineRoute({
    method: 'POST',
    path: '/v1/return-visits/{taskId}/attempts',
    summary: 'Record an attempt to reach the customer',
    description:
      'Channel, whether the customer was reached, resolved, CSAT 1–5 and NPS 0–10 when given, notes (sealed with the customer’s engagement key; never returned, logged or evented) and whether a follow-up is needed. The task is done when the customer was reached or after ENGAGEMENT_VISIT_MAX_ATTEMPTS attempts: EngagementTaskCompleted, and a complaint’s visit counts towards return-visit coverage. Based on the version named by If-Match (412 when it moved, 428 without it). A task outside the caller’s scope is a 404 like one that does not exist; a done task a 409 `task-done`; notes about an erased customer a 409 `customer-erased`.',
    action: 'visit:attempt',
    params: idParams('taskId'),
    body: attemptSchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The task after the attempt (its new ETag) and every attempt so far, without notes',
        schema: attemptAnswerSchema,
        example: attemptAnswerExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
    maxBodyBytes: 16 * 1024,
  }),
  readEngagementKpis: defineRoute({
    method: 'GET',
    path: '/v1/engagement/kpis',
    summary: 'Satisfaction KPIs of a range of days',
    description:
      'Summed over the daily counters of `from` to `to` (UTC days, both included, at most 366): CSAT % (answers of 4–5 over all answers, target 85 %), mean CSAT, NPS (% promoters − % detractors), survey response rate (answered over delivered, target 95 %), return-visit coverage (complaints closed in the range with a completed visit over complaints closed, target ENGAGEMENT_COVERAGE_TARGET_PERCENT), contacts sent by channel and deferred, refused and dropped by rule, and the opt-out rate (marketing consents withdrawn over marketing contacts sent). A rate without a denominator is null. A supervisor reads their own branch (another is a 403 `branch-out-of-scope`); the other roles every branch or the one named.',
    action: 'engagement:kpis',
    query: kpiQuerySchema,
    responses: {
      200: { description: 'The KPIs of the range', schema: kpiAnswerSchema, example: kpiAnswerExample },
    },
  }),
};
