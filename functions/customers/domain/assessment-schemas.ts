import * as z from '../../../shared/zod.js';
import { INVESTMENT_OBJECTIVES, RISK_TOLERANCES } from '../events.js';

/**
 * The risk-assessment part of the customers API's request schemas (docs/domain-rules.md §19.2):
 * the fields a registration or an update spreads in, and the check that they come together.
 * Messages never echo the submitted value.
 */

// Declared once, with the events that carry them (docs/domain-rules.md §19.2).
export const riskToleranceSchema = z.enum(RISK_TOLERANCES);
export const investmentObjectiveSchema = z.enum(INVESTMENT_OBJECTIVES);
/** The longest investment horizon a customer may state: 100 years, in days. */
export const MAX_HORIZON_DAYS = 36_500;

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * An amount the customer intends to invest: minor units (fen for CNY) of an ISO 4217 currency.
 * Zero is refused: an assessment states what the customer means to put in, and nothing is no
 * amount to compare a product's minimum with.
 */
export const intendedAmountSchema = z.strictObject({
  amount: z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as CNY')),
});

/**
 * The risk assessment (docs/domain-rules.md §19.2): tolerance and when it was made, and what
 * the customer stated with it (objective, horizon in days, intended amount), all C1. The three
 * statements belong to an assessment: they come only with `riskTolerance` and `riskAssessedAt`.
 */
export const horizonDaysSchema = z.number().check(z.int(), z.positive(), z.lte(MAX_HORIZON_DAYS));

export const riskAssessmentFields = {
  riskTolerance: z.optional(riskToleranceSchema),
  riskAssessedAt: z.optional(isoDateTime),
  investmentObjective: z.optional(investmentObjectiveSchema),
  horizonDays: z.optional(horizonDaysSchema),
  intendedAmount: z.optional(intendedAmountSchema),
};

/** The fields an assessment states besides tolerance and date, in the order they are checked. */
export const ASSESSMENT_STATEMENTS = ['investmentObjective', 'horizonDays', 'intendedAmount'] as const;

/**
 * Refuses half an assessment: tolerance without its date (or the reverse), and a statement
 * (objective, horizon, amount) given without both.
 */
export function checkRiskAssessment(
  value: {
    riskTolerance?: string | undefined;
    riskAssessedAt?: string | undefined;
    investmentObjective?: string | undefined;
    horizonDays?: number | undefined;
    intendedAmount?: object | undefined;
  },
  ctx: z.core.$RefinementCtx<unknown>,
): void {
  if ((value.riskTolerance === undefined) !== (value.riskAssessedAt === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.riskTolerance === undefined ? 'riskTolerance' : 'riskAssessedAt'],
      message: 'riskTolerance and riskAssessedAt go together',
    });
    return;
  }
  if (value.riskTolerance !== undefined) return;
  for (const field of ASSESSMENT_STATEMENTS) {
    if (value[field] !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: 'is part of a risk assessment: give it with riskTolerance and riskAssessedAt',
      });
    }
  }
}
