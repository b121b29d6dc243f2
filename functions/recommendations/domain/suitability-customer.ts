import { CREDIT_GRADES } from '../../../shared/events/external.js';
import { MINIMUM_GRADES, PRODUCT_CATEGORIES, type ProductCategory } from '../../products/events.js';
import type { CustomerView } from '../service/ports.js';
import type { SuitabilityCustomer } from './suitability.js';

/**
 * The customer as suitability sees it (docs/domain-rules.md §19.2), from what recommendations
 * mirrors: the suitability facts the customers capability announced (none yet: no assessment,
 * not senior), restriction and relationship, the composite and credit grades from activity's
 * segments (a value suitability does not know counts as not graded), and the latest `declined`
 * answer per category (a not-interested answer excludes nothing: it only ranks lower, §19.4).
 * @example assessSuitability(suitabilityCustomerOf(view), product, { now }, settings)
 */
export function suitabilityCustomerOf(view: CustomerView): SuitabilityCustomer {
  const facts = view.suitability;
  const declinedAt: Partial<Record<ProductCategory, string>> = {};
  for (const category of PRODUCT_CATEGORIES) {
    const answer = view.answers[category];
    if (answer?.response === 'declined') declinedAt[category] = answer.at;
  }
  return {
    customerType: view.customerType,
    riskTolerance: facts?.riskTolerance,
    riskAssessedAt: facts?.riskAssessedAt,
    investmentObjective: facts?.investmentObjective,
    horizonDays: facts?.horizonDays,
    intendedAmount: facts?.intendedAmount,
    senior: facts?.senior ?? false,
    restricted: view.restricted,
    relationship: view.relationship,
    compositeGrade: oneOf(view.segments.compositeGrade, MINIMUM_GRADES),
    creditGrade: oneOf(view.segments.creditGrade, CREDIT_GRADES),
    declinedAt,
  };
}

function oneOf<T extends string>(value: string | undefined, known: readonly T[]): T | undefined {
  return known.find((candidate) => candidate === value);
}
