import type { Env } from '../../../shared/runtime/runtime.js';
import type { ComplianceStatus } from './customer.js';
import { EMPTY_RM_DIRECTORY, parseRmDirectory, type RmDirectory } from './rm-directory.js';
import { DEFAULT_SENIOR_AGE, SENIOR_AGE_MAX, SENIOR_AGE_MIN } from './senior.js';

/**
 * Retention and review defaults (docs/domain-rules.md §9.1, §10). Each is a capability setting
 * a deployment can change: they arrive through the environment of the functions that apply them.
 */
export interface CustomerPolicies {
  /** Identity data is kept at least this long after the relationship ends (AML law art. 34). */
  readonly retentionYearsAfterRelationship: number;
  /** Review cadence for compliance status `watch`/`risk`, and otherwise. */
  readonly reviewMonthsWatch: number;
  readonly reviewMonthsStandard: number;
  /** Working days the RM has to complete a review, then the supervisor's extra working days. */
  readonly reviewRmWorkingDays: number;
  readonly reviewSupervisorWorkingDays: number;
  /** How long a service agent may read a customer found by search. */
  readonly agentSearchGrantHours: number;
  /**
   * Searches by personal data one caller may make per window, how long a window is, and how
   * long a caller who goes over is locked out of search (docs/domain-rules.md §4.6).
   */
  readonly searchesPerWindow: number;
  readonly searchWindowMinutes: number;
  readonly searchLockoutMinutes: number;
  /** Which RMs work in which branch: who a customer may be assigned to (§4.2). */
  readonly rmDirectory: RmDirectory;
  /** The age from which a customer is senior (docs/domain-rules.md §19.3). */
  readonly seniorAge: number;
}

export const DEFAULT_CUSTOMER_POLICIES: CustomerPolicies = {
  retentionYearsAfterRelationship: 10,
  reviewMonthsWatch: 3,
  reviewMonthsStandard: 6,
  reviewRmWorkingDays: 10,
  reviewSupervisorWorkingDays: 5,
  agentSearchGrantHours: 8,
  searchesPerWindow: 20,
  searchWindowMinutes: 5,
  searchLockoutMinutes: 30,
  rmDirectory: EMPTY_RM_DIRECTORY,
  seniorAge: DEFAULT_SENIOR_AGE,
};

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer`);
  return parsed;
}

function intBetween(
  value: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  const parsed = positiveInt(value, fallback, name);
  if (parsed < min || parsed > max) throw new Error(`${name} must be between ${min} and ${max}`);
  return parsed;
}

/** Reads overrides such as `RETENTION_YEARS_AFTER_RELATIONSHIP=12` or `RM_DIRECTORY`; refuses nonsense at cold start. */
export function policiesFromEnv(env: Env): CustomerPolicies {
  const d = DEFAULT_CUSTOMER_POLICIES;
  return {
    retentionYearsAfterRelationship: positiveInt(
      env.RETENTION_YEARS_AFTER_RELATIONSHIP,
      d.retentionYearsAfterRelationship,
      'RETENTION_YEARS_AFTER_RELATIONSHIP',
    ),
    reviewMonthsWatch: positiveInt(env.REVIEW_MONTHS_WATCH, d.reviewMonthsWatch, 'REVIEW_MONTHS_WATCH'),
    reviewMonthsStandard: positiveInt(
      env.REVIEW_MONTHS_STANDARD,
      d.reviewMonthsStandard,
      'REVIEW_MONTHS_STANDARD',
    ),
    reviewRmWorkingDays: positiveInt(
      env.REVIEW_RM_WORKING_DAYS,
      d.reviewRmWorkingDays,
      'REVIEW_RM_WORKING_DAYS',
    ),
    reviewSupervisorWorkingDays: positiveInt(
      env.REVIEW_SUPERVISOR_WORKING_DAYS,
      d.reviewSupervisorWorkingDays,
      'REVIEW_SUPERVISOR_WORKING_DAYS',
    ),
    agentSearchGrantHours: positiveInt(
      env.AGENT_SEARCH_GRANT_HOURS,
      d.agentSearchGrantHours,
      'AGENT_SEARCH_GRANT_HOURS',
    ),
    searchesPerWindow: positiveInt(env.SEARCHES_PER_WINDOW, d.searchesPerWindow, 'SEARCHES_PER_WINDOW'),
    searchWindowMinutes: positiveInt(
      env.SEARCH_WINDOW_MINUTES,
      d.searchWindowMinutes,
      'SEARCH_WINDOW_MINUTES',
    ),
    searchLockoutMinutes: positiveInt(
      env.SEARCH_LOCKOUT_MINUTES,
      d.searchLockoutMinutes,
      'SEARCH_LOCKOUT_MINUTES',
    ),
    // Only CustomersApi receives it (the only function that assigns customers to RMs); the
    // others read it as empty.
    rmDirectory:
      env.RM_DIRECTORY === undefined || env.RM_DIRECTORY === ''
        ? d.rmDirectory
        : parseRmDirectory(env.RM_DIRECTORY),
    seniorAge: intBetween(env.SENIOR_AGE, d.seniorAge, 'SENIOR_AGE', SENIOR_AGE_MIN, SENIOR_AGE_MAX),
  };
}

/** Adds calendar months in UTC, clamping to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** Months between periodic reviews for a compliance status (docs/domain-rules.md §10.1). */
export function reviewMonths(status: ComplianceStatus, policies: CustomerPolicies): number {
  return status === 'compliant' ? policies.reviewMonthsStandard : policies.reviewMonthsWatch;
}

/** When the next periodic information review falls due (docs/domain-rules.md §10.1). */
export function nextReviewAt(from: Date, status: ComplianceStatus, policies: CustomerPolicies): Date {
  return addMonths(from, reviewMonths(status, policies));
}

/**
 * The next review date once the compliance status moves from `from` to `to`. The current
 * review period began `reviewMonths(from)` before `current`; it is measured again with the new
 * cadence, so a customer put on watch 4 months after a review is due at once, and one cleared
 * 1 month after a review is due 6 months after it. A date already past becomes `now`: the
 * next daily scan opens the review. Month-end clamping may move the period's start by up to
 * 3 days (31 Aug + 6 months = 28 Feb, 28 Feb − 6 months = 28 Aug).
 *
 * @example rescheduleReview(new Date('2026-09-01Z'), 'compliant', 'watch', new Date('2026-07-01Z'), DEFAULT_CUSTOMER_POLICIES)
 *   // 2026-06-01 is past: 2026-07-01
 */
export function rescheduleReview(
  current: Date,
  from: ComplianceStatus,
  to: ComplianceStatus,
  now: Date,
  policies: CustomerPolicies,
): Date {
  const fromMonths = reviewMonths(from, policies);
  const toMonths = reviewMonths(to, policies);
  if (fromMonths === toMonths) return current;
  const next = addMonths(addMonths(current, -fromMonths), toMonths);
  return next.getTime() < now.getTime() ? new Date(now.getTime()) : next;
}

/** The earliest moment identity data may be destroyed: N years after the relationship ended. */
export function retentionUntil(relationshipEndedAt: Date, policies: CustomerPolicies): Date {
  return addMonths(relationshipEndedAt, policies.retentionYearsAfterRelationship * 12);
}
