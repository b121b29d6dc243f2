import type * as z from '../../../shared/zod.js';
import type { suitabilityFactsField } from '../events.js';
import type { CustomerRecord } from './customer.js';

/** The C1 facts suitability decides on, as CustomerRegistered and CustomerProfileChanged carry them. */
export type SuitabilityFacts = z.infer<typeof suitabilityFactsField>;

/**
 * A record's suitability facts (docs/domain-rules.md §19.2, §19.3): the risk assessment, with
 * `riskAssessedAt` normalised to UTC (the record keeps it as the client sent it), and `senior`,
 * always set. Only these C1 facts: never the birth date they were computed from.
 */
export function suitabilityFacts(record: CustomerRecord): SuitabilityFacts {
  return {
    ...(record.riskTolerance === undefined ? {} : { riskTolerance: record.riskTolerance }),
    ...(record.riskAssessedAt === undefined
      ? {}
      : { riskAssessedAt: new Date(record.riskAssessedAt).toISOString() }),
    ...(record.investmentObjective === undefined ? {} : { investmentObjective: record.investmentObjective }),
    ...(record.horizonDays === undefined ? {} : { horizonDays: record.horizonDays }),
    ...(record.intendedAmount === undefined
      ? {}
      : {
          intendedAmount: { amount: record.intendedAmount.amount, currency: record.intendedAmount.currency },
        }),
    senior: record.senior,
  };
}
