import type { SettingSpec } from '../../../shared/capability/types.js';
import type { Money } from './model.js';

/**
 * What a bank configures about complaint handling (docs/domain-rules.md, complaints). Every
 * number is a default of the regulator's or the manuals' clock that a deployment may change.
 * Parsed once per cold start from the settings the capability declares.
 */
export interface ComplaintSettings {
  /** Acknowledge (contact the customer) within this many calendar hours of receipt (24). */
  readonly acknowledgeHours: number;
  /** Initial handling within this many working days of receipt (3). */
  readonly initialHandlingWorkingDays: number;
  /** Decision communicated within this many days of receipt (15). */
  readonly decisionDays: number;
  /** Days added by the first extension, supervisor approval (15: to 30 in all). */
  readonly firstExtensionDays: number;
  /** Days added by the second extension, head-office approval (30: to 60 in all). */
  readonly secondExtensionDays: number;
  /** The absolute maximum from receipt, pauses excluded (60). */
  readonly maxDecisionDays: number;
  /** The customer may ask for a review within this many days of the decision (30). */
  readonly reviewRequestDays: number;
  /** The review decision is due this many days after the request (30). */
  readonly reviewDecisionDays: number;
  /** A day-counted deadline that ends on a rest day moves to the end of the next working day (true). */
  readonly rollRestDays: boolean;
  /** How far back `receivedAt` may be backfilled (30 days). */
  readonly backfillDays: number;
  /** An amount at stake above this (per currency, minor units) raises the priority. */
  readonly priorityAmounts: ReadonlyMap<string, number>;
  /** Compensation above this (per currency, minor units) needs a supervisor's or the complaints unit's approval. */
  readonly compensationApprovalAmounts: ReadonlyMap<string, number>;
  /** The complaints unit (queue) of a branch; a branch not listed is its own queue. */
  readonly complaintsUnits: ReadonlyMap<string, string>;
  /** The root-cause taxonomy closure codes are taken from. */
  readonly rootCauses: readonly string[];
}

/** The threshold for `money`'s currency (`*` for any other), if one is configured. */
export type AmountThresholds = ReadonlyMap<string, number>;
export type { Money };

// SKELETON: replaced by the settings work (parsing, checks, declarations) before this lands.
export function complaintSettingSpecs(_functions: readonly string[]): SettingSpec[] {
  return [];
}
