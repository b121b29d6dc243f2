import { describe, expect, it } from 'vitest';
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
});
