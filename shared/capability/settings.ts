import type { CapabilityDefinition, SettingKind, SettingSpec } from './types.js';

const CODE = '[A-Za-z0-9][A-Za-z0-9_-]{0,31}';
const BRANCH_LIST = `${CODE}:${CODE}(?:,${CODE})*`;
const LOWER_CASE_CODE = '[a-z0-9][a-z0-9-]{0,31}';

const CHECKS: Readonly<Record<SettingKind, { readonly pattern: RegExp; readonly expected: string }>> = {
  'positive-integer': { pattern: /^[1-9]\d{0,8}$/, expected: 'a whole number above 0' },
  'non-negative-integer': { pattern: /^(0|[1-9]\d{0,8})$/, expected: 'a whole number, 0 or more' },
  'month-day': {
    pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    expected: 'a month and day such as 12-01',
  },
  // Codes listed per branch, `<branch>:<code>,<code>;<branch>:<code>` (empty lists nothing).
  'branch-lists': {
    pattern: new RegExp(`^(?:${BRANCH_LIST}(?:;${BRANCH_LIST})*)?$`),
    expected: 'branches with their codes such as BJ01:rm-1,rm-2;SH01:rm-9, or nothing',
  },
  // Amounts in minor units per ISO 4217 code, `*` for every other code; each at most 16 digits
  // (the reading checks the safe-integer range).
  'currency-amounts': {
    pattern: /^(\*|[A-Z]{3})=[1-9]\d{0,15}(,(\*|[A-Z]{3})=[1-9]\d{0,15}){0,49}$/,
    expected: 'amounts per currency such as CNY=10000000000000,*=10000000000000',
  },
  // One spelling each, so a typo (`ture`, `Yes`) fails the synthesis.
  'yes-no': { pattern: /^(yes|no)$/, expected: 'yes or no' },
  // Lower-case codes, comma-separated, at least one (a taxonomy such as root causes).
  'code-list': {
    pattern: new RegExp(`^${LOWER_CASE_CODE}(?:,${LOWER_CASE_CODE})*$`),
    expected: 'lower-case codes separated by commas such as disclosure,other',
  },
  // A wall-clock time, 24-hour `HH:MM` (quiet hours).
  'time-of-day': { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, expected: 'a time of day such as 21:00' },
  // One lower-case code, a choice among the few the reading accepts (a provider).
  code: { pattern: new RegExp(`^${LOWER_CASE_CODE}$`), expected: 'a lower-case code such as gateway' },
  // A product risk level, R1 (lowest) to R5, spelt as products carry it (a suitability limit).
  'risk-level': { pattern: /^R[1-5]$/, expected: 'a product risk level, R1 to R5' },
  // An identifier of something outside the app, or nothing: an e-mail address, an ARN, a phone
  // number, a name. No spaces or quotes; the reading checks its own form.
  identifier: {
    pattern: /^[A-Za-z0-9@+:/._-]{0,256}$/,
    expected: 'nothing, or letters, digits and @+:/._- (at most 256) such as no-reply@bank.example',
  },
  // An IANA zone name; the reading also checks that the runtime knows it.
  'time-zone': {
    pattern: /^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$/,
    expected: 'an IANA time zone such as Asia/Shanghai',
  },
  // An absolute http(s) URL without query or fragment (a link base); the reading parses it.
  url: {
    pattern: /^https?:\/\/[^\s?#]+$/,
    expected: 'an absolute http(s) URL such as https://portal.example.com/surveys',
  },
};

/** Every setting of the app, checked for names declared twice. */
export function settingsOf(definitions: readonly CapabilityDefinition[]): SettingSpec[] {
  const settings = definitions.flatMap((definition) => definition.settings ?? []);
  const seen = new Set<string>();
  for (const setting of settings) {
    if (seen.has(setting.name)) throw new Error(`Setting ${setting.name} is declared twice`);
    seen.add(setting.name);
  }
  return settings;
}

/**
 * The value each setting takes in a deployment: the one given (CDK context, the local cloud's
 * environment), else the default; refused with a message naming the setting when it has the
 * wrong form or its functions' own reading (`check`, given every resolved value) refuses it, so
 * a typo fails the synthesis rather than a function's cold start.
 * @example resolveSettings(capabilities, (name) => app.node.tryGetContext(name))
 */
export function resolveSettings(
  definitions: readonly CapabilityDefinition[],
  given: (name: string) => unknown,
): Record<string, string> {
  const settings = settingsOf(definitions);
  const values: Record<string, string> = {};
  for (const setting of settings) {
    const raw = given(setting.name);
    const value = raw === undefined || raw === null || raw === '' ? setting.default : String(raw);
    const check = CHECKS[setting.kind];
    if (!check.pattern.test(value)) {
      throw new Error(`Setting ${setting.name} must be ${check.expected}, not ${JSON.stringify(value)}`);
    }
    values[setting.name] = value;
  }
  // Every value is known before any reading runs, so a reading that ties settings together
  // (a limit within a maximum) sees the deployment's own values, not the other defaults.
  for (const setting of settings) {
    const value = values[setting.name] ?? setting.default;
    try {
      setting.check(value, values);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Setting ${setting.name}: its functions would refuse ${JSON.stringify(value)}: ${reason}`,
      );
    }
  }
  return values;
}

/** The settings a function receives, with their resolved values. */
export function settingsFor(
  definition: CapabilityDefinition,
  functionId: string,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const setting of definition.settings ?? []) {
    const value = values[setting.name];
    if (setting.functions.includes(functionId) && value !== undefined) environment[setting.name] = value;
  }
  return environment;
}
