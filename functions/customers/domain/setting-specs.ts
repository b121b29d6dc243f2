import type { SettingSpec } from '../../../shared/capability/types.js';
import { dataKeyCacheOptions } from '../../../shared/crypto/key-material.js';
import { maskingRulesFromEnv } from '../../../shared/masking/index.js';
import { policiesFromEnv } from './policies.js';

/** Which of the capability's functions read each group of its settings. */
export interface CustomerSettingReaders {
  /** Every function: the customer policies are built once by setup, the same for each. */
  readonly every: readonly string[];
  /** The API alone: search limits, RM assignment, masking and the senior age are applied there. */
  readonly api: readonly string[];
  /** The functions that open customers' data keys. */
  readonly dataKeys: readonly string[];
}

/**
 * The settings the customers capability declares besides delivery's (domain/delivery-settings.ts):
 * retention, the periodic review, search limits, RM assignment, the data-key cache, masking and
 * the senior age, each checked at synthesis and cold start by the reader its functions use.
 */
export function customerSettingSpecs(functions: CustomerSettingReaders): SettingSpec[] {
  return [
    {
      name: 'RETENTION_YEARS_AFTER_RELATIONSHIP',
      description:
        'How long identity data is kept after the relationship ends before it may be crypto-shredded (years; AML law: at least 10)',
      default: '10',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ RETENTION_YEARS_AFTER_RELATIONSHIP: value }),
    },
    {
      name: 'REVIEW_MONTHS_WATCH',
      description: 'Periodic information review cadence for compliance status watch or risk (months)',
      default: '3',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ REVIEW_MONTHS_WATCH: value }),
    },
    {
      name: 'REVIEW_MONTHS_STANDARD',
      description: 'Periodic information review cadence otherwise (months)',
      default: '6',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ REVIEW_MONTHS_STANDARD: value }),
    },
    {
      name: 'REVIEW_RM_WORKING_DAYS',
      description: 'Working days the relationship manager has to complete a review (working-day calendar)',
      default: '10',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ REVIEW_RM_WORKING_DAYS: value }),
    },
    {
      name: 'REVIEW_SUPERVISOR_WORKING_DAYS',
      description: "Working days the branch supervisor has after the RM's deadline",
      default: '5',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ REVIEW_SUPERVISOR_WORKING_DAYS: value }),
    },
    {
      name: 'AGENT_SEARCH_GRANT_HOURS',
      description: 'How long a service agent may read a customer it found by search (hours)',
      default: '8',
      kind: 'positive-integer',
      functions: functions.every,
      check: (value) => policiesFromEnv({ AGENT_SEARCH_GRANT_HOURS: value }),
    },
    {
      name: 'SEARCHES_PER_WINDOW',
      description:
        'Searches by ID number or mobile one caller may make per window; one more locks them out of search (docs/domain-rules.md §4.6)',
      default: '20',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => policiesFromEnv({ SEARCHES_PER_WINDOW: value }),
    },
    {
      name: 'SEARCH_WINDOW_MINUTES',
      description: 'Length of the window searches are counted in (minutes)',
      default: '5',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => policiesFromEnv({ SEARCH_WINDOW_MINUTES: value }),
    },
    {
      name: 'SEARCH_LOCKOUT_MINUTES',
      description: 'How long a caller who went over the search limit may not search (minutes)',
      default: '30',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => policiesFromEnv({ SEARCH_LOCKOUT_MINUTES: value }),
    },
    {
      // Only the API assigns customers to RMs, and a Lambda environment holds 4 KB in all.
      name: 'RM_DIRECTORY',
      description:
        "The relationship managers of each branch, as BJ01:rm-1,rm-2;SH01:rm-9: a customer is placed only in its creator's own book or in the book of an RM listed in the customer's branch (empty: supervisors may assign nobody)",
      default: '',
      kind: 'branch-lists',
      functions: functions.api,
      check: (value) => policiesFromEnv({ RM_DIRECTORY: value }),
    },
    {
      name: 'DATA_KEY_CACHE_TTL_SECONDS',
      description:
        'How long a decrypted data key is kept in memory (seconds; 0 disables the cache: one KMS call per decrypting read)',
      default: '300',
      kind: 'non-negative-integer',
      functions: functions.dataKeys,
      check: (value) => dataKeyCacheOptions({ DATA_KEY_CACHE_TTL_SECONDS: value }),
    },
    {
      name: 'DATA_KEY_CACHE_MAX_ENTRIES',
      description: 'How many decrypted data keys one function keeps in memory at most (0 keeps none)',
      default: '1000',
      kind: 'non-negative-integer',
      functions: functions.dataKeys,
      check: (value) => dataKeyCacheOptions({ DATA_KEY_CACHE_MAX_ENTRIES: value }),
    },
    {
      // Masked forms are computed when a value is written (docs/domain-rules.md §3): only the
      // API writes them.
      name: 'MASK_ID_NUMBER_MIN_HIDDEN',
      description:
        'Fewest characters a masked ID number hides, whatever its length (6 to 18; below 6 a passport would leave fewer than 10^6 candidates). Applies to values written after a change',
      default: '6',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => maskingRulesFromEnv({ MASK_ID_NUMBER_MIN_HIDDEN: value }),
    },
    {
      name: 'MASK_MOBILE_MIN_HIDDEN',
      description:
        'Fewest digits a masked mobile hides (4 to 11; below 4 it would leave fewer than 10^4 candidates). Applies to values written after a change',
      default: '4',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => maskingRulesFromEnv({ MASK_MOBILE_MIN_HIDDEN: value }),
    },
    {
      // Applied when a request writes the birth date (the API): `senior` and the hashed day
      // of turning SENIOR_AGE are computed then, and the daily job only follows the stored
      // days. So a change applies to birth dates written after it (docs/domain-rules.md §19.3).
      name: 'SENIOR_AGE',
      description:
        'The age from which a customer is senior (50 to 100; docs/domain-rules.md §19.3): products above R2 need an RM confirmation. Applies to birth dates written after a change',
      default: '65',
      kind: 'positive-integer',
      functions: functions.api,
      check: (value) => policiesFromEnv({ SENIOR_AGE: value }),
    },
  ];
}
