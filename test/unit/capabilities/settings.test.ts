import { describe, expect, it } from 'vitest';
import { parseAmountCaps } from '../../../functions/activity/domain/amount-caps.js';
import { capabilities } from '../../../functions/capabilities.js';
import { capabilityProblems } from '../../../shared/capability/define.js';
import { resolveSettings, settingsFor, settingsOf } from '../../../shared/capability/settings.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import { stubCapability } from '../../support/capability-fixtures.js';

const grace: SettingSpec = {
  name: 'GRACE_HOURS',
  description: 'How long to wait',
  default: '72',
  kind: 'positive-integer',
  functions: ['Worker'],
  check: Number,
};
const things = stubCapability({
  name: 'things',
  functions: [
    { id: 'Worker', entry: 'x.ts', memoryMb: 128, timeoutSeconds: 3, tables: [] },
    { id: 'Other', entry: 'y.ts', memoryMb: 128, timeoutSeconds: 3, tables: [] },
  ],
  settings: [
    grace,
    { ...grace, name: 'CHECK_FROM', default: '12-01', kind: 'month-day', functions: ['Other'] },
  ],
});

describe('capability settings', () => {
  it('take the value given for a deployment, else their default', () => {
    // Act
    const defaults = resolveSettings([things], () => undefined);
    const given = resolveSettings([things], (name) => (name === 'GRACE_HOURS' ? '96' : undefined));

    // Assess
    expect(defaults).toEqual({ GRACE_HOURS: '72', CHECK_FROM: '12-01' });
    expect(given.GRACE_HOURS).toBe('96');
  });

  it('refuse a value of the wrong form at synthesis, naming the setting', () => {
    // Act / Assess
    expect(() =>
      resolveSettings([things], (name) => (name === 'GRACE_HOURS' ? '3 days' : undefined)),
    ).toThrow(/GRACE_HOURS must be a whole number above 0/);
    expect(() => resolveSettings([things], (name) => (name === 'CHECK_FROM' ? '13-40' : undefined))).toThrow(
      /CHECK_FROM/,
    );
  });

  it('take amounts per currency in their own form, and refuse any other at synthesis', () => {
    // Prepare
    const capped = stubCapability({
      ...things,
      name: 'capped',
      settings: [
        {
          ...grace,
          name: 'AMOUNT_CAPS',
          default: 'CNY=10000000000000,*=10000000000000',
          kind: 'currency-amounts',
          check: parseAmountCaps,
        },
      ],
    });
    const given = (value: string) => (name: string) => (name === 'AMOUNT_CAPS' ? value : undefined);

    // Act / Assess
    expect(resolveSettings([capped], given('CNY=500,*=10')).AMOUNT_CAPS).toBe('CNY=500,*=10');
    expect(() => resolveSettings([capped], given('CNY=10e12'))).toThrow(
      /AMOUNT_CAPS must be amounts per currency/,
    );
    // The form fits, the functions' own reading refuses (no cap for other currencies).
    expect(() => resolveSettings([capped], given('CNY=500'))).toThrow(
      /AMOUNT_CAPS: its functions would refuse/,
    );
  });

  it('reach only the functions that declare them', () => {
    // Act
    const values = resolveSettings([things], () => undefined);

    // Assess
    expect(settingsFor(things, 'Worker', values)).toEqual({ GRACE_HOURS: '72' });
    expect(settingsFor(things, 'Other', values)).toEqual({ CHECK_FROM: '12-01' });
  });

  it('are refused when named twice in the app, given to an unknown function, or defaulted wrongly', () => {
    // Act / Assess
    expect(() => settingsOf([things, { ...things, name: 'again' }])).toThrow(/GRACE_HOURS is declared twice/);
    const broken = { ...things, settings: [{ ...grace, functions: ['Nobody'], default: 'soon' }] };
    const problems = capabilityProblems(broken).join('\n');
    expect(problems).toMatch(/unknown function Nobody/);
    expect(problems).toMatch(/default is refused/);
  });

  it('are refused at synthesis when their functions would refuse them at cold start', () => {
    // Prepare: the functions' reading allows at most a week.
    const week = stubCapability({ ...things, settings: [{ ...grace, check: weekAtMost }] });

    // Act / Assess
    expect(resolveSettings([week], () => '168').GRACE_HOURS).toBe('168');
    expect(() => resolveSettings([week], () => '169')).toThrow(
      /GRACE_HOURS: its functions would refuse "169": at most a week/,
    );
  });
});

function weekAtMost(value: string): number {
  if (Number(value) > 168) throw new Error('at most a week');
  return Number(value);
}

describe('the settings of the app', () => {
  const given = (values: Record<string, string>) => (name: string) => values[name];

  it.each([
    ['POSTED_AT_SKEW_SECONDS', '86401'],
    ['CALENDAR_CHECK_FROM', '02-30'],
    ['CALENDAR_CHECK_FROM', '02-29'],
    ['REVIEW_MONTHS_WATCH', '1234567'],
    ['AGENT_SEARCH_GRANT_HOURS', '9999999'],
  ])('refuse %s=%s at synthesis, as the functions would at cold start', (name, value) => {
    expect(() => resolveSettings(capabilities, given({ [name]: value }))).toThrow(
      new RegExp(`${name}: its functions would refuse`),
    );
  });

  it.each([
    ['POSTED_AT_SKEW_SECONDS', '86400'],
    ['CALENDAR_CHECK_FROM', '11-15'],
    ['REVIEW_MONTHS_WATCH', '999999'],
    ['DATA_KEY_CACHE_MAX_ENTRIES', '0'],
    ['DATA_KEY_CACHE_TTL_SECONDS', '0'],
  ])('accept %s=%s, as the functions do', (name, value) => {
    expect(resolveSettings(capabilities, given({ [name]: value }))[name]).toBe(value);
  });
});
