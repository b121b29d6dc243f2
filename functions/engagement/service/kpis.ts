import { reportBranch } from '../../../shared/auth/report-branch.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { MetricUnit, metrics } from '../../../shared/observability/index.js';
import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import { isoDateOfDay } from '../../../shared/time/civil-day.js';
import { coverageOf, coverageShortfall, type KpiReport, kpiReport, sumBuckets } from '../domain/kpis.js';
import { workingDaysDue } from '../domain/task.js';
import type { KpiQuery } from '../domain/task-schemas.js';
import { engagementPolicy } from '../policy.js';
import type { TaskDeps } from './task-deps.js';

/**
 * The satisfaction KPIs (docs/domain-rules.md §18.7) from the daily counters, and the daily
 * return-visit coverage level the alarm watches.
 */

export interface KpiAnswer extends KpiReport {
  readonly from: string;
  readonly to: string;
  /** The branch the figures are of; absent: every branch. */
  readonly branch?: string | undefined;
}

/**
 * The KPIs of the UTC days `from` to `to` (both included, at most 366): one branch's buckets, or
 * every branch's for the roles that see all. A supervisor sees their own branch only (another
 * is a 403 `branch-out-of-scope`).
 */
export async function readKpis(
  deps: Pick<TaskDeps, 'kpis' | 'settings'>,
  auth: AuthContext,
  query: KpiQuery,
): Promise<KpiAnswer> {
  const branch = reportBranch(engagementPolicy, auth, 'engagement:kpis', query.branch);
  const buckets =
    branch === undefined
      ? await deps.kpis.allBuckets(query.from, query.to)
      : await deps.kpis.branchBuckets(branch, query.from, query.to);
  return {
    from: query.from,
    to: query.to,
    ...(branch === undefined ? {} : { branch }),
    ...kpiReport(sumBuckets(buckets), deps.settings.coverageTargetPercent),
  };
}

const MS_PER_DAY = 86_400_000;

/** Closure days whose coverage the daily level counts. */
export const COVERAGE_WINDOW_DAYS = 30;

/**
 * The last closure day (UTC) whose return visits are all due by `now`: a complaint closed later
 * may still be visited in time, so counting it would lower coverage for nothing.
 */
export async function lastCoveredDay(deps: Pick<TaskDeps, 'calendarMirror' | 'settings'>, now: Date) {
  const calendar = await mirroredCalendar(deps.calendarMirror);
  const at = now.toISOString();
  // Days are UTC (the buckets'); the latest instant of a UTC day is its 23:59:59.999Z.
  const today = Math.floor(now.getTime() / MS_PER_DAY);
  let day = today - 1;
  // 30 working days at most (the setting's range) lie well within 90 calendar days.
  for (; day > today - 90; day -= 1) {
    const lastClosure = new Date((day + 1) * MS_PER_DAY - 1);
    if (workingDaysDue(calendar, lastClosure, deps.settings.returnVisitWorkingDays).dueAt < at) break;
  }
  return isoDateOfDay(day);
}

/**
 * The daily job: return-visit coverage of every branch over the last 30 closure days whose
 * visits are all due, as `ReturnVisitCoverage` (percent) and `ReturnVisitCoverageShortfall`
 * (percentage points below the target; 0 when met or nothing was closed: the alarmed gauge).
 * Dimension `service` only.
 */
export async function recordCoverage(
  deps: Pick<TaskDeps, 'kpis' | 'calendarMirror' | 'settings'>,
  now: Date,
): Promise<{ coverage: number | null; shortfall: number; from: string; to: string }> {
  const to = await lastCoveredDay(deps, now);
  const from = isoDateOfDay(Date.parse(`${to}T00:00:00Z`) / MS_PER_DAY - (COVERAGE_WINDOW_DAYS - 1));
  const coverage = coverageOf(sumBuckets(await deps.kpis.allBuckets(from, to)));
  const shortfall = coverageShortfall(coverage, deps.settings.coverageTargetPercent);
  if (coverage !== null) metrics.addMetric('ReturnVisitCoverage', MetricUnit.Percent, coverage);
  metrics.addMetric('ReturnVisitCoverageShortfall', MetricUnit.Percent, shortfall);
  return { coverage, shortfall, from, to };
}

/** Days the daily satisfaction levels cover, ending with yesterday (UTC). */
export const SATISFACTION_WINDOW_DAYS = 30;

/** What the daily job emits besides the coverage; a rate is absent while its denominator is 0. */
export interface SatisfactionLevels {
  readonly csatPercent?: number;
  readonly npsScore?: number;
  readonly surveyResponseRate?: number;
  readonly optOutRate?: number;
  readonly contactsSent: number;
  readonly contactsDeferred: number;
  readonly contactsRefused: number;
  readonly contactsDropped: number;
}

const total = (counts: Readonly<Partial<Record<string, number>>>) =>
  Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);

/**
 * The daily job: the KPIs of every branch over the last 30 whole UTC days, as business metrics
 * (the same figures `GET /v1/engagement/kpis` gives for that range): `CsatPercent`, `NpsScore`,
 * `SurveyResponseRate`, `OptOutRate` (each only when it has a denominator) and the contacts
 * `ContactsSent`, `ContactsDeferred`, `ContactsRefused`, `ContactsDropped`. Dimension `service`
 * only: the per-rule and per-channel split is in the KPI answer, not in metric dimensions.
 */
export async function recordSatisfaction(
  deps: Pick<TaskDeps, 'kpis' | 'settings'>,
  now: Date,
): Promise<SatisfactionLevels> {
  const yesterday = Math.floor(now.getTime() / MS_PER_DAY) - 1;
  const report = kpiReport(
    sumBuckets(
      await deps.kpis.allBuckets(
        isoDateOfDay(yesterday - (SATISFACTION_WINDOW_DAYS - 1)),
        isoDateOfDay(yesterday),
      ),
    ),
    deps.settings.coverageTargetPercent,
  );
  const levels: SatisfactionLevels = {
    ...(report.csat.percent === null ? {} : { csatPercent: report.csat.percent }),
    ...(report.nps.score === null ? {} : { npsScore: report.nps.score }),
    ...(report.responseRate.percent === null ? {} : { surveyResponseRate: report.responseRate.percent }),
    ...(report.optOutRate.percent === null ? {} : { optOutRate: report.optOutRate.percent }),
    contactsSent: total(report.contacts.sent),
    contactsDeferred: total(report.contacts.deferred),
    contactsRefused: total(report.contacts.refused),
    contactsDropped: total(report.contacts.dropped),
  };
  if (levels.csatPercent !== undefined)
    metrics.addMetric('CsatPercent', MetricUnit.Percent, levels.csatPercent);
  if (levels.npsScore !== undefined) metrics.addMetric('NpsScore', MetricUnit.NoUnit, levels.npsScore);
  if (levels.surveyResponseRate !== undefined)
    metrics.addMetric('SurveyResponseRate', MetricUnit.Percent, levels.surveyResponseRate);
  if (levels.optOutRate !== undefined) metrics.addMetric('OptOutRate', MetricUnit.Percent, levels.optOutRate);
  metrics.addMetric('ContactsSent', MetricUnit.Count, levels.contactsSent);
  metrics.addMetric('ContactsDeferred', MetricUnit.Count, levels.contactsDeferred);
  metrics.addMetric('ContactsRefused', MetricUnit.Count, levels.contactsRefused);
  metrics.addMetric('ContactsDropped', MetricUnit.Count, levels.contactsDropped);
  return levels;
}
