import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../functions/customers/domain/changes.js';
import { planRegistration } from '../../../functions/customers/domain/registration.js';
import {
  cstToday,
  SENIOR_CATCH_UP_DAYS,
  seniorDay,
  seniorDaysToCatchUp,
  seniorFacts,
} from '../../../functions/customers/domain/senior.js';
import { suitabilityFacts } from '../../../functions/customers/domain/suitability-facts.js';
import { individualInput, individualRecord, writeContext } from './fixtures.js';

/** A PRC ID number for a birth date (region 110105, sequence 101), with its checksum. */
function prcIdBornOn(birth: string): string {
  const body = `110105${birth.replaceAll('-', '')}101`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0);
  return body + ('10X98765432'[sum % 11] ?? '');
}

describe('senior: aged SENIOR_AGE or more today in China Standard Time (docs/domain-rules.md §19.3)', () => {
  const born = '1961-12-05';

  it('is not senior the day before the 65th birthday, to the last millisecond of it in CST', () => {
    // 2026-12-04 23:59:59.999 CST
    expect(seniorFacts(born, new Date('2026-12-04T15:59:59.999Z'), 65)).toEqual({
      senior: false,
      seniorDay: '2026-12-05',
    });
  });

  it('is senior from 00:00 CST on the 65th birthday, which is 16:00 UTC the day before', () => {
    expect(seniorFacts(born, new Date('2026-12-04T16:00:00.000Z'), 65)).toEqual({ senior: true });
    expect(seniorFacts(born, new Date('2027-06-01T00:00:00.000Z'), 65)).toEqual({ senior: true });
  });

  it('turns a person born on 29 February senior on 1 March of a year without one', () => {
    expect(seniorDay('1960-02-29', 65)).toBe('2025-03-01');
    expect(seniorFacts('1960-02-29', new Date('2025-02-28T15:59:59.999Z'), 65).senior).toBe(false);
    expect(seniorFacts('1960-02-29', new Date('2025-02-28T16:00:00.000Z'), 65).senior).toBe(true);
  });

  it('turns a person born on 29 February senior on 29 February of a leap year', () => {
    // With SENIOR_AGE 60, someone born in 1964 reaches it in 2024, a leap year.
    expect(seniorDay('1964-02-29', 60)).toBe('2024-02-29');
    expect(seniorFacts('1964-02-29', new Date('2024-02-28T15:59:59.999Z'), 60).senior).toBe(false);
    expect(seniorFacts('1964-02-29', new Date('2024-02-28T16:00:00.000Z'), 60).senior).toBe(true);
  });

  it('is never senior without a birth date, and has no day to wait for', () => {
    expect(seniorFacts(undefined, new Date('2026-12-04T16:00:00.000Z'), 65)).toEqual({ senior: false });
  });

  it('follows the SENIOR_AGE setting', () => {
    expect(seniorFacts('1966-12-05', new Date('2026-12-04T16:00:00.000Z'), 60)).toEqual({ senior: true });
    expect(seniorFacts('1966-12-05', new Date('2026-12-04T16:00:00.000Z'), 65).senior).toBe(false);
  });

  it('has the daily job look at today in CST and the days a failed run may have missed', () => {
    const days = seniorDaysToCatchUp(new Date('2026-12-04T16:05:00.000Z'));

    expect(cstToday(new Date('2026-12-04T16:05:00.000Z'))).toBe('2026-12-05');
    expect(days).toHaveLength(SENIOR_CATCH_UP_DAYS);
    expect(days.at(-1)).toBe('2026-12-05');
    expect(days[0]).toBe('2026-11-29');
  });
});

describe('senior at registration', () => {
  const turning65 = { now: new Date('2026-12-04T16:00:00.000Z') };

  it('makes a customer senior whose stated birth date is 65 years ago today in CST', () => {
    const plan = planRegistration(
      individualInput({ birthDate: '1961-12-05', idNumber: prcIdBornOn('1961-12-05') }),
      { ...writeContext, ...turning65 },
    );

    expect(plan.plain.senior).toBe(true);
    expect(plan.seniorDay).toBeUndefined();
  });

  it('takes the birth date from the PRC ID when none is stated', () => {
    const input = individualInput({ idNumber: prcIdBornOn('1961-12-06') });
    const { birthDate: _none, ...withoutBirthDate } = input;

    const plan = planRegistration(
      { ...withoutBirthDate, type: 'individual' },
      { ...writeContext, ...turning65 },
    );

    expect(plan.plain.senior).toBe(false);
    expect(plan.seniorDay).toBe('2026-12-06');
  });
});

