import { currencyField, minorUnitsField } from '../../../shared/events/external.js';
import { idField } from '../../../shared/events/fields.js';
import * as z from '../../../shared/zod.js';
import { PRODUCT_CATEGORIES, PRODUCT_RISK_LEVELS, productNameField } from '../../products/events.js';
import { AFFINITY_REASONS } from '../domain/ranking-reasons.js';
import { EXCLUSION_REASONS, SATISFIED_RULES, SENIOR_CONFIRMATION_REASONS } from '../domain/suitability.js';
import { RECOMMENDATION_CHANNELS, RECOMMENDATION_RESPONSES, ruleVersionField } from '../events.js';
import type { KpiAnswer } from '../service/kpis.js';
import type { RecommendationList } from '../service/list.js';
import type { RecommendationRecord } from '../service/ports.js';

/**
 * Response schemas of the recommendations API, exactly as the handlers serialise them (a field
 * whose value is undefined is absent). Strict objects: a field the code starts returning fails
 * the contract tests until it is declared here. Examples are synthetic.
 */

const instant = () => z.iso.datetime();
const count = () => z.number().check(z.int(), z.nonnegative());
const score = () => z.number().check(z.int(), z.gte(0), z.lte(100));
const codes = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).check(z.maxLength(values.length));

const productFacts = {
  productId: idField,
  /** The product's public name. */
  name: productNameField,
  category: z.enum(PRODUCT_CATEGORIES),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
};

/** `GET /v1/customers/{customerId}/recommendations`. */
export const recommendationListSchema = z.strictObject({
  customerId: idField,
  /** The suitability rules' version and settings the list was judged under. */
  ruleVersion: ruleVersionField,
  evaluatedAt: instant(),
  /** Suitable products, best ranked first, at most RECOMMENDATION_LIST_LIMIT. */
  recommended: z.array(
    z.strictObject({
      ...productFacts,
      termDays: z.optional(z.number().check(z.int(), z.positive())),
      minimumAmount: z.strictObject({ amount: minorUnitsField, currency: currencyField }),
      score: score(),
      /** Why it ranks where it does (affinity codes). */
      reasons: codes(AFFINITY_REASONS),
      /** The suitability rules it was checked against and passed. */
      satisfied: codes(SATISFIED_RULES),
    }),
  ),
  /** Suitable products beyond the limit, not listed. */
  moreSuitable: count(),
  /** Every product not suitable now, with every reason. */
  excluded: z.array(
    z.strictObject({ ...productFacts, reasons: codes(EXCLUSION_REASONS).check(z.minLength(1)) }),
  ),
});

export const recommendationListExample: RecommendationList = {
  customerId: 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
  ruleVersion: 's1-m12-r2-d90',
  evaluatedAt: '2026-12-04T02:00:00.000Z',
  recommended: [
    {
      productId: 'wm-90d-r2',
      name: '稳盈 90 天理财',
      category: 'wealth-management',
      riskLevel: 'R2',
      termDays: 90,
      minimumAmount: { amount: 1_000_000, currency: 'CNY' },
      score: 65,
      reasons: ['matured-in-category', 'objective-match'],
      satisfied: ['risk-within-tolerance', 'term-within-horizon', 'minimum-within-amount'],
    },
    {
      productId: 'dep-1y',
      name: '一年期定期存款',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 365,
      minimumAmount: { amount: 5_000, currency: 'CNY' },
      score: 35,
      reasons: ['objective-match'],
      satisfied: ['risk-within-tolerance', 'term-within-horizon', 'minimum-within-amount'],
    },
  ],
  moreSuitable: 0,
  excluded: [
    {
      productId: 'fund-equity-r4',
      name: '成长精选股票基金',
      category: 'fund',
      riskLevel: 'R4',
      reasons: ['risk-above-tolerance', 'senior-confirmation-required'],
    },
    {
      productId: 'card-classic',
      name: '经典信用卡',
      category: 'card',
      riskLevel: 'R1',
      reasons: ['not-on-sale'],
    },
  ],
};

