/**
 * The values of every segmentation dimension and of the transaction facts grading reads
 * (REFERENCE.md §3). All of them are C1: safe in events, logs and metric dimensions.
 *
 * The transaction lists mirror the `TransactionPosted` fields of issue 4; when that event is
 * declared in `shared/events`, these should be imported from there instead.
 */

export const ASSET_TIERS = ['high', 'medium', 'low'] as const;
export type AssetTier = (typeof ASSET_TIERS)[number];

export const ACTIVITY_TIERS = ['high', 'medium', 'low'] as const;
export type ActivityTier = (typeof ACTIVITY_TIERS)[number];

/** 优质 / 一般 / 风险, from the credit-risk system; `standard` until it says otherwise. */
export const CREDIT_GRADES = ['prime', 'standard', 'risk'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

/** 合规 / 关注 / 风险, from AML events or a compliance officer; `compliant` until told. */
export const COMPLIANCE_STATUSES = ['compliant', 'watch', 'risk'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPOSITE_GRADES = ['vip', 'premium', 'standard'] as const;
export type CompositeGrade = (typeof COMPOSITE_GRADES)[number];

export const LIFECYCLE_STAGES = [
  'new',
  'growing',
  'mature',
  'declining',
  'dormant',
  'churned',
  'reactivated',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** 活跃 / 待激活 / 停用. */
export const CUSTOMER_STATUSES = ['active', 'pending-activation', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const TRANSACTION_TYPES = [
  'deposit',
  'withdrawal',
  'transfer-in',
  'transfer-out',
  'wealth-purchase',
  'wealth-redemption',
  'loan-disbursement',
  'loan-repayment',
  'investment',
  'card-spend',
  'fee',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const TRANSACTION_STATUSES = ['success', 'failed', 'aborted', 'pending-review'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/**
 * Activity is measured over this many full calendar months, and lifecycle decline compares
 * them with the same number of months before. Fixed, not configuration: the activity
 * aggregates keep AUM now and 3 and 6 months ago (issue 4), so another window has no data.
 */
export const ACTIVITY_WINDOW_MONTHS = 3;
