import { idField, PRODUCT_RISK_LEVELS, TRANSACTION_CHANNELS } from '../../../shared/events/index.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_TYPES, RELATIONSHIP_STATES } from '../../customers/events.js';
import { SCORE_DIMENSIONS } from '../domain/segmentation/composite.js';
import {
  ACTIVITY_TIERS,
  ASSET_TIERS,
  COMPLIANCE_STATUSES,
  COMPOSITE_GRADES,
  CREDIT_GRADES,
  CUSTOMER_STATUSES,
  LIFECYCLE_STAGES,
  TRANSACTION_TYPES,
} from '../domain/segmentation/values.js';
import { STATUS_COUNTER_PREFIX } from '../domain/transaction-delta.js';
import type { SegmentDimension } from '../events.js';

/**
 * Response schemas of the activity API's profile and segment summary, and the building blocks
 * the transaction batches (batch-responses.ts) and the segmentation configuration
 * (config-responses.ts) share with them: each route's success body exactly as the handlers
 * serialise it.
 * Every object is strict (and every record's keys constrained), so a field the code starts
 * returning fails the contract tests until it is declared here.
 *
 * Built on first use (`z.lazy`), like the request schemas, so a handler importing a route
 * contract does not build them at cold start. Examples are synthetic.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

/** An instant the server stamped or canonicalised: ISO 8601 UTC (`Date#toISOString`). */
export const instant = () => z.iso.datetime();
export const count = () => z.number().check(z.int(), z.nonnegative());
/** Money in integer minor units (fen for CNY), never negative: direction is in the type. */
const minorUnits = () => z.number().check(z.int(), z.nonnegative());
const currencyCode = () => z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'));
/** A CST calendar month, `YYYY-MM`. */
const monthKey = () => z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month (YYYY-MM)'));

/** The values each graded dimension takes, as the summary and the history spell them. */
const DIMENSION_VALUES = {
  assetTier: ASSET_TIERS,
  privateBanking: ['true', 'false'],
  activityTier: ACTIVITY_TIERS,
  creditGrade: CREDIT_GRADES,
  complianceStatus: COMPLIANCE_STATUSES,
  compositeGrade: COMPOSITE_GRADES,
  lifecycleStage: LIFECYCLE_STAGES,
  status: CUSTOMER_STATUSES,
} as const satisfies Record<SegmentDimension, readonly [string, ...string[]]>;

/** Amounts by currency: amounts of different currencies are never added together. */
const amountsByCurrency = () => z.record(currencyCode(), minorUnits());

/** One breakdown's counters: how many, and how much per currency. */
const breakdown = () => z.strictObject({ count: count(), amount: amountsByCurrency() });

/**
 * The counters of one transaction status in a month (transaction-delta.ts): every status seen
 * has all four, by type and by channel only for the types and channels seen.
 */
const statusCounters = () =>
  z.strictObject({
    count: count(),
    amount: amountsByCurrency(),
    byType: z.partialRecord(z.enum(TRANSACTION_TYPES), breakdown()),
    byChannel: z.partialRecord(z.enum(TRANSACTION_CHANNELS), breakdown()),
  });

/** The status namespaces counters live under (`pending-review` is counted as `pendingReview`). */
const STATUS_PREFIXES = Object.values(STATUS_COUNTER_PREFIX);

/** A balance snapshot as kept: the latest one of its month, in its currency (minor units). */
const balancePoint = () =>
  z.strictObject({
    asOf: instant(),
    aum: minorUnits(),
    deposits: minorUnits(),
    wealth: minorUnits(),
    loans: minorUnits(),
    currency: currencyCode(),
  });

/** One dimension's change in the segment history: `from` null at the first grading. */
function segmentChange<const D extends SegmentDimension>(dimension: D) {
  const values = z.enum(DIMENSION_VALUES[dimension]);
  return z.strictObject({
    dimension: z.literal(dimension),
    from: z.nullable(values),
    to: values,
    at: instant(),
  });
}

// ---------------------------------------------------------------------------------------------
// GET /v1/customers/{customerId}/profile

/**
 * `GET /v1/customers/{customerId}/profile` (200): a customer's activity and grading, authorised
 * as reading the customer (an RM: their book; a supervisor: their branch; compliance: all).
 * `activity.months`: the 12 CST months ending with the current one, oldest first, each with its
 * counters by status (`success`, `failed`, `aborted`, `pendingReview`), `{}` when nothing was
 * posted. `null` says "not known yet": no successful transaction, no balance snapshot, or
 * (`segments`) not graded yet. `history`: segment changes, newest first, at most 100.
 */
