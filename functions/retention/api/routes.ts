import { defineRoute } from '../../../shared/http/contract.js';
import { idParams } from '../../../shared/http/params.js';
import { churnModelBodySchema } from '../domain/model-schema.js';
import {
  attemptSchema,
  caseListQuerySchema,
  closeEarlySchema,
  kpiQuerySchema,
  worklistQuerySchema,
} from '../domain/schemas.js';
import {
  attemptResultExample,
  attemptResultSchema,
  caseDetailExample,
  caseDetailSchema,
  casePageExample,
  casePageSchema,
  caseSchema,
  churnModelViewExample,
  churnModelViewSchema,
  churnRiskExample,
  churnRiskSchema,
  closedEarlyExample,
  kpiAnswerExample,
  kpiAnswerSchema,
  worklistExample,
  worklistSchema,
} from './responses.js';

/** The path of the churn model resource. */
export const CHURN_MODEL_PATH = '/v1/churn-risk/model';

/**
 * The retention API (docs/domain-rules.md §20.7–20.9): every operation's contract.
 * `api/route-handlers.ts` implements them.
 */
export const retentionRoutes = {
  readChurnRisk: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}/churn-risk',
    summary: "A customer's churn risk, explained",
    description:
      "The score (0-1) from the churn model in force, its level (`high` at 0.7 or more, `medium` at 0.4 or more by default), the contribution of the baseline and of every signal, on or off, adding up to the score, the signals that are on (largest first), the value at risk (the newest complete month's AUM, at least the model's floor), the priority (score × value at risk), the model version, when it was scored, the open retention case and the history of changes, newest first (CHURN_HISTORY_LIMIT). Same scope as the customer record: an RM their own book, a supervisor their branch, compliance every customer; a customer never registered, erased, outside the caller's scope or not scored yet is the same 404 `customer-not-found`.",
    action: 'churn-risk:read',
    params: idParams('customerId'),
    responses: {
      200: { description: "The customer's churn risk", schema: churnRiskSchema, example: churnRiskExample },
    },
    problems: [404],
  }),
  readWorklist: defineRoute({
    method: 'GET',
    path: '/v1/churn-risk',
    summary: 'The churn worklist, highest priority first',
    description:
      'The customers at `level` (default `high`), highest priority (score × value at risk) first, page by page. An RM gets their own book, a supervisor their branch (naming another `branch` is a 403 `branch-out-of-scope`); an analyst gets aggregates only, the customers at each level per branch (all, or the `branch` named), never a customer (`counts`, no `items`).',
    action: 'churn-risk:worklist',
    query: worklistQuerySchema,
    responses: {
      200: {
        description: 'A page of the worklist, or the counts per branch (analysts)',
        schema: worklistSchema,
        example: worklistExample,
      },
    },
  }),
  readChurnModel: defineRoute({
    method: 'GET',
    path: CHURN_MODEL_PATH,
    summary: 'Read the churn model',
    description:
      'The model in force: the intercept and weight of every signal (a logistic model), the level thresholds, the signal thresholds and the value at risk, with its version (1: the shipped default, fitted by `npm run evaluate`), also the ETag. Edit `model` and send it to PUT with the ETag in If-Match.',
    action: 'churn-model:read',
    responses: {
      200: {
        description: 'The model in force',
        schema: churnModelViewSchema,
        example: churnModelViewExample,
        headers: ['etag'],
      },
    },
  }),
  putChurnModel: defineRoute({
    method: 'PUT',
    path: CHURN_MODEL_PATH,
    summary: 'Replace the churn model',
    description:
      "The `model` GET answers, edited, based on the version named by If-Match (missing: 428; stale or weak: 412 `stale-version`). Validated (every weight finite within ±20, 0 < medium < high < 1 or a 422 `thresholds-out-of-order`, signal thresholds in range, and 180 days without a transaction alone reaching `medium` or a 422 `inactivity-not-a-warning`), saved as a new immutable version with an audit record naming the sections changed, in one transaction. A model equal to the one in force writes nothing. It applies at each customer's next scoring (within a minute for a signal event, at the latest the next daily pass).",
    action: 'churn-model:write',
    body: churnModelBodySchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The model now in force',
        schema: churnModelViewSchema,
        example: churnModelViewExample,
        headers: ['etag'],
      },
    },
    maxBodyBytes: 8 * 1024,
  }),
  listRetentionCases: defineRoute({
    method: 'GET',
    path: '/v1/retention-cases',
    summary: 'Retention cases in one status',
    description:
      "The cases in `status` (default `outreach`: waiting for the RM's contact), oldest opened first, page by page: an RM those of their own book, a supervisor those of their branch. Never a task token.",
    action: 'retention-case:list',
    query: caseListQuerySchema,
    responses: {
      200: { description: 'A page of cases', schema: casePageSchema, example: casePageExample },
    },
  }),
  readRetentionCase: defineRoute({
    method: 'GET',
    path: '/v1/retention-cases/{caseId}',
    summary: 'A retention case and its attempts',
    description:
      'The case (level, strategy, reasons, status, deadlines, offer, outcome) and every attempt recorded, oldest first, with its version as ETag (If-Match of an attempt or an early close). The RM of the customer or the branch supervisor; any other caller, like an unknown id, gets the same 404 `case-not-found`.',
    action: 'retention-case:read',
    params: idParams('caseId'),
    responses: {
      200: {
        description: 'The case and its attempts',
        schema: caseDetailSchema,
        example: caseDetailExample,
        headers: ['etag'],
      },
    },
    problems: [404],
  }),
  recordRetentionAttempt: defineRoute({
    method: 'POST',
    path: '/v1/retention-cases/{caseId}/attempts',
    summary: 'Record an attempt to reach the customer',
    description:
      "The channel, whether the customer was reached, the cause they gave (one of RETENTION_CAUSES, else a 422 `unknown-cause`), the offer presented (one of the customer's recent recommendations, else a 422 `offer-not-recorded`) and their answer. Codes and ids only. The first reached attempt ends the outreach (the case goes to `monitoring`, counted in time or late); `sms`, `email` and `app-push` also send the contact through the engagement contact path (consent, quiet hours, caps); cause `life-event` turns the case into an RM meeting. Audited. A closed case is a 409 `case-closed`. If-Match optional (412 `stale-version`); with an Idempotency-Key a retry answers the recorded attempt (`Idempotent-Replayed: true`), the same key with another body a 409 `idempotency-key-reused`. The RM of the customer or the branch supervisor (else 404 `case-not-found`).",
    action: 'retention-case:attempt',
    params: idParams('caseId'),
    body: attemptSchema,
    headers: { 'if-match': 'optional', 'idempotency-key': 'optional' },
    responses: {
      201: {
        description: 'The case after the attempt and the attempt recorded',
        schema: attemptResultSchema,
        example: attemptResultExample,
        headers: ['etag', 'idempotent-replayed'],
      },
    },
    problems: [404, 409, 412],
    maxBodyBytes: 1024,
  }),
  closeRetentionCaseEarly: defineRoute({
    method: 'POST',
    path: '/v1/retention-cases/{caseId}/close-early',
    summary: 'Close a retention case before its window ends',
    description:
      "A supervisor of the case's branch, with a reason code. The customer is scored again and the outcome decided now as at the window's end (retained, reactivated or lost); the case's waiting step ends; audited. A closed case is a 409 `case-closed`; If-Match optional (412 `stale-version`); another branch's case, like an unknown id, a 404 `case-not-found`.",
    action: 'retention-case:close-early',
    params: idParams('caseId'),
    body: closeEarlySchema,
    headers: { 'if-match': 'optional' },
    responses: {
      200: {
        description: 'The closed case with its outcome',
        schema: caseSchema,
        example: closedEarlyExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409, 412],
    maxBodyBytes: 1024,
  }),
  readRetentionKpis: defineRoute({
    method: 'GET',
    path: '/v1/retention/kpis',
    summary: 'Retention KPIs of a range of days',
    description:
      'Summed over the daily counters of `from` to `to` (China Standard Time days, both included, at most 366): alerts by level, cases opened, first contacts in time and late (and the share in time), escalations, outcomes, cases closed (and closed early), the win-back rate ((retained + reactivated) ÷ closed), the alert precision (closed cases whose alert proved right ÷ closed) and the churn rate of the period (relationships closed ÷ customers at its start). Every rate is null when its denominator is 0. A supervisor reads their own branch (another is a 403 `branch-out-of-scope`); compliance and analysts every branch or the one named.',
    action: 'retention:kpis',
    query: kpiQuerySchema,
    responses: {
      200: { description: 'The KPIs of the range', schema: kpiAnswerSchema, example: kpiAnswerExample },
    },
  }),
};
