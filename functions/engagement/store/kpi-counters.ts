import { kpiBucketUpdate, type TransactItem } from '../../../shared/dynamodb/index.js';
import { CONTACT_RULES, DELIVERY_CHANNELS } from '../events.js';

/**
 * The KPI counters (docs/domain-rules.md §18.7): whole numbers per branch and day, added in the
 * same transaction as the state change they count, so a counter moves exactly once per change
 * (a redelivered event changes no state, so it adds nothing). `GET /v1/engagement/kpis` sums
 * the buckets of a date range.
 *
 * The day is the UTC date of the instant counted; a return visit counts in the bucket of its
 * complaint's closure day, so coverage compares like with like.
 */
export const KPI_COUNTERS = [
  // Surveys: response rate = answered ÷ delivered; CSAT % = top two ÷ answers; NPS.
  'surveysDelivered',
  'surveysAnswered',
  'csatAnswers',
  'csatSum',
  'csatTopTwo',
  'npsAnswers',
  'npsPromoters',
  'npsDetractors',
  // Return-visit coverage = complaint visits completed ÷ complaints closed (closure-day buckets).
  'complaintsClosed',
  'complaintVisitsCompleted',
  // Opt-out rate = marketing consents withdrawn ÷ marketing contacts sent.
  'marketingSent',
  'optOuts',
  ...DELIVERY_CHANNELS.map((channel) => `sent:${channel}` as const),
  ...CONTACT_RULES.map((rule) => `deferred:${rule}` as const),
  ...CONTACT_RULES.map((rule) => `refused:${rule}` as const),
  ...CONTACT_RULES.map((rule) => `dropped:${rule}` as const),
] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
export type KpiIncrements = Readonly<Partial<Record<KpiCounter, number>>>;

/** The UTC day (`yyyy-mm-dd`) an instant is counted in. */
export const kpiDayOf = (at: string): string => at.slice(0, 10);

/**
 * The transaction element that adds `increments` to the bucket of `branch` on the day of `at`
 * (created on first use). Zero increments are left out; `undefined` when nothing is to be added.
 * @example kpiCounterUpdate(table, 'BJ01', now, { surveysAnswered: 1, csatAnswers: 1, csatSum: 5, csatTopTwo: 1 })
 */
export function kpiCounterUpdate(
  tableName: string,
  branch: string,
  at: string,
  increments: KpiIncrements,
): TransactItem | undefined {
  // The bucket is also on byEntity, so the KPIs of every branch are one query over a range of days.
  return kpiBucketUpdate(tableName, branch, kpiDayOf(at), increments);
}