export const activityProfileSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: idField,
      branch: idField,
      rmId: idField,
      customerType: z.enum(CUSTOMER_TYPES),
      onboardedAt: instant(),
      relationship: z.enum(RELATIONSHIP_STATES),
      /** The instant the profile was computed for. */
      asOf: instant(),
      activity: z.strictObject({
        months: z
          .array(
            z.strictObject({
              month: monthKey(),
              counters: z.partialRecord(z.enum(STATUS_PREFIXES), statusCounters()),
            }),
          )
          .check(z.length(12)),
        lastSuccessfulTransactionAt: z.nullable(instant()),
        /** Assets under management now, and 3 and 6 months ago: the latest snapshot by then. */
        aum: z.strictObject({
          now: z.nullable(balancePoint()),
          threeMonthsAgo: z.nullable(balancePoint()),
          sixMonthsAgo: z.nullable(balancePoint()),
        }),
        /** Products held now (latest action `opened`), by product id. */
        productsHeld: z.array(
          z.strictObject({
            productId: idField,
            riskLevel: z.enum(PRODUCT_RISK_LEVELS),
            /** When it was opened. */
            since: instant(),
          }),
        ),
      }),
      segments: z.nullable(
        z.strictObject({
          assetTier: z.enum(ASSET_TIERS),
          privateBanking: z.boolean(),
          activityTier: z.enum(ACTIVITY_TIERS),
          creditGrade: z.enum(CREDIT_GRADES),
          complianceStatus: z.enum(COMPLIANCE_STATUSES),
          compositeScore: z.number().check(z.int(), z.gte(0), z.lte(100)),
          compositeGrade: z.enum(COMPOSITE_GRADES),
          lifecycleStage: z.enum(LIFECYCLE_STAGES),
          status: z.enum(CUSTOMER_STATUSES),
          /** Why the score is what it is: one entry per dimension; the points add up to the score. */
          contributions: z.array(
            z.strictObject({
              dimension: z.enum(SCORE_DIMENSIONS),
              /** The most points the dimension can give. */
              weight: z.number().check(z.int(), z.gte(0), z.lte(100)),
              /** The share of the weight earned, 0-100 (fractional for tenure and products). */
              percent: z.number().check(z.gte(0), z.lte(100)),
              points: z.number().check(z.int(), z.gte(0), z.lte(100)),
            }),
          ),
          gradedAt: instant(),
          /** The segmentation configuration version used (0: the defaults). */
          configVersion: count(),
        }),
      ),
      history: z.array(
        z.discriminatedUnion('dimension', [
          segmentChange('assetTier'),
          segmentChange('privateBanking'),
          segmentChange('activityTier'),
          segmentChange('creditGrade'),
          segmentChange('complianceStatus'),
          segmentChange('compositeGrade'),
          segmentChange('lifecycleStage'),
          segmentChange('status'),
        ]),
      ),
    })
    .check(z.describe("A customer's activity, current segments with the score's explanation, and history")),
);
export type ActivityProfileBody = z.infer<typeof activityProfileSchema>;

const emptyMonth = (month: string) => ({ month, counters: {} });

