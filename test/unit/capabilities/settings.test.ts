import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../functions/capabilities.js';
import { capabilityProblems } from '../../../shared/capability/define.js';
import {
  amountFor,
  parseBranchLists,
  parseCodeList,
  parseCurrencyAmounts,
  parseYesNo,
} from '../../../shared/capability/setting-readers.js';
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
          check: parseCurrencyAmounts,
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

  it('take yes or no, and lower-case code lists, in one spelling each', () => {
    // Prepare
    const flagged = stubCapability({
      ...things,
      name: 'flagged',
      settings: [
        { ...grace, name: 'ROLL', default: 'yes', kind: 'yes-no', check: (v) => parseYesNo('ROLL', v) },
        {
          ...grace,
          name: 'CAUSES',
          default: 'disclosure,other',
          kind: 'code-list',
          check: (v) => parseCodeList('CAUSES', v),
        },
      ],
    });
    const given = (values: Record<string, string>) => (name: string) => values[name];

    // Act / Assess
    expect(resolveSettings([flagged], given({ ROLL: 'no', CAUSES: 'mis-selling' }))).toEqual({
      ROLL: 'no',
      CAUSES: 'mis-selling',
    });
    for (const roll of ['true', 'Yes', '1', 'no ']) {
      expect(() => resolveSettings([flagged], given({ ROLL: roll }))).toThrow(/ROLL must be yes or no/);
    }
    for (const causes of ['Disclosure', 'a,,b', 'a, b', ',a', 'a_b']) {
      expect(() => resolveSettings([flagged], given({ CAUSES: causes }))).toThrow(
        /CAUSES must be lower-case codes separated by commas/,
      );
    }
    // The form fits, the reading refuses a code listed twice.
    expect(() => resolveSettings([flagged], given({ CAUSES: 'other,other' }))).toThrow(
      /CAUSES: its functions would refuse "other,other": CAUSES lists a code twice \(entry 2\)/,
    );
  });

  it("are checked with the deployment's other values beside them", () => {
    // Prepare: the functions refuse a limit above the maximum set beside it.
    const limitWithinMax: SettingSpec['check'] = (_value, settings) => {
      if (Number(settings.LIMIT) > Number(settings.MAX)) throw new Error('LIMIT must not exceed MAX');
    };
    const limited = stubCapability({
      ...things,
      name: 'limited',
      settings: [
        { ...grace, name: 'LIMIT', default: '15', check: limitWithinMax },
        { ...grace, name: 'MAX', default: '60', check: limitWithinMax },
      ],
    });
    const given = (values: Record<string, string>) => (name: string) => values[name];

    // Act / Assess: 90 is refused against the default maximum, taken with a maximum of 120.
    expect(() => resolveSettings([limited], given({ LIMIT: '90' }))).toThrow(/LIMIT must not exceed MAX/);
    expect(resolveSettings([limited], given({ LIMIT: '90', MAX: '120' }))).toEqual({
      LIMIT: '90',
      MAX: '120',
    });
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

describe('the shared readings of settings', () => {
  it('read branch lists, refusing a malformed entry, a branch twice and too long a value', () => {
    // Act
    const lists = parseBranchLists('UNITS', 'BJ01:CU-BJ; SH01:CU-SH,CU-X');

    // Assess
    expect([...lists]).toEqual([
      ['BJ01', ['CU-BJ']],
      ['SH01', ['CU-SH', 'CU-X']],
    ]);
    expect(parseBranchLists('UNITS', '').size).toBe(0);
    expect(() => parseBranchLists('UNITS', 'BJ01')).toThrow('UNITS entry 1 is not');
    expect(() => parseBranchLists('UNITS', 'BJ01:a;BJ01:b')).toThrow('UNITS lists a branch twice (entry 2)');
    expect(() => parseBranchLists('UNITS', 'BJ01:a', 5)).toThrow('UNITS must be at most 5 characters');
  });

  it('read amounts per currency, `*` required, each code once', () => {
    // Act
    const amounts = parseCurrencyAmounts('CNY=500,*=10');

    // Assess
    expect([amountFor(amounts, 'CNY'), amountFor(amounts, 'USD'), amountFor(amounts, 'toString')]).toEqual([
      500, 10, 10,
    ]);
    expect(() => parseCurrencyAmounts('CNY=500')).toThrow(
      '* (the amount of every other currency) is required',
    );
    expect(() => parseCurrencyAmounts('CNY=1,CNY=2,*=1')).toThrow('CNY is given twice');
  });

  it('refuse a value without echoing it', () => {
    // Act / Assess
    for (const read of [
      () => parseYesNo('FLAG', 'secret-value'),
      () => parseCodeList('CODES', 'secret-value,Secret'),
      () => parseBranchLists('LISTS', 'secret-value'),
      () => parseCurrencyAmounts('secret-value'),
    ]) {
      expect(read).toThrow();
      expect(() => read()).not.toThrow(/secret/i);
    }
  });
});
