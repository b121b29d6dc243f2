import { dayOfIsoDate, endOfDay } from '../../../shared/time/civil-day.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, type Complaint, type DeadlineKind } from './model.js';

/**
 * The complaints report (docs/domain-rules.md, complaints: the report): pure aggregation over
 * the complaints received in a period. Counts, shares and durations only: no id of a customer
 * or a complaint, no name, no free text, so the figures may be shared as they are.
 */

/** The longest period one report covers, in days (`from` to `to`, both included). */
export const REPORT_MAX_DAYS = 366;

const MS_PER_DAY = 86_400_000;

export interface ReportPeriod {
  /** First day of the period (ISO date, China Standard Time), included. */
  readonly from: string;
  /** Last day of the period (ISO date, China Standard Time), included. */
  readonly to: string;
}

/** The instants a period covers: [start of `from`, start of the day after `to`) in CST. */
export function periodInstants(period: ReportPeriod): { readonly from: string; readonly to: string } {
  return {
    from: startOfDay(dayOfIsoDate(period.from)).toISOString(),
    to: startOfDay(dayOfIsoDate(period.to) + 1).toISOString(),
  };
}

/** Days the period covers, both ends included (1 for `from` = `to`; 0 or less when reversed). */
export function periodDays(period: ReportPeriod): number {
  return dayOfIsoDate(period.to) - dayOfIsoDate(period.from) + 1;
}

function startOfDay(day: number): Date {
  return new Date(endOfDay(day - 1).getTime() + 1);
}

export interface ComplaintReport {
  readonly from: string;
  readonly to: string;
  /** The branch the report is limited to; absent for every branch. */
  readonly branch?: string | undefined;
  readonly generatedAt: string;
  /** Complaints received in the period, repeats included. */
  readonly received: number;
  readonly byChannel: Readonly<Record<string, number>>;
  readonly byCategory: Readonly<Record<string, number>>;
  /** Each product id a complaint named counts once for that complaint. */
  readonly byProduct: Readonly<Record<string, number>>;
  readonly byBranch: Readonly<Record<string, number>>;
  /** Customers known in the report's scope when it was made, and complaints per 10,000 of them. */
  readonly customers: number;
  readonly perTenThousandCustomers: number | null;
  readonly decided: number;
  readonly decidedWithinLimit: number;
  /** decidedWithinLimit / decided, 0 to 1 (three decimals); null when nothing was decided. */
  readonly shareDecidedWithinLimit: number | null;
  /** Receipt to decision in calendar days (one decimal); null when nothing was decided. */
  readonly handlingDays: { readonly median: number | null; readonly p90: number | null };
  readonly breaches: Readonly<Record<DeadlineKind, number>>;
  readonly extensions: {
    readonly approvedLevel1: number;
    readonly approvedLevel2: number;
    readonly refused: number;
  };
  readonly reviews: { readonly requested: number; readonly decided: number; readonly outcomeChanged: number };
  /** Complaints linked to an open complaint as repeats (no clock of their own). */
  readonly repeats: number;
  readonly rootCauses: Readonly<Record<string, number>>;
  /** Remediation actions of closed complaints not yet done. */
  readonly openRemediationActions: number;
}

export interface ReportInput {
  readonly period: ReportPeriod;
  readonly branch?: string | undefined;
  readonly complaints: readonly Complaint[];
  readonly customers: number;
  readonly now: Date;
}

/** Aggregates the complaints received in the period into the report's figures. */
export function complaintReport(input: ReportInput): ComplaintReport {
  const { complaints } = input;
  const handling: number[] = [];
  let decidedWithinLimit = 0;
  for (const complaint of complaints) {
    const decidedAt = complaint.decision?.decidedAt;
    if (decidedAt === undefined) continue;
    handling.push((Date.parse(decidedAt) - Date.parse(complaint.receivedAt)) / MS_PER_DAY);
    if (decidedWithinItsLimit(complaint, decidedAt)) decidedWithinLimit += 1;
  }
  const breaches: Record<DeadlineKind, number> = {
    acknowledge: 0,
    'initial-handling': 0,
    decision: 0,
    'decision-cap': 0,
    'review-request': 0,
    'review-decision': 0,
  };
  for (const breach of complaints.flatMap((complaint) => complaint.breaches)) breaches[breach.kind] += 1;
  const extensions = complaints.flatMap((complaint) => complaint.extensions);
  const reviews = complaints.flatMap((complaint) =>
    complaint.review === undefined ? [] : [complaint.review],
  );
  return {
    from: input.period.from,
    to: input.period.to,
    ...(input.branch === undefined ? {} : { branch: input.branch }),
    generatedAt: input.now.toISOString(),
    received: complaints.length,
    byChannel: countBy(complaints, (complaint) => [complaint.channel], COMPLAINT_CHANNELS),
    byCategory: countBy(complaints, (complaint) => [complaint.category], COMPLAINT_CATEGORIES),
    byProduct: countBy(complaints, (complaint) => [...new Set(complaint.productIds)]),
    byBranch: countBy(complaints, (complaint) => [complaint.branch]),
    customers: input.customers,
    perTenThousandCustomers:
      input.customers === 0 ? null : round((complaints.length * 10_000) / input.customers, 2),
    decided: handling.length,
    decidedWithinLimit,
    shareDecidedWithinLimit: handling.length === 0 ? null : round(decidedWithinLimit / handling.length, 3),
    handlingDays: {
      median: handling.length === 0 ? null : round(median(handling), 1),
      p90: handling.length === 0 ? null : round(nearestRank(handling, 90), 1),
    },
    breaches,
    extensions: {
      approvedLevel1: extensions.filter((e) => e.state === 'approved' && e.level === 1).length,
      approvedLevel2: extensions.filter((e) => e.state === 'approved' && e.level === 2).length,
      refused: extensions.filter((e) => e.state === 'refused').length,
    },
    reviews: {
      requested: reviews.length,
      decided: reviews.filter((review) => review.decidedAt !== undefined).length,
      outcomeChanged: reviews.filter((review) => review.changed === true).length,
    },
    repeats: complaints.filter((complaint) => complaint.repeatOf !== undefined).length,
    rootCauses: countBy(complaints, (complaint) =>
      complaint.closure === undefined ? [] : [complaint.closure.rootCause],
    ),
    openRemediationActions: complaints
      .flatMap((complaint) => complaint.closure?.remediationActions ?? [])
      .filter((action) => !action.done).length,
  };
}

/**
 * Decided on or before the decision deadline in force (extensions and pauses counted in, as the
 * deadline module computed it). A complaint without one (none is computed for a repeat) is not
 * within a limit it never had.
 */
function decidedWithinItsLimit(complaint: Complaint, decidedAt: string): boolean {
  const deadline = complaint.deadlines.find((candidate) => candidate.kind === 'decision');
  return deadline !== undefined && Date.parse(decidedAt) <= Date.parse(deadline.due);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** The p-th percentile by nearest rank: the smallest value at or above p % of the values. */
export function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Counts per key; `known` keys are always present (0 included), any other in sorted order. */
function countBy(
  complaints: readonly Complaint[],
  keysOf: (complaint: Complaint) => readonly string[],
  known: readonly string[] = [],
): Record<string, number> {
  const counts = new Map<string, number>(known.map((key) => [key, 0]));
  for (const complaint of complaints) {
    for (const key of keysOf(complaint)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const extra = [...counts.keys()].filter((key) => !known.includes(key)).sort();
  return Object.fromEntries([...known, ...extra].map((key) => [key, counts.get(key) ?? 0]));
}
