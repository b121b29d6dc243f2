import {
  type DeclaredSetting,
  parseCodeList,
  readSetting,
  settingSpecsOf,
  wholeNumberReader,
} from '../../../shared/capability/setting-readers.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import { DEFAULT_MAX_DELAY_SECONDS, maxDelaySeconds } from '../../../shared/coalescing/max-delay.js';
import type { Env } from '../../../shared/runtime/runtime.js';
import { DEFAULT_RETENTION_CAUSES } from './model.js';

/**
 * What a bank configures about retention cases (docs/domain-rules.md §20.5–20.7). The churn
 * model itself (weights, thresholds, value at risk) is not a setting: it is versioned, audited
 * configuration changed through the API (`PUT /v1/churn-risk/model`). Parsed once per cold
 * start; a malformed value fails the synthesis and the cold start, naming the setting.
 */
export interface RetentionSettings {
  /** Days from the alert to the end of a case's window, when the outcome is decided (30). */
  readonly windowDays: number;
  /** Working days the RM has for the outreach before the case goes to the supervisor (3). */
  readonly outreachWorkingDays: number;
  /** The causes an RM may record (codes). */
  readonly causes: readonly string[];
  /** How many score changes a customer's history keeps (newest first). */
  readonly historyLimit: number;
}

const SETTINGS: { readonly [K in keyof RetentionSettings]: DeclaredSetting<RetentionSettings[K]> } = {
  windowDays: {
    name: 'RETENTION_WINDOW_DAYS',
    kind: 'positive-integer',
    default: '30',
    description:
      "Days from a churn alert to the end of its retention case's window, when the customer is scored again and the outcome recorded (7 to 90)",
    parse: wholeNumberReader('RETENTION_WINDOW_DAYS', 7, 90),
  },
  outreachWorkingDays: {
    name: 'RETENTION_OUTREACH_WORKING_DAYS',
    kind: 'positive-integer',
    default: '3',
    description:
      "Working days (the working-day calendar) the customer's RM has to reach a customer at risk before the case is escalated to the branch supervisor (1 to 10)",
    parse: wholeNumberReader('RETENTION_OUTREACH_WORKING_DAYS', 1, 10),
  },
  causes: {
    name: 'RETENTION_CAUSES',
    kind: 'code-list',
    default: DEFAULT_RETENTION_CAUSES.join(','),
    description:
      'The causes an RM may record from what the customer said: lower-case codes, comma-separated, none twice; `not-leaving` marks a false alert and `life-event` turns the case into an RM meeting',
    parse: (value) => parseCodeList('RETENTION_CAUSES', value),
  },
  historyLimit: {
    name: 'CHURN_HISTORY_LIMIT',
    kind: 'positive-integer',
    default: '50',
    description: "How many changes of a customer's churn score the history keeps, newest first (1 to 500)",
    parse: wholeNumberReader('CHURN_HISTORY_LIMIT', 1, 500),
  },
};

/**
 * Reads the retention settings from the environment (absent or empty: the default).
 * @example retentionSettingsFromEnv({ RETENTION_WINDOW_DAYS: '45' }).windowDays // 45
 */
export function retentionSettingsFromEnv(env: Env): RetentionSettings {
  const value = <K extends keyof RetentionSettings>(key: K): RetentionSettings[K] =>
    readSetting(env, SETTINGS[key]);
  return {
    windowDays: value('windowDays'),
    outreachWorkingDays: value('outreachWorkingDays'),
    causes: value('causes'),
    historyLimit: value('historyLimit'),
  };
}

/** The defaults as the functions read them. */
export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = retentionSettingsFromEnv({});

/**
 * How long a requested churn rescore should wait at most (docs/domain-rules.md §20.4): the bound
 * operations hold the ChurnRescoring queue to. A rescore waits only for the queue's backlog, never
 * on purpose; the RetentionRescorer counts the requests older than this (`CoalescedWorkLate`) and
 * the queue's oldest message is alarmed above it. Only the rescorer reads it.
 */
export const CHURN_RESCORE_MAX_DELAY: DeclaredSetting<number> = {
  name: 'CHURN_RESCORE_MAX_DELAY_SECONDS',
  kind: 'positive-integer',
  default: String(DEFAULT_MAX_DELAY_SECONDS),
  description:
    "The longest a customer's churn rescore should wait after the event that asked for it (seconds, a whole number above 0): requests older than this are counted as late and the rescoring queue's oldest message is alarmed above it",
  // The reading every coalesced work's bound shares (shared/coalescing/max-delay.ts).
  parse: (value) =>
    maxDelaySeconds('CHURN_RESCORE_MAX_DELAY_SECONDS', { CHURN_RESCORE_MAX_DELAY_SECONDS: value }),
};

/**
 * Reads CHURN_RESCORE_MAX_DELAY_SECONDS (absent or empty: 60).
 * @example churnRescoreMaxDelaySeconds({ CHURN_RESCORE_MAX_DELAY_SECONDS: '120' }) // 120
 */
export function churnRescoreMaxDelaySeconds(env: Env): number {
  return readSetting(env, CHURN_RESCORE_MAX_DELAY);
}

/** The retention settings as the capability declares them, each given to `functions`. */
export function retentionSettingSpecs(functions: readonly string[]): SettingSpec[] {
  return settingSpecsOf(Object.values(SETTINGS), functions);
}

/** CHURN_RESCORE_MAX_DELAY_SECONDS as the capability declares it, given to the rescorer. */
export function churnRescoreSettingSpecs(rescorer: string): SettingSpec[] {
  return settingSpecsOf([CHURN_RESCORE_MAX_DELAY], [rescorer]);
}
