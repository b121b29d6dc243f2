import {
  codeReader,
  type DeclaredSetting,
  readSetting,
  settingSpecsOf,
  wholeNumberReader,
} from '../../../shared/capability/setting-readers.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import type { Env } from '../../../shared/runtime/runtime.js';
import { PRODUCT_RISK_LEVELS } from '../../products/events.js';
import type { RankingSettings } from './ranking.js';
import type { SuitabilitySettings } from './suitability.js';

/**
 * What a bank configures about suitability and recommendations (docs/domain-rules.md §19.2–19.4).
 * Parsed once per cold start; a malformed or out-of-range value fails the synthesis and the cold
 * start with a message naming the setting, never the value. The suitability settings are part
 * of the rule version recorded with each recommendation (`suitabilityRuleVersion`).
 */
export interface RecommendationsSettings extends SuitabilitySettings, RankingSettings {
  /** How many suitable products a customer's list shows at most (excluded ones are all shown). */
  readonly listLimit: number;
}

/** Every recommendations setting, in the order the docs list them (REFERENCE defaults). */
const SETTINGS: {
  readonly [K in keyof RecommendationsSettings]: DeclaredSetting<RecommendationsSettings[K]>;
} = {
  assessmentValidMonths: {
    name: 'SUITABILITY_ASSESSMENT_VALID_MONTHS',
    kind: 'positive-integer',
    default: '12',
    description:
      'A risk assessment is valid through the same calendar day (China Standard Time) this many months after it was made; after that only R1 products are suitable (1 to 60)',
    parse: wholeNumberReader('SUITABILITY_ASSESSMENT_VALID_MONTHS', 1, 60),
  },
  seniorMaxRiskWithoutConfirmation: {
    name: 'SUITABILITY_SENIOR_MAX_RISK',
    kind: 'risk-level',
    default: 'R2',
    description:
      'The highest product risk level a customer aged 65 or more may be recommended without a recorded RM confirmation (R1 to R5; R5 needs none)',
    parse: codeReader('SUITABILITY_SENIOR_MAX_RISK', PRODUCT_RISK_LEVELS),
  },
  declinedCategoryDays: {
    name: 'RECOMMENDATION_DECLINED_DAYS',
    kind: 'positive-integer',
    default: '90',
    description:
      'A product category the customer declined is not recommended for this many days (24-hour periods) after the answer, then ranked lower for up to a year (1 to 3650)',
    parse: wholeNumberReader('RECOMMENDATION_DECLINED_DAYS', 1, 3650),
  },
  maturedDays: {
    name: 'RECOMMENDATION_MATURED_DAYS',
    kind: 'positive-integer',
    default: '30',
    description:
      'A holding that matured within this many days ranks the products of its category higher, to reinvest (1 to 365)',
    parse: wholeNumberReader('RECOMMENDATION_MATURED_DAYS', 1, 365),
  },
  listLimit: {
    name: 'RECOMMENDATION_LIST_LIMIT',
    kind: 'positive-integer',
    default: '10',
    description:
      "How many suitable products a customer's recommendations list at most, best ranked first; every excluded product is listed with its reasons (1 to 100)",
    parse: wholeNumberReader('RECOMMENDATION_LIST_LIMIT', 1, 100),
  },
};

/**
 * Reads the recommendations settings from the environment (absent or empty: the default),
 * refusing a malformed or out-of-range value at cold start.
 * @example recommendationsSettingsFromEnv({ RECOMMENDATION_DECLINED_DAYS: '60' }).declinedCategoryDays // 60
 */
export function recommendationsSettingsFromEnv(env: Env): RecommendationsSettings {
  const value = <K extends keyof RecommendationsSettings>(key: K): RecommendationsSettings[K] =>
    readSetting(env, SETTINGS[key]);
  return {
    assessmentValidMonths: value('assessmentValidMonths'),
    seniorMaxRiskWithoutConfirmation: value('seniorMaxRiskWithoutConfirmation'),
    declinedCategoryDays: value('declinedCategoryDays'),
    maturedDays: value('maturedDays'),
    listLimit: value('listLimit'),
  };
}

/** The defaults as the functions read them (what unit tests and fakes start from). */
export const DEFAULT_RECOMMENDATIONS_SETTINGS: RecommendationsSettings = recommendationsSettingsFromEnv({});

/** The recommendations settings as the capability declares them, each given to `functions`. */
export function recommendationsSettingSpecs(functions: readonly string[]): SettingSpec[] {
  return settingSpecsOf(Object.values(SETTINGS), functions);
}
