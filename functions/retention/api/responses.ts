import { currencyField } from '../../../shared/events/external.js';
import { idField } from '../../../shared/events/fields.js';
import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { DEFAULT_CHURN_MODEL } from '../domain/default-model.js';
import {
  ATTEMPT_CHANNELS,
  ATTEMPT_RESPONSES,
  CASE_ASSIGNEES,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CHURN_SIGNALS,
  EARLY_CLOSE_REASONS,
  RETENTION_STRATEGIES,
  RISK_LEVELS,
} from '../domain/model.js';
import { churnModelBodySchema } from '../domain/model-schema.js';
import type { CaseDetail, CaseView } from '../service/case-api.js';
import type { RetentionKpiAnswer } from '../service/kpis.js';
import type { ChurnModelView } from '../service/model-api.js';
import type { CaseAttempt } from '../service/ports.js';
import type { ChurnRiskView } from '../service/risk-read.js';
import type { WorklistAnswer } from '../service/worklist.js';

/**
 * Response schemas of the retention API, exactly as the handlers serialise them (a field whose
 * value is undefined is absent). Strict objects: a field the code starts returning fails the
 * contract tests until it is declared here. Examples are synthetic.
 */

const instant = () => z.iso.datetime();
const count = () => z.number().check(z.int(), z.nonnegative());
const probability = () => z.number().check(z.gte(0), z.lte(1));
/** A rate to 4 decimals, null when its denominator is 0. */
const rate = () => z.nullable(probability());
const signals = () => z.array(z.enum(CHURN_SIGNALS)).check(z.maxLength(CHURN_SIGNALS.length));
const valueAtRisk = () =>
  z.strictObject({ amount: z.number().check(z.int(), z.nonnegative()), currency: currencyField });

const contributionSchema = z.strictObject({
  signal: z.enum(['baseline', ...CHURN_SIGNALS]),
  /** 1 when the signal is on (the baseline: 1). */
  value: z.union([z.literal(0), z.literal(1)]),
  /** Its share of the score: the contributions add up to the score. */
  contribution: z.number(),
});

const historyEntrySchema = z.strictObject({
  at: instant(),
  score: probability(),
  level: z.enum(RISK_LEVELS),
  reasons: signals(),
  modelVersion: z.number().check(z.int(), z.positive()),
});

/** `GET /v1/customers/{customerId}/churn-risk`. */
export const churnRiskSchema = z.strictObject({
  customerId: idField,
  /** 0–1, 3 decimals. */
  score: probability(),
  level: z.enum(RISK_LEVELS),
  /** The baseline first, then every signal (on or off). */
  contributions: z.array(contributionSchema),
  /** The signals that are on, largest contribution first. */
  reasons: signals(),
  /** The newest complete month's AUM (minor units), at least the model's floor. */
  valueAtRisk: valueAtRisk(),
  /** score × value at risk: the worklist's order. */
  priority: z.number().check(z.nonnegative()),
  modelVersion: z.number().check(z.int(), z.positive()),
  /**
   * When this score was computed. The daily pass scores everyone each night but writes only a
   * score that changed, so an older time means the score has not moved since.
   */
  scoredAt: instant(),
  openCaseId: z.optional(idField),
  /** Changes of the score, newest first. */
  history: z.array(historyEntrySchema),
});

export const churnRiskExample: ChurnRiskView = {
  customerId: 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
  score: 0.742,
  level: 'high',
  contributions: [
    { signal: 'baseline', value: 1, contribution: 0.047 },
    ...CHURN_SIGNALS.map((signal) => ({
      signal,
      value: signal === 'inactive' || signal === 'lifecycle-declining' ? (1 as const) : (0 as const),
      contribution: signal === 'inactive' ? 0.526 : signal === 'lifecycle-declining' ? 0.169 : 0,
    })),
  ],
  reasons: ['inactive', 'lifecycle-declining'],
  valueAtRisk: { amount: 32_000_000, currency: 'CNY' },
  priority: 23_744_000,
  modelVersion: 1,
  scoredAt: '2026-12-04T16:15:02.000Z',
  openCaseId: 'ret_01JQ3W2B7E9F0G1H2J3K4M5N6P',
  history: [
    {
      at: '2026-12-04T16:15:02.000Z',
      score: 0.742,
      level: 'high',
      reasons: ['inactive', 'lifecycle-declining'],
      modelVersion: 1,
    },
    {
      at: '2026-11-20T03:10:00.000Z',
      score: 0.214,
      level: 'low',
      reasons: ['lifecycle-declining'],
      modelVersion: 1,
    },
  ],
};

