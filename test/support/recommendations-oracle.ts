import type { CUSTOMER_TYPES, RISK_TOLERANCES } from '../../functions/customers/events.js';
import type {
  AnnouncedProduct,
  MinimumGrade,
  ProductCategory,
  ProductRiskLevel,
} from '../../functions/products/events.js';

/**
 * An independent oracle of the suitability rules (docs/domain-rules.md §19.2, §19.3), written
 * from the design's wording and nothing else: it imports no code of the recommendations
 * capability, so a test that compares the capability's answers with it compares two readings
 * of the rules, not one with itself. Plain arithmetic on purpose (CST = UTC+8, no DST since
 * 1991; calendar months added by hand): no helper shared with the module under test.
 */

/** The exclusion codes in the order the rules are written (the order the API lists them in). */
export const ORACLE_EXCLUSION_ORDER = [
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
export type OracleReason = (typeof ORACLE_EXCLUSION_ORDER)[number];

/** The rules a suitable product passed, as the RM is shown them. */
export type OracleSatisfied =
  | 'risk-within-tolerance'
  | 'r1-without-valid-assessment'
  | 'term-within-horizon'
  | 'minimum-within-amount'
  | 'senior-confirmed'
  | 'loan-credit-grade-ok';

/** The customer as the rules read it: what the events and answers established. */
export interface OracleCustomer {
  readonly customerType: (typeof CUSTOMER_TYPES)[number];
  readonly riskTolerance?: (typeof RISK_TOLERANCES)[number] | undefined;
  readonly riskAssessedAt?: string | undefined;
  readonly horizonDays?: number | undefined;
  readonly intendedAmount?: { readonly amount: number; readonly currency: string } | undefined;
  readonly senior: boolean;
  readonly restricted: boolean;
  readonly relationship: 'active' | 'closed';
  readonly compositeGrade?: MinimumGrade | undefined;
  readonly creditGrade?: 'prime' | 'standard' | 'risk' | undefined;
  /** The instant of the customer's latest answer per category, when that answer is `declined`. */
  readonly declinedAt: Readonly<Partial<Record<ProductCategory, string>>>;
}

export interface OracleSettings {
  /** SUITABILITY_ASSESSMENT_VALID_MONTHS (default 12). */
  readonly assessmentValidMonths: number;
  /** SUITABILITY_SENIOR_MAX_RISK (default R2). */
  readonly seniorMaxRisk: ProductRiskLevel;
  /** RECOMMENDATION_DECLINED_DAYS (default 90). */
  readonly declinedDays: number;
}

export const ORACLE_DEFAULT_SETTINGS: OracleSettings = {
  assessmentValidMonths: 12,
  seniorMaxRisk: 'R2',
  declinedDays: 90,
};

export interface OracleVerdict {
  readonly suitable: boolean;
  readonly reasons: readonly OracleReason[];
  /** The rules passed, in no particular order (compare as sets). */
  readonly satisfied: readonly OracleSatisfied[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** China Standard Time is UTC+8 all year. */
const CST_OFFSET_MS = 8 * HOUR_MS;

/** The calendar date in China Standard Time of a UTC instant, as `YYYY-MM-DD`. */
export function cstDate(instant: string): string {
  return new Date(Date.parse(instant) + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date` plus `months` calendar months, the day clamped to the month's end (01-31 + 1 → 02-28/29). */
export function addCalendarMonths(date: string, months: number): string {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const zeroBased = month - 1 + months;
  const targetYear = year + Math.floor(zeroBased / 12);
  const targetMonth = (((zeroBased % 12) + 12) % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** The last CST calendar day an assessment made at `assessedAt` is valid on. */
export function assessmentValidThrough(assessedAt: string, settings: OracleSettings): string {
  return addCalendarMonths(cstDate(assessedAt), settings.assessmentValidMonths);
}

const level = (code: string): number => Number(code.slice(1));
const GRADE_RANK: Readonly<Record<MinimumGrade, number>> = { standard: 1, premium: 2, vip: 3 };

type AssessmentState = 'valid' | 'missing' | 'expired';

function assessmentState(customer: OracleCustomer, now: string, settings: OracleSettings): AssessmentState {
  if (customer.riskTolerance === undefined || customer.riskAssessedAt === undefined) return 'missing';
  // A future assessment is valid (its date is after today, so today is before its end too).
  return cstDate(now) <= assessmentValidThrough(customer.riskAssessedAt, settings) ? 'valid' : 'expired';
}

/**
 * Whether `product` may be recommended to `customer` at `now`, every reason it may not (in the
 * rules' order) and the rules it passed. `confirmed`: an RM's senior confirmation comes with it.
 */
export function oracleVerdict(
  customer: OracleCustomer,
  product: AnnouncedProduct,
  now: string,
  confirmed: boolean,
  settings: OracleSettings = ORACLE_DEFAULT_SETTINGS,
): OracleVerdict {
  const reasons = new Set<OracleReason>();
  const satisfied: OracleSatisfied[] = [];
  const nowMs = Date.parse(now);

  if (customer.restricted) reasons.add('customer-restricted');
  if (customer.relationship === 'closed') reasons.add('relationship-closed');

  if (product.status !== 'on-sale') reasons.add('not-on-sale');
  const beforeWindow = product.saleFrom !== undefined && nowMs < Date.parse(product.saleFrom);
  const afterWindow = product.saleTo !== undefined && nowMs > Date.parse(product.saleTo);
  if (beforeWindow || afterWindow) reasons.add('outside-sale-window');

  if (!product.customerTypes.includes(customer.customerType)) reasons.add('customer-type-not-allowed');

  if (product.minimumGrade !== undefined) {
    const held = customer.compositeGrade === undefined ? 0 : GRADE_RANK[customer.compositeGrade];
    if (held < GRADE_RANK[product.minimumGrade]) reasons.add('grade-below-minimum');
  }

  const assessment = assessmentState(customer, now, settings);
  if (assessment === 'valid') {
    if (level(product.riskLevel) > level(customer.riskTolerance ?? 'C0')) reasons.add('risk-above-tolerance');
    else satisfied.push('risk-within-tolerance');
  } else if (product.riskLevel === 'R1') {
    satisfied.push('r1-without-valid-assessment');
  } else {
    reasons.add(assessment === 'missing' ? 'assessment-missing' : 'assessment-expired');
  }

  if (customer.horizonDays !== undefined && product.termDays !== undefined) {
    if (product.termDays > customer.horizonDays) reasons.add('term-exceeds-horizon');
    else satisfied.push('term-within-horizon');
  }
  if (customer.intendedAmount !== undefined) {
    const minimum = product.minimumAmount;
    if (minimum.currency === customer.intendedAmount.currency) {
      if (minimum.amount > customer.intendedAmount.amount) reasons.add('minimum-above-amount');
      else satisfied.push('minimum-within-amount');
    } else if (minimum.amount > 0) {
      reasons.add('amount-currency-differs');
    } else {
      // A zero minimum compares with an amount in any currency, and passes.
      satisfied.push('minimum-within-amount');
    }
  }

  if (product.category === 'loan') {
    if (customer.creditGrade === 'risk') reasons.add('credit-grade-risk');
    else satisfied.push('loan-credit-grade-ok');
  }

  if (customer.senior && level(product.riskLevel) > level(settings.seniorMaxRisk)) {
    if (confirmed) satisfied.push('senior-confirmed');
    else reasons.add('senior-confirmation-required');
  }

  const declinedAt = customer.declinedAt[product.category];
  if (declinedAt !== undefined && Date.parse(declinedAt) >= nowMs - settings.declinedDays * DAY_MS) {
    reasons.add('category-declined');
  }

  const ordered = ORACLE_EXCLUSION_ORDER.filter((reason) => reasons.has(reason));
  return { suitable: ordered.length === 0, reasons: ordered, satisfied };
}

/**
 * Whether an RM's senior confirmation would be recorded for something: the customer is senior
 * and the product is above the level a senior may be shown without one. Otherwise the API
 * refuses the confirmation (422) rather than record it for nothing.
 */
export function confirmationApplies(
  customer: OracleCustomer,
  product: AnnouncedProduct,
  settings: OracleSettings = ORACLE_DEFAULT_SETTINGS,
): boolean {
  return customer.senior && level(product.riskLevel) > level(settings.seniorMaxRisk);
}