/** Example: a customer with one month of deposits, a balance and a product, graded. */
export const activityProfileExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  customerType: 'individual',
  onboardedAt: '2024-01-10T02:00:00.000Z',
  relationship: 'active',
  asOf: '2026-06-10T02:00:00.000Z',
  activity: {
    months: [
      ...['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map(emptyMonth),
      ...['2026-01', '2026-02', '2026-03', '2026-04'].map(emptyMonth),
      {
        month: '2026-05',
        counters: {
          success: {
            count: 2,
            amount: { CNY: 1_500_000 },
            byType: { deposit: { count: 2, amount: { CNY: 1_500_000 } } },
            byChannel: {
              'mobile-banking': { count: 1, amount: { CNY: 500_000 } },
              counter: { count: 1, amount: { CNY: 1_000_000 } },
            },
          },
          failed: {
            count: 1,
            amount: { CNY: 20_000 },
            byType: { 'transfer-out': { count: 1, amount: { CNY: 20_000 } } },
            byChannel: { atm: { count: 1, amount: { CNY: 20_000 } } },
          },
        },
      },
      emptyMonth('2026-06'),
    ],
    lastSuccessfulTransactionAt: '2026-05-15T02:00:00.000Z',
    aum: {
      now: {
        asOf: '2026-05-31T15:59:59.000Z',
        aum: 6_800_000,
        deposits: 5_300_000,
        wealth: 1_500_000,
        loans: 0,
        currency: 'CNY',
      },
      threeMonthsAgo: null,
      sixMonthsAgo: null,
    },
    productsHeld: [{ productId: 'WM-2026-001', riskLevel: 'R2', since: '2026-05-20T02:00:00.000Z' }],
  },
  segments: {
    assetTier: 'medium',
    privateBanking: false,
    activityTier: 'low',
    creditGrade: 'standard',
    complianceStatus: 'compliant',
    compositeScore: 46,
    compositeGrade: 'standard',
    lifecycleStage: 'mature',
    status: 'active',
    contributions: [
      { dimension: 'assets', weight: 40, percent: 50, points: 20 },
      { dimension: 'activity', weight: 30, percent: 0, points: 0 },
      { dimension: 'credit', weight: 20, percent: 50, points: 10 },
      { dimension: 'tenureAndProducts', weight: 10, percent: 35.2, points: 4 },
    ],
    gradedAt: '2026-06-10T02:00:00.000Z',
    configVersion: 0,
  },
  history: [
    { dimension: 'assetTier', from: 'low', to: 'medium', at: '2026-06-01T02:00:00.000Z' },
    { dimension: 'lifecycleStage', from: null, to: 'mature', at: '2026-05-15T02:00:00.000Z' },
  ],
} satisfies z.input<typeof activityProfileSchema>;

/** Example: a customer registered but not graded yet: no activity, no segments. */
export const ungradedActivityProfileExample = {
  ...activityProfileExample,
  onboardedAt: '2026-06-10T01:00:00.000Z',
  activity: {
    months: [
      ...['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map(emptyMonth),
      ...['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'].map(emptyMonth),
    ],
    lastSuccessfulTransactionAt: null,
    aum: { now: null, threeMonthsAgo: null, sixMonthsAgo: null },
    productsHeld: [],
  },
  segments: null,
  history: [],
} satisfies z.input<typeof activityProfileSchema>;

// ---------------------------------------------------------------------------------------------
// GET /v1/segments/summary

/**
 * `GET /v1/segments/summary` (200): customers per dimension and value, per branch, as of
 * `asOf`; counts only, no ids. Analysts and admins see every branch (or `?branch=`), a
 * supervisor their own. A value nobody holds is left out; a dimension whose values are all
 * left out is `{}`. Branches are in code order.
 */
export const segmentSummarySchema = z.lazy(() => {
  const counts = <const V extends readonly [string, ...string[]]>(values: V) =>
    z.optional(z.partialRecord(z.enum(values), count()));
  return z
    .strictObject({
      asOf: instant(),
      branches: z.array(
        z.strictObject({
          branch: idField,
          counts: z.strictObject({
            assetTier: counts(DIMENSION_VALUES.assetTier),
            privateBanking: counts(DIMENSION_VALUES.privateBanking),
            activityTier: counts(DIMENSION_VALUES.activityTier),
            creditGrade: counts(DIMENSION_VALUES.creditGrade),
            complianceStatus: counts(DIMENSION_VALUES.complianceStatus),
            compositeGrade: counts(DIMENSION_VALUES.compositeGrade),
            lifecycleStage: counts(DIMENSION_VALUES.lifecycleStage),
            status: counts(DIMENSION_VALUES.status),
          }),
        }),
      ),
    })
    .check(z.describe('Customers per segment dimension and value, per branch (counts only)'));
});

/** Example: one branch with three graded customers. */
export const segmentSummaryExample = {
  asOf: '2026-06-10T02:00:00.000Z',
  branches: [
    {
      branch: 'BJ01',
      counts: {
        assetTier: { high: 1, medium: 1, low: 1 },
        privateBanking: { true: 1, false: 2 },
        activityTier: { medium: 1, low: 2 },
        creditGrade: { prime: 1, standard: 2 },
        complianceStatus: { compliant: 3 },
        compositeGrade: { vip: 1, standard: 2 },
        lifecycleStage: { mature: 2, new: 1 },
        status: { active: 2, 'pending-activation': 1 },
      },
    },
  ],
} satisfies z.input<typeof segmentSummarySchema>;