/** A recorded recommendation (`POST …/recommendations`, `POST …/response`). */
export const recommendationSchema = z.strictObject({
  recommendationId: idField,
  customerId: idField,
  /** The customer's branch and RM when it was made. */
  branch: idField,
  rmId: idField,
  productId: idField,
  /** The catalogue version of the product it was checked against. */
  productVersion: z.number().check(z.int(), z.positive()),
  category: z.enum(PRODUCT_CATEGORIES),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
  channel: z.enum(RECOMMENDATION_CHANNELS),
  score: score(),
  reasons: codes(AFFINITY_REASONS),
  satisfied: codes(SATISFIED_RULES),
  ruleVersion: ruleVersionField,
  /** A senior customer's RM confirmation: who (the caller), when, why. */
  seniorConfirmation: z.optional(
    z.strictObject({
      confirmedBy: z.string(),
      confirmedAt: instant(),
      reason: z.enum(SENIOR_CONFIRMATION_REASONS),
    }),
  ),
  /** The staff member who recorded it (`retention` for a retention case's offer), and when. */
  madeBy: z.string(),
  madeAt: instant(),
  /** The retention case that asked for this offer, if one did. */
  caseId: z.optional(idField),
  /** The request sent to the engagement contact path (sms, email, app-push). */
  contactRequestId: z.optional(idField),
  response: z.optional(z.enum(RECOMMENDATION_RESPONSES)),
  respondedAt: z.optional(instant()),
  respondedBy: z.optional(z.string()),
});

export const recommendationExample: RecommendationRecord = {
  recommendationId: 'rec_01JQ3V9A2B3C4D5E6F7G8H9J0K',
  customerId: 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
  branch: 'BJ001',
  rmId: 'rm-0042',
  productId: 'wm-90d-r2',
  productVersion: 3,
  category: 'wealth-management',
  riskLevel: 'R2',
  channel: 'sms',
  score: 65,
  reasons: ['matured-in-category', 'objective-match'],
  satisfied: ['risk-within-tolerance', 'term-within-horizon', 'minimum-within-amount'],
  ruleVersion: 's1-m12-r2-d90',
  madeBy: 'user-rm-0042',
  madeAt: '2026-12-04T02:05:00.000Z',
  contactRequestId: 'recommendation-rec_01JQ3V9A2B3C4D5E6F7G8H9J0K',
};

export const answeredRecommendationExample: RecommendationRecord = {
  ...recommendationExample,
  response: 'declined',
  respondedAt: '2026-12-06T03:00:00.000Z',
  respondedBy: 'user-rm-0042',
};

const conversion = {
  made: count(),
  accepted: count(),
  declined: count(),
  notInterested: count(),
  /** accepted ÷ made (0 to 1, 4 decimals); null when none were made. */
  conversionRate: z.nullable(z.number().check(z.gte(0), z.lte(1))),
};
const byReason = () => z.partialRecord(z.enum(EXCLUSION_REASONS), count());

/** `GET /v1/recommendations/kpis`. */
export const kpiAnswerSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  branch: z.optional(idField),
  ...conversion,
  byCategory: z.array(z.strictObject({ category: z.enum(PRODUCT_CATEGORIES), ...conversion })),
  byBranch: z.array(z.strictObject({ branch: idField, ...conversion })),
  /** Products shown excluded to RMs, per reason (each list counts its exclusions). */
  excluded: byReason(),
  /** Recommendations refused at recording (422), per reason. */
  refused: byReason(),
});

const none = { made: 0, accepted: 0, declined: 0, notInterested: 0, conversionRate: null };

export const kpiAnswerExample: KpiAnswer = {
  from: '2026-11-01',
  to: '2026-11-30',
  branch: 'BJ001',
  made: 40,
  accepted: 10,
  declined: 6,
  notInterested: 8,
  conversionRate: 0.25,
  byCategory: [
    { category: 'deposit', made: 12, accepted: 5, declined: 1, notInterested: 2, conversionRate: 0.4167 },
    {
      category: 'wealth-management',
      made: 20,
      accepted: 4,
      declined: 3,
      notInterested: 4,
      conversionRate: 0.2,
    },
    { category: 'fund', made: 8, accepted: 1, declined: 2, notInterested: 2, conversionRate: 0.125 },
    { category: 'insurance', ...none },
    { category: 'loan', ...none },
    { category: 'card', ...none },
  ],
  byBranch: [
    { branch: 'BJ001', made: 40, accepted: 10, declined: 6, notInterested: 8, conversionRate: 0.25 },
  ],
  excluded: { 'risk-above-tolerance': 120, 'assessment-expired': 35, 'not-on-sale': 60 },
  refused: { 'risk-above-tolerance': 2 },
};
