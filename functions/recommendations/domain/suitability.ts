import type { CUSTOMER_TYPES, INVESTMENT_OBJECTIVES, RISK_TOLERANCES } from '../../customers/events.js';
import type {
  AnnouncedProduct as Product,
  ProductCategory,
  ProductRiskLevel,
} from '../../products/events.js';

/**
 * Suitability (适当性, docs/domain-rules.md §19.2): whether one product may be recommended to one
 * customer, with every reason it may not. Pure: the facts in, a verdict out. The one place the
 * rules live; the API's list, the recording of a recommendation and the send all go through it.
 * (Skeleton: the suitability engineer implements `assessSuitability` and `suitabilityRuleVersion`.)
 */

/**
 * Why a product is excluded. Every applicable code is returned, not only the first.
 * - `customer-restricted`: processing of the customer is restricted (erasure requested, compliance risk);
 * - `relationship-closed`: the relationship with the bank has ended;
 * - `not-on-sale`: the product's status is not `on-sale`;
 * - `outside-sale-window`: now is before the sale window's start or after its end;
 * - `customer-type-not-allowed`: the product is not offered to the customer's type;
 * - `grade-below-minimum`: the customer's composite grade is below the product's minimum (or not known yet);
 * - `assessment-missing`: no risk assessment, and the product is above R1;
 * - `assessment-expired`: the assessment is older than the validity (12 months), and the product is above R1;
 * - `risk-above-tolerance`: a valid assessment's C level is below the product's R level;
 * - `term-exceeds-horizon`: the product's term is longer than the horizon the customer stated;
 * - `minimum-above-amount`: the product's minimum amount is above the amount the customer stated;
 * - `amount-currency-differs`: the stated amount is in another currency than the product's minimum, so they cannot be compared;
 * - `credit-grade-risk`: a loan, and the customer's credit grade is `risk`;
 * - `senior-confirmation-required`: the customer is 65 or older, the product is above R2, and no RM confirmation is recorded;
 * - `category-declined`: the customer declined a product of this category within the last 90 days.
 */
export const EXCLUSION_REASONS = [
  'customer-restricted',
  'relationship-closed',
  'not-on-sale',
  'outside-sale-window',
  'customer-type-not-allowed',
  'grade-below-minimum',
  'assessment-missing',
  'assessment-expired',
  'risk-above-tolerance',
  'term-exceeds-horizon',
  'minimum-above-amount',
  'amount-currency-differs',
  'credit-grade-risk',
  'senior-confirmation-required',
  'category-declined',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Why an RM confirms a product above R2 for a senior customer (a code: no free text is kept). */
export const SENIOR_CONFIRMATION_REASONS = [
  'customer-requested',
  'investment-experience',
  'family-present',
  'reassessed-in-person',
] as const;
export type SeniorConfirmationReason = (typeof SENIOR_CONFIRMATION_REASONS)[number];

/** An RM's confirmation that a senior customer may be shown a product above R2: who, when, why. */
export interface SeniorConfirmation {
  readonly confirmedBy: string;
  readonly confirmedAt: string;
  readonly reason: SeniorConfirmationReason;
}

/** The customer as suitability sees it: C1 facts mirrored from the customers and activity events. */
export interface SuitabilityCustomer {
  readonly customerType: (typeof CUSTOMER_TYPES)[number];
  readonly riskTolerance?: (typeof RISK_TOLERANCES)[number] | undefined;
  /** When the assessment was made (UTC instant). */
  readonly riskAssessedAt?: string | undefined;
  readonly investmentObjective?: (typeof INVESTMENT_OBJECTIVES)[number] | undefined;
  readonly horizonDays?: number | undefined;
  readonly intendedAmount?: { readonly amount: number; readonly currency: string } | undefined;
  readonly senior: boolean;
  readonly restricted: boolean;
  readonly relationship: 'active' | 'closed';
  /** Activity's composite grade; absent until the customer is first graded. */
  readonly compositeGrade?: 'vip' | 'premium' | 'standard' | undefined;
  /** The credit grade; absent means `standard` (the default until the credit-risk system says otherwise). */
  readonly creditGrade?: 'prime' | 'standard' | 'risk' | undefined;
  /** The latest decline per category (UTC instant). */
  readonly declinedAt: Readonly<Partial<Record<ProductCategory, string>>>;
}

/** What a bank configures (defaults: 12 months, R2, 90 days; China Standard Time for calendar days). */
export interface SuitabilitySettings {
  readonly assessmentValidMonths: number;
  /** The highest risk level a senior customer may be shown without an RM confirmation. */
  readonly seniorMaxRiskWithoutConfirmation: ProductRiskLevel;
  readonly declinedCategoryDays: number;
}

/** Why a suitable product is suitable: the rules it was checked against and passed. */
export const SATISFIED_RULES = [
  'risk-within-tolerance',
  'r1-without-valid-assessment',
  'term-within-horizon',
  'minimum-within-amount',
  'senior-confirmed',
  'loan-credit-grade-ok',
] as const;
export type SatisfiedRule = (typeof SATISFIED_RULES)[number];

export interface SuitabilityVerdict {
  readonly productId: string;
  readonly suitable: boolean;
  /** Every exclusion reason (empty exactly when suitable). */
  readonly reasons: readonly ExclusionReason[];
  /** The rules that let it through (for the RM's "why"). */
  readonly satisfied: readonly SatisfiedRule[];
  /** The rules' version and settings, recorded with each recommendation. */
  readonly ruleVersion: string;
}

/** Whether `product` may be recommended to `customer` at `now`; `confirmation` for a senior above R2. */
export function assessSuitability(
  _customer: SuitabilityCustomer,
  _product: Product,
  _context: { readonly now: string; readonly confirmation?: SeniorConfirmation | undefined },
  _settings: SuitabilitySettings,
): SuitabilityVerdict {
  throw new Error('assessSuitability: not implemented yet');
}
