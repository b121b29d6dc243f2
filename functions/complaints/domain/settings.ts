import {
  type DeclaredSetting,
  parseBranchLists,
  parseCodeList,
  parseCurrencyAmounts,
  parseYesNo,
  readSetting,
  settingSpecsOf,
  wholeNumberReader,
} from '../../../shared/capability/setting-readers.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import type { Env } from '../../../shared/runtime/runtime.js';
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

/**
 * Amounts in minor units by ISO 4217 code, with `*` for every other currency: always present,
 * since the reading requires it, so every currency has a threshold.
 */
export type AmountThresholds = ReadonlyMap<string, number>;
export type { Money };

/** The threshold for `currency`: its own, else the one of every other currency (`*`). */
export function thresholdFor(thresholds: AmountThresholds, currency: string): number | undefined {
  return thresholds.get(currency) ?? thresholds.get('*');
}

/**
 * Whether `money` is strictly above the threshold of its currency (an amount equal to the
 * threshold does not raise the priority nor need an approval).
 * @example exceedsThreshold(settings.compensationApprovalAmounts, { amountMinor: 100_001, currency: 'CNY' }) // true by default
 */
export function exceedsThreshold(thresholds: AmountThresholds, money: Money): boolean {
  const threshold = thresholdFor(thresholds, money.currency);
  return threshold !== undefined && money.amountMinor > threshold;
}

/** The queue a complaint about a customer of `branch` goes to: the branch's complaints unit, else the branch. */
export function queueOf(settings: Pick<ComplaintSettings, 'complaintsUnits'>, branch: string): string {
  return settings.complaintsUnits.get(branch) ?? branch;
}

// More than this is a unit mistake (hours typed for days, days for hours), not a policy.
const MAX_ACKNOWLEDGE_HOURS = 720;
const MAX_INITIAL_HANDLING_WORKING_DAYS = 60;
const MAX_DAYS = 366;
// A Lambda function's environment holds 4 KB in all; the API's also carries its route table.
// The two list settings share 2 KB, as much as the customers' RM directory takes alone.
const COMPLAINTS_UNITS_MAX_LENGTH = 1536;
const ROOT_CAUSES_MAX_LENGTH = 512;

