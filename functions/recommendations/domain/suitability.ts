import { addMonthsToDay, cstDayOf } from '../../../shared/time/civil-day.js';
import type { CUSTOMER_TYPES, INVESTMENT_OBJECTIVES, RISK_TOLERANCES } from '../../customers/events.js';
import type {
  MinimumGrade,
  AnnouncedProduct as Product,
  ProductCategory,
  ProductRiskLevel,
} from '../../products/events.js';

/**
 * Suitability (适当性, docs/domain-rules.md §19.2): whether one product may be recommended to one
 * customer, with every reason it may not. Pure: the facts in, a verdict out. The one place the
 * rules live; the API's list, the recording of a recommendation and the send all go through it.
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

/**
 * The revision of the rules in this module: bump it whenever a rule changes, so a recorded
 * recommendation says which rules it passed (with the settings, in `suitabilityRuleVersion`).
 */
export const SUITABILITY_RULES_REVISION = 1;

/**
 * The rule version recorded with each recommendation: the rules' revision and every setting
 * that changes a verdict (validity months, senior maximum level, declined days). Id-shaped.
 * @example suitabilityRuleVersion({ assessmentValidMonths: 12, seniorMaxRiskWithoutConfirmation: 'R2', declinedCategoryDays: 90 }) // 's1-m12-r2-d90'
 */
export function suitabilityRuleVersion(settings: SuitabilitySettings): string {
  const senior = settings.seniorMaxRiskWithoutConfirmation.toLowerCase();
  return `s${SUITABILITY_RULES_REVISION}-m${settings.assessmentValidMonths}-${senior}-d${settings.declinedCategoryDays}`;
}

const DAY_MS = 86_400_000;

// The level's number: R1 → 1, C5 → 5 (both scales are ordered 1 to 5).
function levelOf(code: string): number {
  return Number(code.slice(1));
}

const GRADE_RANK: Readonly<Record<MinimumGrade, number>> = { standard: 1, premium: 2, vip: 3 };

type AssessmentState = 'valid' | 'missing' | 'expired';

/**
 * §19.2: an assessment is valid through the same CST calendar day `validMonths` months after the
 * CST day it was made, month-end clamped (2024-02-29 + 12 months → valid through 2025-02-28),
 * and expired from the next day. An assessment dated in the future counts as valid.
 */
function assessmentState(customer: SuitabilityCustomer, nowMs: number, validMonths: number): AssessmentState {
  if (customer.riskTolerance === undefined || customer.riskAssessedAt === undefined) return 'missing';
  const assessedDay = cstDayOf(new Date(customer.riskAssessedAt));
  const today = cstDayOf(new Date(nowMs));
  return today <= addMonthsToDay(assessedDay, validMonths) ? 'valid' : 'expired';
}

/**
 * Whether `product` may be recommended to `customer` at `now`; `confirmation` for a senior above
 * R2 (docs/domain-rules.md §19.2, §19.3). Every exclusion reason that applies is returned, in
 * EXCLUSION_REASONS order, not only the first; `suitable` exactly when there is none. `satisfied`
 * names the rules the product was checked against and passed (in SATISFIED_RULES order), so the
 * RM sees why it is there.
 * @example assessSuitability(customer, product, { now: '2026-12-04T02:00:00.000Z' }, DEFAULT_RECOMMENDATIONS_SETTINGS)
 */
export function assessSuitability(
  customer: SuitabilityCustomer,
  product: Product,
  context: { readonly now: string; readonly confirmation?: SeniorConfirmation | undefined },
  settings: SuitabilitySettings,
): SuitabilityVerdict {
  const nowMs = Date.parse(context.now);
  if (Number.isNaN(nowMs)) throw new RangeError('now must be an ISO 8601 instant');
  const excluded = new Set<ExclusionReason>();
  const passed = new Set<SatisfiedRule>();

  // 1. The customer may be offered anything at all.
  if (customer.restricted) excluded.add('customer-restricted');
  if (customer.relationship === 'closed') excluded.add('relationship-closed');

  // 2. The product is on sale now (the window's ends are inclusive).
  if (product.status !== 'on-sale') excluded.add('not-on-sale');
  if (
    (product.saleFrom !== undefined && nowMs < Date.parse(product.saleFrom)) ||
    (product.saleTo !== undefined && nowMs > Date.parse(product.saleTo))
  ) {
    excluded.add('outside-sale-window');
  }

  // 3, 4. Offered to this type of customer and grade (a grade not known yet is below any minimum).
  if (!product.customerTypes.includes(customer.customerType)) excluded.add('customer-type-not-allowed');
  if (
    product.minimumGrade !== undefined &&
    (customer.compositeGrade === undefined ||
      GRADE_RANK[customer.compositeGrade] < GRADE_RANK[product.minimumGrade])
  ) {
    excluded.add('grade-below-minimum');
  }

  // 5. Risk level against a valid assessment; without one, R1 only.
  const risk = levelOf(product.riskLevel);
  const assessment = assessmentState(customer, nowMs, settings.assessmentValidMonths);
  if (assessment === 'valid') {
    if (customer.riskTolerance !== undefined && risk > levelOf(customer.riskTolerance)) {
      excluded.add('risk-above-tolerance');
    } else {
      passed.add('risk-within-tolerance');
    }
  } else if (risk > 1) {
    excluded.add(assessment === 'missing' ? 'assessment-missing' : 'assessment-expired');
  } else {
    passed.add('r1-without-valid-assessment');
  }

  // 6. Term and minimum amount, only against what the customer stated (equal passes).
  if (customer.horizonDays !== undefined && product.termDays !== undefined) {
    if (product.termDays > customer.horizonDays) excluded.add('term-exceeds-horizon');
    else passed.add('term-within-horizon');
  }
  if (customer.intendedAmount !== undefined) {
    const minimum = product.minimumAmount;
    if (minimum.currency !== customer.intendedAmount.currency && minimum.amount > 0) {
      excluded.add('amount-currency-differs');
    } else if (minimum.amount > customer.intendedAmount.amount) {
      excluded.add('minimum-above-amount');
    } else {
      passed.add('minimum-within-amount');
    }
  }

  // 7. A loan needs a credit grade other than `risk` (none known yet: `standard`).
  if (product.category === 'loan') {
    if (customer.creditGrade === 'risk') excluded.add('credit-grade-risk');
    else passed.add('loan-credit-grade-ok');
  }

  // 8. §19.3: a senior customer above the level they may see without an RM confirmation.
  if (customer.senior && risk > levelOf(settings.seniorMaxRiskWithoutConfirmation)) {
    if (context.confirmation === undefined) excluded.add('senior-confirmation-required');
    else passed.add('senior-confirmed');
  }

  // 9. A category declined within the window (24-hour periods back from now, the edge included).
  const declinedAt = customer.declinedAt[product.category];
  if (declinedAt !== undefined && Date.parse(declinedAt) >= nowMs - settings.declinedCategoryDays * DAY_MS) {
    excluded.add('category-declined');
  }

  return {
    productId: product.productId,
    suitable: excluded.size === 0,
    reasons: EXCLUSION_REASONS.filter((reason) => excluded.has(reason)),
    satisfied: SATISFIED_RULES.filter((rule) => passed.has(rule)),
    ruleVersion: suitabilityRuleVersion(settings),
  };
}
