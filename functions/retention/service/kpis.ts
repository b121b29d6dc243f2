import { reportBranch } from '../../../shared/auth/report-branch.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import type { KpiQuery } from '../domain/schemas.js';
import { retentionPolicy } from '../policy.js';
import type { KpiCounter } from '../store/keys.js';
import type { RetentionApiDeps } from './api-deps.js';
import type { KpiBucket } from './ports.js';

/**
 * The retention KPIs (docs/domain-rules.md §20.9), summed over the daily buckets of a range of
 * China Standard Time days. Aggregates only: no customer in them. Every rate is rounded to 4
 * decimals and null when its denominator is 0 (nothing to measure).
 */
export interface RetentionKpis {
  /** Alerts: the level went up to it (first scores included). */
  readonly alerts: { readonly high: number; readonly medium: number };
  readonly casesOpened: number;
  /**
   * First reached attempts before the outreach deadline (`inTime`) or after it (`late`);
   * `inTimeRate` = inTime ÷ (inTime + late). Cases never reached show in the uncontacted alarm.
   */
  readonly contacted: { readonly inTime: number; readonly late: number; readonly inTimeRate: number | null };
  readonly escalated: number;
  readonly outcomes: { readonly retained: number; readonly reactivated: number; readonly lost: number };
  /** Cases closed in the range: the outcomes' sum. */
  readonly closed: number;
  /** Of which closed early by a supervisor. */
  readonly closedEarly: number;
  /** (retained + reactivated) ÷ closed. */
  readonly winBackRate: number | null;
  /** Closed cases whose alert proved right ÷ closed cases. */
  readonly alertPrecision: number | null;
  /**
   * Customers whose relationship closed in the range ÷ the customers at its start (every
   * registration before `from` less every closure before it).
   */
  readonly churn: {
    readonly churned: number;
    readonly customersAtStart: number;
    readonly churnRate: number | null;
  };
}

export interface RetentionKpiAnswer extends RetentionKpis {
  readonly from: string;
  readonly to: string;
  /** The branch the figures are of; absent: every branch. */
  readonly branch?: string | undefined;
}

/** The first day any bucket can have: the sums before a range start here. */
export const FIRST_KPI_DAY = '2000-01-01';

const sumOf = (buckets: readonly KpiBucket[], counter: KpiCounter) =>
  buckets.reduce((sum, bucket) => sum + (bucket.counts[counter] ?? 0), 0);

/** numerator ÷ denominator to 4 decimals; null on a denominator of 0 or less. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator <= 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

/**
 * The KPIs of the range's buckets (`inRange`) and of every bucket before it (`before`, for the
 * customers at the start). Pure.
 */
export function retentionKpis(inRange: readonly KpiBucket[], before: readonly KpiBucket[]): RetentionKpis {
  const sum = (counter: KpiCounter) => sumOf(inRange, counter);
  const inTime = sum('contactedInTime');
  const late = sum('contactedLate');
  const retained = sum('outcomeRetained');
  const reactivated = sum('outcomeReactivated');
  const lost = sum('outcomeLost');
  const closed = retained + reactivated + lost;
  const churned = sum('customersChurned');
  const customersAtStart = Math.max(sumOf(before, 'customersJoined') - sumOf(before, 'customersChurned'), 0);
  return {
    alerts: { high: sum('alertsHigh'), medium: sum('alertsMedium') },
    casesOpened: sum('casesOpened'),
    contacted: { inTime, late, inTimeRate: rateOf(inTime, inTime + late) },
    escalated: sum('casesEscalated'),
    outcomes: { retained, reactivated, lost },
    closed,
    closedEarly: sum('closedEarly'),
    winBackRate: rateOf(retained + reactivated, closed),
    alertPrecision: rateOf(sum('alertsConfirmed'), closed),
    churn: { churned, customersAtStart, churnRate: rateOf(churned, customersAtStart) },
  };
}

/** The day before `day` (`YYYY-MM-DD`). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The KPIs of days `from`..`to`: a supervisor's own branch only (another is a 403
 * `branch-out-of-scope`), compliance and analysts every branch or the one named.
 */
export async function readRetentionKpis(
  deps: Pick<RetentionApiDeps, 'reader'>,
  auth: AuthContext,
  query: KpiQuery,
): Promise<RetentionKpiAnswer> {
  const branch = reportBranch(retentionPolicy, auth, 'retention:kpis', query.branch);
  const inRange = await deps.reader.kpiBuckets(query.from, query.to, branch);
  const before =
    query.from <= FIRST_KPI_DAY
      ? []
      : await deps.reader.kpiBuckets(FIRST_KPI_DAY, dayBefore(query.from), branch);
  return {
    from: query.from,
    to: query.to,
    ...(branch === undefined ? {} : { branch }),
    ...retentionKpis(inRange, before),
  };
}
