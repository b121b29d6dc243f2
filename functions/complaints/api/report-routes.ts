import { idField } from '../../../shared/events/fields.js';
import { defineRoute } from '../../../shared/http/contract.js';
import * as z from '../../../shared/zod.js';
import type { ComplaintReport } from '../domain/report.js';
import { reportCsv } from '../domain/report-csv.js';

/** `GET /v1/complaints/report`: the period (ISO dates, China Standard Time, both included) and a branch. */
export const reportQuerySchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  branch: z.optional(idField),
});
export type ReportQueryInput = z.output<typeof reportQuerySchema>;

const count = () => z.number().check(z.int(), z.nonnegative());
const counts = () => z.record(z.string(), count());
const figure = () => z.nullable(z.number().check(z.nonnegative()));

export const complaintReportSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  branch: z.optional(idField),
  generatedAt: z.iso.datetime(),
  received: count(),
  byChannel: counts(),
  byCategory: counts(),
  byProduct: counts(),
  byBranch: counts(),
  customers: count(),
  perTenThousandCustomers: figure(),
  decided: count(),
  decidedWithinLimit: count(),
  shareDecidedWithinLimit: figure(),
  handlingDays: z.strictObject({ median: figure(), p90: figure() }),
  breaches: counts(),
  extensions: z.strictObject({ approvedLevel1: count(), approvedLevel2: count(), refused: count() }),
  reviews: z.strictObject({ requested: count(), decided: count(), outcomeChanged: count() }),
  repeats: count(),
  rootCauses: counts(),
  openRemediationActions: count(),
});

export const complaintReportExample: ComplaintReport = {
  from: '2026-02-01',
  to: '2026-02-28',
  branch: 'BJ01',
  generatedAt: '2026-03-01T02:00:00.000Z',
  received: 4,
  byChannel: {
    phone: 2,
    email: 1,
    online: 0,
    counter: 0,
    letter: 1,
    'regulator-forwarded': 0,
    partner: 0,
  },
  byCategory: {
    product: 2,
    'service-attitude': 0,
    fees: 2,
    'mis-selling': 0,
    'data-privacy': 0,
    'system-failure': 0,
    other: 0,
  },
  byProduct: { 'PRD-CARD-01': 2, 'PRD-WM-07': 1 },
  byBranch: { BJ01: 4 },
  customers: 8000,
  perTenThousandCustomers: 5,
  decided: 3,
  decidedWithinLimit: 2,
  shareDecidedWithinLimit: 0.667,
  handlingDays: { median: 4, p90: 10 },
  breaches: {
    acknowledge: 1,
    'initial-handling': 0,
    decision: 1,
    'decision-cap': 0,
    'review-request': 0,
    'review-decision': 0,
  },
  extensions: { approvedLevel1: 1, approvedLevel2: 0, refused: 0 },
  reviews: { requested: 1, decided: 1, outcomeChanged: 0 },
  repeats: 1,
  rootCauses: { disclosure: 1 },
  openRemediationActions: 1,
};

/**
 * The complaints report's contract; `api/report-handlers.ts` implements it. Spread into the
 * capability's routes with the others.
 */
export const complaintReportRoutes = {
  complaintsReport: defineRoute({
    method: 'GET',
    path: '/v1/complaints/report',
    summary: 'Report the complaints received in a period',
    description:
      'Counts by channel, category, product and branch; complaints per 10,000 customers (customers known in the same scope when the report is made); the share decided within the limit (on or before the decision deadline in force); median and p90 (nearest rank) handling days from receipt to decision; breaches by deadline; approved extensions by level; reviews requested, decided and with a changed outcome; repeats; root causes; remediation actions not yet done. `from` and `to` are days in China Standard Time, both included, at most 366 days. A supervisor sees their own branch only (another branch is 403 `branch-out-of-scope`); the complaints unit, compliance officers and analysts every branch or the one asked for. No personal information. `Accept: text/csv` gives the same figures as CSV, one `section,key,value` row per figure.',
    action: 'complaint:report',
    query: reportQuerySchema,
    responses: {
      200: {
        description: 'The report',
        schema: complaintReportSchema,
        example: complaintReportExample,
        textForms: [{ mediaType: 'text/csv', example: reportCsv(complaintReportExample) }],
      },
    },
  }),
};