describe('senior on a PATCH of the birth date', () => {
  const now = new Date('2026-12-04T16:00:00.000Z');
  const passport = individualRecord({ idType: 'passport' });

  it('makes the customer senior, names `senior` among the changed fields and clears the day', () => {
    const plan = planChanges(passport, { birthDate: '1961-12-05' }, { ...writeContext, now });

    expect(plan.plainSet.senior).toBe(true);
    expect(plan.changedFields).toEqual(['birthDate', 'senior']);
    expect(plan.seniorDay).toBeNull();
  });

  it('keeps a customer not yet senior as is, with the day they will be', () => {
    const plan = planChanges(passport, { birthDate: '1970-01-01' }, { ...writeContext, now });

    expect(plan.plainSet).not.toHaveProperty('senior');
    expect(plan.changedFields).toEqual(['birthDate']);
    expect(plan.seniorDay).toBe('2035-01-01');
  });

  it('ends seniority when the birth date is removed', () => {
    const plan = planChanges({ ...passport, senior: true }, { birthDate: null }, { ...writeContext, now });

    expect(plan.plainSet.senior).toBe(false);
    expect(plan.sealedRemove).toEqual(['birthDate']);
    expect(plan.seniorDay).toBeNull();
  });

  it('leaves senior and its day alone when the birth date does not change', () => {
    const plan = planChanges(passport, { occupation: 'teacher' }, { ...writeContext, now });

    expect(plan.changedFields).toEqual(['occupation']);
    expect(plan).not.toHaveProperty('seniorDay');
  });
});

describe('the risk assessment on a PATCH (docs/domain-rules.md §19.2)', () => {
  const assessed = individualRecord({
    investmentObjective: 'growth',
    horizonDays: 720,
    intendedAmount: { amount: 5_000_000, currency: 'CNY' },
  });

  it('replaces the whole assessment: a statement the new one does not make is removed', () => {
    const plan = planChanges(
      assessed,
      { riskTolerance: 'C2', riskAssessedAt: '2026-06-01T09:00:00+08:00', horizonDays: 365 },
      writeContext,
    );

    expect(plan.plainSet).toEqual({
      riskTolerance: 'C2',
      riskAssessedAt: '2026-06-01T09:00:00+08:00',
      horizonDays: 365,
    });
    expect(plan.plainRemove).toEqual(['investmentObjective', 'intendedAmount']);
    expect(plan.changedFields).toEqual([
      'riskTolerance',
      'riskAssessedAt',
      'investmentObjective',
      'horizonDays',
      'intendedAmount',
    ]);
  });

  it('keeps the assessment when the PATCH does not change it', () => {
    const plan = planChanges(assessed, { occupation: 'teacher' }, writeContext);

    expect(plan.plainRemove).toEqual([]);
    expect(plan.changedFields).toEqual(['occupation']);
  });
});

describe('suitability facts (what CustomerRegistered and CustomerProfileChanged carry)', () => {
  it('carries the assessment with its date in UTC, and senior', () => {
    const record = individualRecord({
      riskTolerance: 'C4',
      riskAssessedAt: '2026-02-20T09:30:00+08:00',
      investmentObjective: 'balanced',
      horizonDays: 1095,
      intendedAmount: { amount: 50_000_000, currency: 'CNY' },
      senior: true,
    });

    expect(suitabilityFacts(record)).toEqual({
      riskTolerance: 'C4',
      riskAssessedAt: '2026-02-20T01:30:00.000Z',
      investmentObjective: 'balanced',
      horizonDays: 1095,
      intendedAmount: { amount: 50_000_000, currency: 'CNY' },
      senior: true,
    });
  });

  it('leaves out what was not recorded, and always says whether the customer is senior', () => {
    const record = individualRecord({ riskTolerance: undefined, riskAssessedAt: undefined });

    expect(suitabilityFacts(record)).toEqual({ senior: false });
  });
});
