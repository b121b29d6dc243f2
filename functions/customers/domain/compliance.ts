import type { ComplianceStatus, CustomerRecord } from './customer.js';
import { type CustomerPolicies, rescheduleReview } from './policies.js';

/** A compliance status as the AML system reports it (ComplianceStatusChanged). */
export interface ComplianceReport {
  readonly status: ComplianceStatus;
  /** When the AML system decided, ISO 8601. */
  readonly at: string;
}

/** Why a report changes nothing. */
export type ComplianceIgnoreReason =
  /** Not later than the status already applied: a redelivery, or overtaken by a newer report. */
  | 'not-newer'
  /** Processing is restricted on the customer's erasure request: nothing more is processed. */
  | 'erasure-requested'
  /** The customer's data has been shredded. */
  | 'erased';

/** What a restriction for compliance risk does: imposed, lifted, or left as it is. */
export type RiskRestriction = 'impose' | 'lift' | 'keep';

export type CompliancePlan =
  | { readonly kind: 'ignore'; readonly reason: ComplianceIgnoreReason }
  | {
      readonly kind: 'apply';
      readonly status: ComplianceStatus;
      /** The report's `at` as a canonical UTC instant (ordering compares instants, not strings). */
      readonly at: string;
      /** The moved review date; absent when the cadence did not change or no review is scheduled. */
      readonly nextReviewAt?: string;
      readonly restriction: RiskRestriction;
      /** Names of the record fields written (for the audit record). */
      readonly changedFields: readonly string[];
    };

/**
 * Decides what an AML status report does to a customer record. Reports are applied in the
 * order of their `at`, whatever order they arrive in: one not later than the last applied is
 * ignored, so a redelivery changes nothing. `risk` restricts processing and leaving it lifts
 * that restriction only (docs/domain-rules.md §8); the review cadence follows it (§10.3).
 */
export function planComplianceChange(
  record: CustomerRecord,
  report: ComplianceReport,
  now: Date,
  policies: CustomerPolicies,
): CompliancePlan {
  if (record.shreddedAt !== undefined) return { kind: 'ignore', reason: 'erased' };
  if (record.erasureRequestedAt !== undefined || record.restrictionReason === 'erasure-requested') {
    return { kind: 'ignore', reason: 'erasure-requested' };
  }
  const at = new Date(report.at);
  if (record.complianceStatusAt !== undefined && at.getTime() <= Date.parse(record.complianceStatusAt)) {
    return { kind: 'ignore', reason: 'not-newer' };
  }

  const changedFields = ['complianceStatusAt'];
  if (report.status !== record.complianceStatus) changedFields.push('complianceStatus');

  let nextReviewAt: string | undefined;
  if (record.nextReviewAt !== undefined && record.relationship === 'active') {
    const moved = rescheduleReview(
      new Date(record.nextReviewAt),
      record.complianceStatus,
      report.status,
      now,
      policies,
    ).toISOString();
    if (moved !== record.nextReviewAt) {
      nextReviewAt = moved;
      changedFields.push('nextReviewAt');
    }
  }

  const riskRestricted = record.restricted && record.restrictionReason === 'compliance-risk';
  let restriction: RiskRestriction = 'keep';
  if (report.status === 'risk' && !riskRestricted) restriction = 'impose';
  if (report.status !== 'risk' && riskRestricted) restriction = 'lift';
  if (restriction !== 'keep') changedFields.push('restricted', 'restrictionReason');

  return {
    kind: 'apply',
    status: report.status,
    at: at.toISOString(),
    ...(nextReviewAt === undefined ? {} : { nextReviewAt }),
    restriction,
    changedFields,
  };
}
