import type { FieldError } from '../../../shared/http/problem.js';
import * as z from '../../../shared/zod.js';
import { issueSummaries } from '../../../shared/zod-issues.js';
import type { ChurnModel, ChurnSignal } from './model.js';
import { displayedProbability, levelOf } from './scoring.js';

/**
 * The churn model as an admin saves it (`PUT /v1/churn-risk/model`, docs/domain-rules.md §20.3):
 * everything but `version`, which the store assigns. The schema is strict (unknown fields,
 * missing signals and values out of range are refused); then the model's invariants, each with
 * its own problem code, all 422 and nothing written:
 * - `thresholds-out-of-order`: 0 < medium < high < 1;
 * - `inactivity-not-a-warning`: 180 days without a transaction (the inactive signal alone) must
 *   reach the medium level, σ(intercept + w_inactive) ≥ medium as displayed (the manuals call it
 *   a warning in itself).
 * Shape errors are the shared `validation` code. Messages name fields and rules, never a value sent.
 */

/** The bound on the intercept and each weight: σ(±20) is 0 or 1 to nine decimals already. */
export const WEIGHT_LIMIT = 20;

const logit = z.number().check(z.gte(-WEIGHT_LIMIT), z.lte(WEIGHT_LIMIT));
const days = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
const percent = z.number().check(z.gt(0), z.lte(100));

/** Signal thresholds in sane ranges (the activity summary carries 6 complete months). */
const signalThresholdsSchema = z
  .strictObject({
    inactiveDays: days(30, 730),
    aumDropPercent: percent,
    // The last complete month against this many months earlier: both within the summary's 6.
    aumLookbackMonths: days(1, 5),
    frequencyDropPercent: percent,
    frequencyMinimumPrior: days(1, 10_000),
    recentComplaintDays: days(1, 730),
    breachRecentDays: days(1, 730),
    // CSAT 1–5 and NPS 0–10: a threshold at the top would make every answer poor.
    csatAtMost: days(1, 4),
    npsAtMost: days(0, 9),
    surveyRecentDays: days(1, 730),
    largeOutflowPercent: percent,
    reinvestGraceDays: days(0, 365),
    maturityRecentDays: days(1, 730),
    aumFallingPercent: percent,
    aumSevereDropPercent: percent,
    aumTrendLookbackMonths: days(1, 5),
    // Each month against the one before it: the run plus one month within the summary's 6.
    aumShrinkingMonths: days(1, 5),
    frequencyFallingPercent: percent,
  })
  .check(
    z.superRefine((signals, ctx) => {
      if (signals.reinvestGraceDays >= signals.maturityRecentDays)
        ctx.addIssue({
          code: 'custom',
          path: ['reinvestGraceDays'],
          message: 'must be below maturityRecentDays',
        });
    }),
  );

/** One weight per signal, each required (a model says what every signal weighs). */
const weightsSchema = z.strictObject({
  inactive: logit,
  'aum-drop': logit,
  'frequency-drop': logit,
  'complaint-open': logit,
  'complaint-breached': logit,
  'poor-satisfaction': logit,
  'large-outflow': logit,
  'maturity-not-reinvested': logit,
  'contact-failing': logit,
  'lifecycle-declining': logit,
  'aum-falling': logit,
  'aum-drop-severe': logit,
  'aum-shrinking': logit,
  'frequency-falling': logit,
} satisfies Record<ChurnSignal, typeof logit>);

export const churnModelBodySchema = z.strictObject({
  intercept: logit,
  weights: weightsSchema,
  thresholds: z.strictObject({ medium: z.number(), high: z.number() }),
  signals: signalThresholdsSchema,
  valueAtRisk: z.strictObject({
    basis: z.literal('aum'),
    floor: z.number().check(z.int(), z.gte(0), z.lte(1e15)),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')),
  }),
});

/** A model as saved: everything but its version. */
export type ChurnModelBody = Omit<ChurnModel, 'version'>;

/** The problem codes a model is refused with (422). */
export type ChurnModelProblemCode = 'validation' | 'thresholds-out-of-order' | 'inactivity-not-a-warning';

export type ChurnModelCheck =
  | { readonly ok: true; readonly model: ChurnModelBody }
  | { readonly ok: false; readonly code: ChurnModelProblemCode; readonly errors: readonly FieldError[] };

/** The invariants of a well-formed model, each broken one as a problem (the first decides the code). */
function invariantProblems(model: ChurnModelBody): { code: ChurnModelProblemCode; error: FieldError }[] {
  const { medium, high } = model.thresholds;
  const problems: { code: ChurnModelProblemCode; error: FieldError }[] = [];
  if (!(medium > 0 && medium < high && high < 1)) {
    problems.push({
      code: 'thresholds-out-of-order',
      error: { path: 'thresholds', message: 'must satisfy 0 < medium < high < 1' },
    });
    // Without ordered levels the inactivity rule has nothing to be checked against.
    return problems;
  }
  const inactiveAlone = displayedProbability(model.intercept + model.weights.inactive);
  if (levelOf(inactiveAlone, model.thresholds) === 'low') {
    problems.push({
      code: 'inactivity-not-a-warning',
      error: {
        path: 'weights.inactive',
        message: 'the inactive signal alone must reach the medium threshold (intercept + weight)',
      },
    });
  }
  return problems;
}

/**
 * Checks a PUT body: the schema, then the invariants.
 * @example checkChurnModel(body) // { ok: false, code: 'thresholds-out-of-order', errors: [...] }
 */
export function checkChurnModel(value: unknown): ChurnModelCheck {
  const parsed = z.safeParse(churnModelBodySchema, value);
  if (!parsed.success) return { ok: false, code: 'validation', errors: issueSummaries(parsed.error.issues) };
  const model: ChurnModelBody = parsed.data;
  const [first, ...rest] = invariantProblems(model);
  if (first === undefined) return { ok: true, model };
  return { ok: false, code: first.code, errors: [first.error, ...rest.map((problem) => problem.error)] };
}
