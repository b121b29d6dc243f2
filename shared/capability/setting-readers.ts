import type { SettingKind, SettingSpec } from './types.js';

/**
 * How functions read the settings whose form is not a single number (the `branch-lists`,
 * `currency-amounts`, `yes-no` and `code-list` kinds of settings.ts). Every capability that
 * declares a setting of such a kind reads it here, so one form means one reading: the same
 * entries accepted, the same refusals. Messages name the setting and the rule, never the value.
 */

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const LOWER_CASE_CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * At most this many characters by default: a Lambda function's environment holds 4 KB in all,
 * shared with the other settings and the platform's variables.
 */
export const SETTING_MAX_LENGTH = 2048;

/**
 * Reads a `branch-lists` setting: branches separated by `;`, each `<branch>:<code>,<code>,…`
 * (spaces around entries are ignored). Refuses a malformed entry and a branch listed twice;
 * empty lists nothing.
 * @example parseBranchLists('RM_DIRECTORY', 'BJ01:rm-1,rm-2;SH01:rm-9').get('BJ01') // ['rm-1', 'rm-2']
 */
export function parseBranchLists(
  name: string,
  value: string,
  maxLength = SETTING_MAX_LENGTH,
): ReadonlyMap<string, readonly string[]> {
  if (value.length > maxLength) throw new Error(`${name} must be at most ${maxLength} characters`);
  const lists = new Map<string, readonly string[]>();
  const entries = value.trim() === '' ? [] : value.split(';');
  entries.forEach((entry, index) => {
    const [branch, codes, ...rest] = entry.trim().split(':');
    const listed = (codes ?? '').split(',').map((code) => code.trim());
    if (branch === undefined || !CODE.test(branch) || rest.length > 0 || !listed.every((c) => CODE.test(c))) {
      throw new Error(`${name} entry ${index + 1} is not <branch>:<code>,<code>,… of codes`);
    }
    if (lists.has(branch)) throw new Error(`${name} lists a branch twice (entry ${index + 1})`);
    lists.set(branch, listed);
  });
  return lists;
}

/** Amounts in minor units per ISO 4217 code, and the amount of every code not listed. */
export interface CurrencyAmounts {
  /** ISO 4217 code → amount. */
  readonly byCurrency: Readonly<Record<string, number>>;
  /** The amount of every currency not listed (`*`). */
  readonly otherwise: number;
}

/** The amount that applies to `currency`: its own, else the one of every other currency. */
export function amountFor(amounts: CurrencyAmounts, currency: string): number {
  return Object.hasOwn(amounts.byCurrency, currency)
    ? (amounts.byCurrency[currency] ?? amounts.otherwise)
    : amounts.otherwise;
}

/**
 * Reads a `currency-amounts` setting, `CODE=amount,…,*=amount` (e.g. `CNY=500,*=100`). Every
 * amount is a whole number from 1 to 2^53 − 1; `*` (every other currency) is required, so no
 * currency is left without an amount; a code given twice is refused. Throws with a message
 * naming the rule, never silently taking something else.
 */
export function parseCurrencyAmounts(raw: string): CurrencyAmounts {
  const byCurrency: Record<string, number> = {};
  let otherwise: number | undefined;
  for (const entry of raw.split(',')) {
    const match = /^(\*|[A-Z]{3})=([1-9]\d{0,15})$/.exec(entry.trim());
    const code = match?.[1];
    const amount = Number(match?.[2]);
    if (code === undefined || !Number.isSafeInteger(amount)) {
      throw new Error('each entry must be CODE=amount, the amount a whole number from 1 to 2^53 - 1');
    }
    if (code === '*') {
      if (otherwise !== undefined) throw new Error('* is given twice');
      otherwise = amount;
    } else {
      if (Object.hasOwn(byCurrency, code)) throw new Error(`${code} is given twice`);
      byCurrency[code] = amount;
    }
  }
  if (otherwise === undefined) throw new Error('* (the amount of every other currency) is required');
  return { byCurrency, otherwise };
}

