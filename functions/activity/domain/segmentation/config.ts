import * as z from '../../../../shared/zod.js';
import { TRANSACTION_TYPES, type TransactionType } from './values.js';

/**
 * Segmentation configuration (docs/domain-rules.md §14.1): thresholds, weights and lifecycle
 * windows an admin may change through `PUT /v1/config/segmentation`. The schema is strict and
 * refuses inconsistent values (a medium threshold at or above the high one, weights not summing
 * to 100, ...) with a message naming both fields, so a bad configuration never reaches grading.
 *
 * Money is integer minor units (fen) of `currency`; durations are whole days of 24 UTC hours.
 * Built lazily, like the customers schemas: only the config API and its loader need it.
 */

const wholeNumber = (min: number) => z.number().check(z.int(), z.gte(min));
const percent = z.number().check(z.int(), z.gte(0), z.lte(100));

type Ctx = z.core.$RefinementCtx<unknown>;

/** Adds an issue on `field` unless `ok`; the message names the field it is compared with. */
function requireThat(ctx: Ctx, ok: boolean, field: string, message: string): void {
  if (!ok) ctx.addIssue({ code: 'custom', path: [field], message });
}

const assetsSchema = () =>
  z
    .strictObject({
      /** AUM at or above this is `medium` (default 50,000 CNY). */
      mediumMinMinor: wholeNumber(1),
      /** AUM at or above this is `high` (default 500,000 CNY). */
      highMinMinor: wholeNumber(1),
      /** AUM at or above this sets the private-banking flag (default 6,000,000 CNY). */
      privateBankingMinMinor: wholeNumber(1),
    })
    .check(
      z.superRefine((a, ctx) => {
        requireThat(ctx, a.mediumMinMinor < a.highMinMinor, 'mediumMinMinor', 'must be below highMinMinor');
        requireThat(
          ctx,
          a.privateBankingMinMinor >= a.highMinMinor,
          'privateBankingMinMinor',
          'must be at least highMinMinor',
        );
      }),
    );

const activitySchema = () =>
  z
    .strictObject({
      /** Average successful counted transactions per month for `high` (default 10). */
      highMinPerMonth: wholeNumber(1),
      /** ... and for `medium` (default 3); below it is `low`. */
      mediumMinPerMonth: wholeNumber(1),
      /** The transaction types that count as customer-initiated activity. */
      countedTypes: z.array(z.enum(TRANSACTION_TYPES)).check(
        z.minLength(1),
        z.refine((types) => new Set(types).size === types.length, 'must not repeat a type'),
      ),
    })
    .check(
      z.superRefine((a, ctx) => {
        requireThat(
          ctx,
          a.mediumMinPerMonth < a.highMinPerMonth,
          'mediumMinPerMonth',
          'must be below highMinPerMonth',
        );
      }),
    );

/** Adds an issue unless the points (percent of a dimension's weight) fall as the level falls. */
function checkDescending(ctx: Ctx, levels: readonly [string, number][]): void {
  for (let i = 1; i < levels.length; i++) {
    const higher = levels[i - 1];
    const lower = levels[i];
    if (higher !== undefined && lower !== undefined) {
      requireThat(ctx, higher[1] >= lower[1], lower[0], `must not exceed ${higher[0]}`);
    }
  }
}

const tierPointsSchema = () =>
  z.strictObject({ high: percent, medium: percent, low: percent }).check(
    z.superRefine((p, ctx) =>
      checkDescending(ctx, [
        ['high', p.high],
        ['medium', p.medium],
        ['low', p.low],
      ]),
    ),
  );

const creditPointsSchema = () =>
  z.strictObject({ prime: percent, standard: percent, risk: percent }).check(
    z.superRefine((p, ctx) =>
      checkDescending(ctx, [
        ['prime', p.prime],
        ['standard', p.standard],
        ['risk', p.risk],
      ]),
    ),
  );

