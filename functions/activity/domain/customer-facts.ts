import type { ComplianceStatus, CreditGrade } from './segmentation/values.js';

/**
 * What the activity capability knows of a customer beyond its activity: a mirror of C1 facts
 * other systems publish. From crm.customers: type, branch, RM, onboarding date, whether the
 * relationship is closed (ordered by the record's `version`). From credit risk and AML: the
 * grade and the compliance status (each ordered by its `at`). Its existence is what makes a
 * customer known: events for an unknown customer are parked until CustomerRegistered.
 */
export interface CustomerFacts {
  readonly customerId: string;
  readonly customerType: 'individual' | 'corporate';
  readonly branch: string;
  readonly rmId: string;
  /** Canonical ISO instant: the account-opening (relationship start) date. */
  readonly onboardedAt: string;
  readonly relationship: 'active' | 'closed';
  /** The customer record's version the assignment facts come from (1 at registration). */
  readonly profileVersion: number;
  readonly creditGrade?: CreditGrade | undefined;
  readonly creditAt?: string | undefined;
  readonly complianceStatus?: ComplianceStatus | undefined;
  readonly complianceAt?: string | undefined;
}

/** A change to the mirrored facts, as one inbound event brings it. */
export type FactsChange =
  | {
      readonly kind: 'registered';
      readonly customerType: CustomerFacts['customerType'];
      readonly branch: string;
      readonly rmId: string;
      readonly onboardedAt: string;
    }
  | {
      readonly kind: 'assignment';
      readonly version: number;
      readonly branch: string;
      readonly rmId: string;
      readonly relationship: CustomerFacts['relationship'];
    }
  | { readonly kind: 'credit'; readonly grade: CreditGrade; readonly at: string }
  | { readonly kind: 'compliance'; readonly status: ComplianceStatus; readonly at: string };