/** Amounts per currency (the shared `currency-amounts` reading, `*` required) as a map with `*`. */
function thresholds(name: string): (value: string) => AmountThresholds {
  return (value) => {
    try {
      const amounts = parseCurrencyAmounts(value);
      return new Map([...Object.entries(amounts.byCurrency), ['*', amounts.otherwise]]);
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** `COMPLAINTS_UNITS`: the shared `branch-lists` reading, with exactly one unit per branch. */
function complaintsUnits(value: string): ReadonlyMap<string, string> {
  const units = new Map<string, string>();
  [...parseBranchLists('COMPLAINTS_UNITS', value, COMPLAINTS_UNITS_MAX_LENGTH)].forEach(
    ([branch, codes], index) => {
      const [unit, ...more] = codes;
      if (unit === undefined || more.length > 0) {
        throw new Error(`COMPLAINTS_UNITS entry ${index + 1} must name exactly one complaints unit`);
      }
      units.set(branch, unit);
    },
  );
  return units;
}

/**
 * Every complaint setting, in the order the docs list them. The defaults are the regulator's
 * limits (CBIRC Order 2020 No. 3: 15 days, extended to 30 and a further 30, 60 at most, a
 * review asked within 30 days) and the manuals' (24 hours to acknowledge, 3 working days to
 * initial handling); the review decision's 30 days are ours, configurable because unverified.
 */
const SETTINGS: { readonly [K in keyof ComplaintSettings]: DeclaredSetting<ComplaintSettings[K]> } = {
  acknowledgeHours: {
    name: 'COMPLAINT_ACKNOWLEDGE_HOURS',
    kind: 'positive-integer',
    default: '24',
    description:
      'Acknowledge a complaint (contact the customer) within this many calendar hours of receipt, never moved by rest days (1 to 720)',
    parse: wholeNumberReader('COMPLAINT_ACKNOWLEDGE_HOURS', 1, MAX_ACKNOWLEDGE_HOURS),
  },
  initialHandlingWorkingDays: {
    name: 'COMPLAINT_INITIAL_HANDLING_WORKING_DAYS',
    kind: 'positive-integer',
    default: '3',
    description:
      'Initial handling is due by the end of this many working days after the day of receipt (make-up working days count; 1 to 60)',
    parse: wholeNumberReader('COMPLAINT_INITIAL_HANDLING_WORKING_DAYS', 1, MAX_INITIAL_HANDLING_WORKING_DAYS),
  },
  decisionDays: {
    name: 'COMPLAINT_DECISION_DAYS',
    kind: 'positive-integer',
    default: '15',
    description:
      'The decision is due by the end of this many days after the day of receipt, paused time excluded; with both extensions it must stay within COMPLAINT_MAX_DECISION_DAYS',
    parse: wholeNumberReader('COMPLAINT_DECISION_DAYS', 1, MAX_DAYS),
  },
  firstExtensionDays: {
    name: 'COMPLAINT_FIRST_EXTENSION_DAYS',
    kind: 'positive-integer',
    default: '15',
    description: 'Days a first extension (supervisor approval) adds to the decision deadline',
    parse: wholeNumberReader('COMPLAINT_FIRST_EXTENSION_DAYS', 1, MAX_DAYS),
  },
  secondExtensionDays: {
    name: 'COMPLAINT_SECOND_EXTENSION_DAYS',
    kind: 'positive-integer',
    default: '30',
    description:
      'Days a second extension (head-office complaints unit approval, the customer told) adds to the decision deadline',
    parse: wholeNumberReader('COMPLAINT_SECOND_EXTENSION_DAYS', 1, MAX_DAYS),
  },
  maxDecisionDays: {
    name: 'COMPLAINT_MAX_DECISION_DAYS',
    kind: 'positive-integer',
    default: '60',
    description:
      'The absolute maximum for the decision, in days after the day of receipt, paused time excluded and never moved by rest days (1 to 366)',
    parse: wholeNumberReader('COMPLAINT_MAX_DECISION_DAYS', 1, MAX_DAYS),
  },
  reviewRequestDays: {
    name: 'COMPLAINT_REVIEW_REQUEST_DAYS',
    kind: 'positive-integer',
    default: '30',
    description:
      'The customer may ask for a review until the end of this many days after the day of the decision (1 to 366)',
    parse: wholeNumberReader('COMPLAINT_REVIEW_REQUEST_DAYS', 1, MAX_DAYS),
  },
  reviewDecisionDays: {
    name: 'COMPLAINT_REVIEW_DECISION_DAYS',
    kind: 'positive-integer',
    default: '30',
    description:
      'The review decision is due by the end of this many days after the day the review was requested (1 to 366)',
    parse: wholeNumberReader('COMPLAINT_REVIEW_DECISION_DAYS', 1, MAX_DAYS),
  },
  rollRestDays: {
    name: 'COMPLAINT_ROLL_REST_DAYS',
    kind: 'yes-no',
    default: 'yes',
    description:
      'yes: a deadline counted in days (decision, review) that ends on a rest day moves to the end of the next working day; no: it stays',
    parse: (value) => parseYesNo('COMPLAINT_ROLL_REST_DAYS', value),
  },
  backfillDays: {
    name: 'COMPLAINT_BACKFILL_DAYS',
    kind: 'non-negative-integer',
    default: '30',
    description:
      'How many days back a complaint received by letter or phone may be recorded (receivedAt; 0 to 366)',
    parse: wholeNumberReader('COMPLAINT_BACKFILL_DAYS', 0, MAX_DAYS),
  },
  priorityAmounts: {
    name: 'COMPLAINT_PRIORITY_AMOUNTS',
    kind: 'currency-amounts',
    // 50,000.00 in any currency's minor units.
    default: '*=5000000',
    description:
      'An amount at stake above this raises the priority, per currency in minor units (CODE=amount, comma-separated; * for every other currency, required)',
    parse: thresholds('COMPLAINT_PRIORITY_AMOUNTS'),
  },
  compensationApprovalAmounts: {
    name: 'COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS',
    kind: 'currency-amounts',
    // 1,000.00.
    default: '*=100000',
    description:
      'A compensation above this may only be decided by a supervisor or the complaints unit, per currency in minor units (CODE=amount, comma-separated; * for every other currency, required)',
    parse: thresholds('COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS'),
  },
  complaintsUnits: {
    name: 'COMPLAINTS_UNITS',
    kind: 'branch-lists',
    default: '',
    description:
      "The complaints unit that handles each branch's complaints, as BJ01:CU-BJ;SH01:CU-SH, one unit per branch (a branch not listed is its own queue; at most 1536 characters)",
    parse: complaintsUnits,
  },
  rootCauses: {
    name: 'COMPLAINT_ROOT_CAUSES',
    kind: 'code-list',
    default:
      'product-design,disclosure,mis-selling,staff-conduct,process-failure,system-failure,fees-pricing,third-party,customer-misunderstanding,other',
    description:
      'The root-cause taxonomy a complaint is closed with: lower-case codes, comma-separated, none twice (at most 512 characters)',
    parse: (value) => parseCodeList('COMPLAINT_ROOT_CAUSES', value, ROOT_CAUSES_MAX_LENGTH),
  },
};

type DecisionLimits = Pick<
  ComplaintSettings,
  'decisionDays' | 'firstExtensionDays' | 'secondExtensionDays' | 'maxDecisionDays'
>;

/** The settings read together by {@link decisionLimits}. */
const DECISION_LIMITS: ReadonlySet<keyof ComplaintSettings> = new Set([
  'decisionDays',
  'firstExtensionDays',
  'secondExtensionDays',
  'maxDecisionDays',
]);

/**
 * The decision's limits, read together: with both extensions approved the decision must still
 * fall within the maximum, so an approved extension never asks for days the regulator does not
 * allow. Each of the four settings' checks runs this with the deployment's other three.
 */
function decisionLimits(env: Env): DecisionLimits {
  const limits = {
    decisionDays: readSetting(env, SETTINGS.decisionDays),
    firstExtensionDays: readSetting(env, SETTINGS.firstExtensionDays),
    secondExtensionDays: readSetting(env, SETTINGS.secondExtensionDays),
    maxDecisionDays: readSetting(env, SETTINGS.maxDecisionDays),
  };
  if (limits.decisionDays + limits.firstExtensionDays + limits.secondExtensionDays > limits.maxDecisionDays) {
    const { decisionDays, firstExtensionDays, secondExtensionDays, maxDecisionDays } = SETTINGS;
    throw new Error(
      `${decisionDays.name} plus ${firstExtensionDays.name} plus ${secondExtensionDays.name} must not exceed ${maxDecisionDays.name}`,
    );
  }
  return limits;
}

/**
 * Reads the complaint settings from the environment (absent or empty: the default) and refuses,
 * at cold start, anything malformed or out of bounds with a message naming the setting and the
 * rule, never the value: hours 1–720, working days 1–60, day counts 1–366 (backfill 0–366), the
 * decision's days plus both extensions within the maximum, `yes`/`no`, amounts per currency
 * with `*`, one complaints unit per branch, root causes as distinct lower-case codes.
 * @example complaintSettingsFromEnv({ COMPLAINT_DECISION_DAYS: '10' }).decisionDays // 10
 */
export function complaintSettingsFromEnv(env: Env): ComplaintSettings {
  return {
    acknowledgeHours: readSetting(env, SETTINGS.acknowledgeHours),
    initialHandlingWorkingDays: readSetting(env, SETTINGS.initialHandlingWorkingDays),
    ...decisionLimits(env),
    reviewRequestDays: readSetting(env, SETTINGS.reviewRequestDays),
    reviewDecisionDays: readSetting(env, SETTINGS.reviewDecisionDays),
    rollRestDays: readSetting(env, SETTINGS.rollRestDays),
    backfillDays: readSetting(env, SETTINGS.backfillDays),
    priorityAmounts: readSetting(env, SETTINGS.priorityAmounts),
    compensationApprovalAmounts: readSetting(env, SETTINGS.compensationApprovalAmounts),
    complaintsUnits: readSetting(env, SETTINGS.complaintsUnits),
    rootCauses: readSetting(env, SETTINGS.rootCauses),
  };
}

/** The defaults as the functions read them (what unit tests and fakes start from). */
export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = complaintSettingsFromEnv({});

/**
 * The complaint settings as the capability declares them, every one given to `functions`, each
 * checked at synthesis by the functions' own reading; the decision's four limits with the
 * deployment's other three beside them, since they are read together.
 */
export function complaintSettingSpecs(functions: readonly string[]): SettingSpec[] {
  const readTogether = new Set([...DECISION_LIMITS].map((key) => SETTINGS[key].name));
  return settingSpecsOf(Object.values(SETTINGS), functions).map((spec) =>
    readTogether.has(spec.name)
      ? { ...spec, check: (value, given) => decisionLimits({ ...given, [spec.name]: value }) }
      : spec,
  );
}
