import * as z from '../../../shared/zod.js';
import {
  horizonDaysSchema,
  intendedAmountSchema,
  investmentObjectiveSchema,
  riskToleranceSchema,
} from '../domain/assessment-schemas.js';

/**
 * The suitability part of a customer view (docs/domain-rules.md §19.2, §19.3), all C1: the
 * risk assessment as recorded and `senior`. Kept apart from the rest of the view's contract
 * (responses.ts) because the assessment is one responsibility with its own rules.
 */
export function suitabilityViewFields() {
  return {
    riskTolerance: z.optional(riskToleranceSchema),
    /** When the assessment was made, as the client sent it (`Z` or an offset, not normalised). */
    riskAssessedAt: z.optional(z.iso.datetime({ offset: true })),
    /** What the customer invests for, stated with the assessment. */
    investmentObjective: z.optional(investmentObjectiveSchema),
    /** How long the customer means to invest, in days, stated with the assessment. */
    horizonDays: z.optional(horizonDaysSchema),
    /** The amount the customer intends to invest (minor units of the currency), stated with the assessment. */
    intendedAmount: z.optional(intendedAmountSchema),
    /** Aged SENIOR_AGE (65) or more today in China Standard Time; false without a birth date. */
    senior: z.boolean(),
  };
}

/** Example: an assessment with every statement, for a customer born in 1949 (senior). */
export const assessedSeniorExample = {
  riskTolerance: 'C3',
  riskAssessedAt: '2026-02-20T09:30:00+08:00',
  investmentObjective: 'balanced',
  horizonDays: 1095,
  intendedAmount: { amount: 50_000_000, currency: 'CNY' },
  senior: true,
} as const;