/**
 * Reads a `yes-no` setting: exactly `yes` or `no` (no `true`, `1`, `Yes`: one spelling, so a
 * typo fails the synthesis instead of quietly meaning one or the other).
 * @example parseYesNo('COMPLAINT_ROLL_REST_DAYS', 'no') // false
 */
export function parseYesNo(name: string, value: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new Error(`${name} must be yes or no`);
}

/**
 * Reads a `code-list` setting: lower-case codes (letters, digits, `-`; at most 32 characters
 * each) separated by commas without spaces, at least one, none twice.
 * @example parseCodeList('COMPLAINT_ROOT_CAUSES', 'disclosure,other') // ['disclosure', 'other']
 */
export function parseCodeList(name: string, value: string, maxLength = SETTING_MAX_LENGTH): string[] {
  if (value.length > maxLength) throw new Error(`${name} must be at most ${maxLength} characters`);
  const codes = value.split(',');
  codes.forEach((code, index) => {
    if (!LOWER_CASE_CODE.test(code)) {
      throw new Error(`${name} entry ${index + 1} is not a lower-case code (a-z, 0-9, -)`);
    }
    if (codes.indexOf(code) !== index) throw new Error(`${name} lists a code twice (entry ${index + 1})`);
  });
  return codes;
}

/**
 * A setting as a capability declares it, with how one value of it is read (its default already
 * applied). A capability keeps a record of these and derives both its typed settings
 * (`readSetting`) and the specs it declares from it.
 */
export interface DeclaredSetting<T> {
  readonly name: string;
  readonly kind: SettingKind;
  readonly default: string;
  readonly description: string;
  readonly parse: (value: string) => T;
}

/**
 * The specs a capability declares for its settings, each given to `functions` and checked at
 * synthesis by the functions' own reading (so a value they would refuse fails `cdk synth`).
 * @example settingSpecsOf(Object.values(SETTINGS), ['EngagementApi', 'EngagementConsumer'])
 */
export function settingSpecsOf(
  settings: readonly DeclaredSetting<unknown>[],
  functions: readonly string[],
): SettingSpec[] {
  return settings.map((setting) => ({
    name: setting.name,
    description: setting.description,
    default: setting.default,
    kind: setting.kind,
    functions,
    check: (value) => setting.parse(value),
  }));
}

/** A setting's value in `env` (absent or empty: its default), read. */
export function readSetting<T>(
  env: Readonly<Record<string, string | undefined>>,
  setting: DeclaredSetting<T>,
): T {
  const value = env[setting.name];
  return setting.parse(value === undefined || value === '' ? setting.default : value);
}

/**
 * Reads a whole number from `min` to `max` (at most six digits).
 * @example wholeNumberReader('ENGAGEMENT_MARKETING_CAP', 1, 50)('2') // 2
 */
export function wholeNumberReader(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

/**
 * Reads a `code` setting: exactly one of `choices` (as spelt there), the message listing them.
 * @example codeReader('SUITABILITY_SENIOR_MAX_RISK', ['R1', 'R2'] as const)('R2') // 'R2'
 */
export function codeReader<T extends string>(name: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((choice) => choice === value);
    if (found === undefined) throw new Error(`${name} must be one of ${choices.join(', ')}`);
    return found;
  };
}

/**
 * Reads a `time-of-day` setting (`HH:MM`, 24-hour) as minutes after midnight.
 * @example parseTimeOfDay('ENGAGEMENT_QUIET_HOURS_START', '21:00') // 1260
 */
export function parseTimeOfDay(name: string, value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (match === null) throw new Error(`${name} must be a time of day such as 21:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Reads a `time-zone` setting: an IANA zone the runtime knows (Intl), returned as given.
 * @example parseTimeZone('ENGAGEMENT_DEFAULT_TIME_ZONE', 'Asia/Shanghai') // 'Asia/Shanghai'
 */
export function parseTimeZone(name: string, value: string): string {
  if (!isKnownTimeZone(value)) throw new Error(`${name} must be an IANA time zone such as Asia/Shanghai`);
  return value;
}

/** Whether the runtime's Intl knows `zone` (an IANA name such as `Asia/Shanghai`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
