/**
 * The values of every segmentation dimension and of the transaction facts grading reads
 * (docs/domain-rules.md §13.1, §14). All C1: safe in events, logs and metric dimensions.
 *
 * Transaction facts, credit grades and compliance statuses come with the inbound events and
 * are declared once, in shared/events/external.ts.
 */
import {
  COMPLIANCE_STATUSES,
  CREDIT_GRADES,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  type TransactionStatus,
  type TransactionType,
} from '../../../../shared/events/external.js';

export type { TransactionStatus, TransactionType };
export { COMPLIANCE_STATUSES, CREDIT_GRADES, TRANSACTION_STATUSES, TRANSACTION_TYPES };

export const ASSET_TIERS = ['high', 'medium', 'low'] as const;
export type AssetTier = (typeof ASSET_TIERS)[number];

export const ACTIVITY_TIERS = ['high', 'medium', 'low'] as const;
export type ActivityTier = (typeof ACTIVITY_TIERS)[number];

/** 优质 / 一般 / 风险, from the credit-risk system; `standard` until it says otherwise. */
export type CreditGrade = (typeof CREDIT_GRADES)[number];

/** 合规 / 关注 / 风险, from AML events or a compliance officer; `compliant` until told. */
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPOSITE_GRADES = ['vip', 'premium', 'standard'] as const;
export type CompositeGrade = (typeof COMPOSITE_GRADES)[number];

// Declared with the events: other capabilities read a customer's stage from CustomerSegmentChanged.
export { LIFECYCLE_STAGES, type LifecycleStage } from '../../events.js';

/** 活跃 / 待激活 / 停用. */
export const CUSTOMER_STATUSES = ['active', 'pending-activation', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/**
 * Activity is measured over this many full calendar months, and lifecycle decline compares
 * them with the same number of months before. Fixed, not configuration: decline also compares
 * AUM now with AUM one window ago, and the aggregates keep AUM at fixed points (now, 3 and 6
 * months ago; the monthly transaction counters reach back 12), so another window would have
 * no AUM to compare.
 */
export const ACTIVITY_WINDOW_MONTHS = 3;