const worklistItemSchema = z.strictObject({
  customerId: idField,
  branch: idField,
  rmId: z.optional(idField),
  score: probability(),
  level: z.enum(RISK_LEVELS),
  reasons: signals(),
  valueAtRisk: valueAtRisk(),
  priority: z.number().check(z.nonnegative()),
  scoredAt: instant(),
  openCaseId: z.optional(idField),
});

const levelCountsSchema = z.strictObject({ branch: idField, low: count(), medium: count(), high: count() });

/** `GET /v1/churn-risk`: a page of the worklist (RM, supervisor) or the counts (analyst). */
export const worklistSchema = z.union([
  z.strictObject({
    level: z.enum(RISK_LEVELS),
    /** Highest priority first. */
    items: z.array(worklistItemSchema),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
  z.strictObject({
    level: z.enum(RISK_LEVELS),
    branch: z.optional(idField),
    /** Customers at each level now, per branch: no customer in it. */
    counts: z.array(levelCountsSchema),
  }),
]);

export const worklistExample: WorklistAnswer = {
  level: 'high',
  items: [
    {
      customerId: 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
      branch: 'BJ001',
      rmId: 'rm-0042',
      score: 0.742,
      level: 'high',
      reasons: ['inactive', 'lifecycle-declining'],
      valueAtRisk: { amount: 32_000_000, currency: 'CNY' },
      priority: 23_744_000,
      scoredAt: '2026-12-04T16:15:02.000Z',
      openCaseId: 'ret_01JQ3W2B7E9F0G1H2J3K4M5N6P',
    },
    {
      customerId: 'cus_01JQ3V7A1B2C3D4E5F6G7H8J9K',
      branch: 'BJ001',
      rmId: 'rm-0042',
      score: 0.713,
      level: 'high',
      reasons: ['aum-drop', 'large-outflow'],
      valueAtRisk: { amount: 5_400_000, currency: 'CNY' },
      priority: 3_850_200,
      scoredAt: '2026-12-04T16:15:05.000Z',
    },
  ],
  cursor: 'eyJwayI6IkNVU1RPTUVSI2N1c18wMSJ9',
};

export const worklistCountsExample: WorklistAnswer = {
  level: 'high',
  counts: [
    { branch: 'BJ001', low: 4_210, medium: 233, high: 41 },
    { branch: 'SH002', low: 3_877, medium: 198, high: 35 },
  ],
};

/** `GET` and `PUT /v1/churn-risk/model`: the model in force, its version (also the ETag). */
export const churnModelViewSchema = z.strictObject({
  /** 1: the shipped default; each saved change adds one. */
  version: z.number().check(z.int(), z.positive()),
  model: churnModelBodySchema,
  /** When and by whom (the admin's subject) it was saved; absent for the shipped default. */
  updatedAt: z.optional(instant()),
  updatedBy: z.optional(z.string().check(z.minLength(1))),
});

const { version: _shipped, ...shippedModel } = DEFAULT_CHURN_MODEL;

/** The shipped model after one admin change (a heavier AUM drop): version 2. */
export const churnModelViewExample: ChurnModelView = {
  version: 2,
  model: { ...shippedModel, weights: { ...shippedModel.weights, 'aum-drop': 0.6 } },
  updatedAt: '2026-12-01T02:00:00.000Z',
  updatedBy: 'user-admin-1',
};

const attemptSchema = z.strictObject({
  attempt: z.number().check(z.int(), z.positive()),
  channel: z.enum(ATTEMPT_CHANNELS),
  reached: z.boolean(),
  cause: z.optional(z.string()),
  offerRecommendationId: z.optional(idField),
  response: z.optional(z.enum(ATTEMPT_RESPONSES)),
  /** The staff member who recorded it (their subject), and when. */
  by: z.string(),
  at: instant(),
});

const caseFields = {
  caseId: idField,
  customerId: idField,
  branch: idField,
  rmId: z.optional(idField),
  /** Who works the case: the RM, or the branch supervisor (a supervisor call, or escalated). */
  assignedTo: z.enum(CASE_ASSIGNEES),
  level: z.enum(['medium', 'high']),
  strategy: z.enum(RETENTION_STRATEGIES),
  reasons: signals(),
  score: probability(),
  status: z.enum(CASE_STATUSES),
  /** The alert's time: the window runs from it. */
  openedAt: instant(),
  outreachDueAt: instant(),
  windowEndsAt: instant(),
  escalatedAt: z.optional(instant()),
  reachedAt: z.optional(instant()),
  attempts: count(),
  cause: z.optional(z.string()),
  offer: z.optional(
    z.union([
      z.strictObject({ kind: z.literal('recommended'), recommendationId: idField, productId: idField }),
      z.strictObject({ kind: z.literal('unavailable') }),
    ]),
  ),
  wasInactive: z.boolean(),
  outcome: z.optional(z.enum(CASE_OUTCOMES)),
  closedAt: z.optional(instant()),
  earlyReason: z.optional(z.enum(EARLY_CLOSE_REASONS)),
  closedBy: z.optional(z.string()),
  version: z.number().check(z.int(), z.positive()),
};

/** A retention case (lists, an early close). */
export const caseSchema = z.strictObject(caseFields);

/** `GET /v1/retention-cases/{caseId}`: the case and every attempt, oldest first. */
export const caseDetailSchema = z.strictObject({ ...caseFields, attemptsRecorded: z.array(attemptSchema) });

export const casePageSchema = pageOf(caseSchema);

export const caseExample: CaseView = {
  caseId: 'ret_01JQ3W2B7E9F0G1H2J3K4M5N6P',
  customerId: 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
  branch: 'BJ001',
  rmId: 'rm-0042',
  assignedTo: 'rm',
  level: 'high',
  strategy: 'care-contact',
  reasons: ['inactive', 'lifecycle-declining'],
  score: 0.742,
  status: 'outreach',
  openedAt: '2026-12-04T16:15:02.000Z',
  outreachDueAt: '2026-12-09T15:59:59.999Z',
  windowEndsAt: '2027-01-03T16:15:02.000Z',
  attempts: 0,
  wasInactive: true,
  version: 2,
};

const attemptExample: CaseAttempt = {
  attempt: 1,
  channel: 'phone',
  reached: true,
  cause: 'inactivity',
  response: 'considering',
  by: 'user-rm-0042',
  at: '2026-12-07T02:30:00.000Z',
};

const monitoringExample: CaseView = {
  ...caseExample,
  status: 'monitoring',
  reachedAt: '2026-12-07T02:30:00.000Z',
  attempts: 1,
  cause: 'inactivity',
  version: 3,
};

export const caseDetailExample: CaseDetail = { ...monitoringExample, attemptsRecorded: [attemptExample] };

export const casePageExample: { readonly items: readonly CaseView[] } = { items: [caseExample] };

/** `POST /v1/retention-cases/{caseId}/attempts`: the case after it and the attempt recorded. */
export const attemptResultSchema = z.strictObject({ case: caseSchema, attempt: attemptSchema });
export const attemptResultExample = { case: monitoringExample, attempt: attemptExample };

export const closedEarlyExample: CaseView = {
  ...monitoringExample,
  status: 'closed',
  outcome: 'retained',
  closedAt: '2026-12-15T06:00:00.000Z',
  earlyReason: 'customer-retained',
  closedBy: 'user-sup-bj001',
  version: 4,
};

/** `GET /v1/retention/kpis`. */
export const kpiAnswerSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  branch: z.optional(idField),
  alerts: z.strictObject({ high: count(), medium: count() }),
  casesOpened: count(),
  contacted: z.strictObject({ inTime: count(), late: count(), inTimeRate: rate() }),
  escalated: count(),
  outcomes: z.strictObject({ retained: count(), reactivated: count(), lost: count() }),
  closed: count(),
  closedEarly: count(),
  /** (retained + reactivated) ÷ closed. */
  winBackRate: rate(),
  /** Closed cases whose alert proved right ÷ closed cases. */
  alertPrecision: rate(),
  churn: z.strictObject({ churned: count(), customersAtStart: count(), churnRate: rate() }),
});

export const kpiAnswerExample: RetentionKpiAnswer = {
  from: '2026-11-01',
  to: '2026-11-30',
  branch: 'BJ001',
  alerts: { high: 41, medium: 233 },
  casesOpened: 274,
  contacted: { inTime: 231, late: 25, inTimeRate: 0.9023 },
  escalated: 43,
  outcomes: { retained: 150, reactivated: 38, lost: 52 },
  closed: 240,
  closedEarly: 12,
  winBackRate: 0.7833,
  alertPrecision: 0.6417,
  churn: { churned: 37, customersAtStart: 4_480, churnRate: 0.0083 },
};