const compositeSchema = () =>
  z
    .strictObject({
      /** Each dimension's share of the 0–100 score; they must sum to 100. */
      weights: z
        .strictObject({
          assets: percent,
          activity: percent,
          credit: percent,
          tenureAndProducts: percent,
        })
        .check(
          z.superRefine((w, ctx) => {
            const sum = w.assets + w.activity + w.credit + w.tenureAndProducts;
            if (sum !== 100)
              ctx.addIssue({ code: 'custom', path: [], message: `must sum to 100, not ${sum}` });
          }),
        ),
      points: z.strictObject({
        assetTier: tierPointsSchema(),
        activityTier: tierPointsSchema(),
        creditGrade: creditPointsSchema(),
      }),
      tenureAndProducts: z.strictObject({
        /** Tenure earns its full share at this many days since onboarding (default 5 years). */
        fullTenureDays: wholeNumber(1),
        /** Products held earn their full share at this many (default 4). */
        fullProductCount: wholeNumber(1),
        /** Tenure's part of this dimension; products get the rest (default 50). */
        tenureSharePercent: percent,
      }),
      /** Score at or above this is `vip` (default 75). */
      vipMinScore: percent,
      /** Score at or above this is `premium` (default 50); at least 1 so `standard` exists. */
      premiumMinScore: z.number().check(z.int(), z.gte(1), z.lte(100)),
    })
    .check(
      z.superRefine((c, ctx) => {
        requireThat(ctx, c.premiumMinScore < c.vipMinScore, 'premiumMinScore', 'must be below vipMinScore');
      }),
    );

const lifecycleSchema = () =>
  z
    .strictObject({
      /** `new` while at most this many whole days since onboarding (default 90). */
      newMaxDays: wholeNumber(0),
      /** `mature` from this many whole days since onboarding, `growing` before (default 365). */
      matureMinDays: wholeNumber(1),
      /** `declining` when AUM or activity is down by at least this percent (default 30). */
      declinePercent: z.number().check(z.int(), z.gte(1), z.lte(100)),
      /** `dormant` after this many whole days without a successful transaction (default 180). */
      dormantAfterDays: wholeNumber(1),
      /** `reactivated` lasts this many whole days after leaving `dormant` (default 90). */
      reactivatedDays: wholeNumber(0),
    })
    .check(
      z.superRefine((l, ctx) => {
        requireThat(ctx, l.newMaxDays < l.matureMinDays, 'matureMinDays', 'must be above newMaxDays');
      }),
    );

export const segmentationConfigSchema = z.lazy(() =>
  z.strictObject({
    /** The currency of every money threshold, in its minor units. */
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')),
    assets: assetsSchema(),
    activity: activitySchema(),
    composite: compositeSchema(),
    lifecycle: lifecycleSchema(),
  }),
);

export type SegmentationConfig = z.output<typeof segmentationConfigSchema>;

/** 1 CNY = 100 fen. */
const cny = (yuan: number) => yuan * 100;

/**
 * Customer-initiated types counted as activity by default (docs/domain-rules.md §14.1): every
 * movement the customer chose to make. Not the customer acting: `fee` (charged by the bank),
 * `loan-disbursement` (paid out by the bank under a contract already signed) and `transfer-in`
 * (initiated by the payer). An admin who wants incoming salary to count adds `transfer-in`
 * through the configuration.
 */
export const DEFAULT_COUNTED_TYPES: readonly TransactionType[] = TRANSACTION_TYPES.filter(
  (type) => type !== 'fee' && type !== 'loan-disbursement' && type !== 'transfer-in',
);

/**
 * The defaults (docs/domain-rules.md §14.1 gives each one's source). Our own choices: level
 * points (top level 100, middle 50, bottom 0), tenure-and-products saturating at 5 years and 4
 * products (half each), `mature` from 1 year, `reactivated` lasting 90 days.
 */
export const DEFAULT_SEGMENTATION_CONFIG: SegmentationConfig = {
  currency: 'CNY',
  assets: {
    mediumMinMinor: cny(50_000),
    highMinMinor: cny(500_000),
    privateBankingMinMinor: cny(6_000_000),
  },
  activity: {
    highMinPerMonth: 10,
    mediumMinPerMonth: 3,
    countedTypes: [...DEFAULT_COUNTED_TYPES],
  },
  composite: {
    weights: { assets: 40, activity: 30, credit: 20, tenureAndProducts: 10 },
    points: {
      assetTier: { high: 100, medium: 50, low: 0 },
      activityTier: { high: 100, medium: 50, low: 0 },
      creditGrade: { prime: 100, standard: 50, risk: 0 },
    },
    tenureAndProducts: { fullTenureDays: 5 * 365, fullProductCount: 4, tenureSharePercent: 50 },
    vipMinScore: 75,
    premiumMinScore: 50,
  },
  lifecycle: {
    newMaxDays: 90,
    matureMinDays: 365,
    declinePercent: 30,
    dormantAfterDays: 180,
    reactivatedDays: 90,
  },
};
