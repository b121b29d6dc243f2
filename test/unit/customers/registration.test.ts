import { describe, expect, it } from 'vitest';
import { CustomerRuleError } from '../../../functions/customers/domain/errors.js';
import { onboardingDate, planRegistration } from '../../../functions/customers/domain/registration.js';
import { corporateInput, individualInput, PRC_ID, PRC_ID_X, USCC, writeContext } from './fixtures.js';

function ruleErrorOf(act: () => unknown): CustomerRuleError {
  try {
    act();
  } catch (error) {
    if (error instanceof CustomerRuleError) return error;
    throw error;
  }
  throw new Error('expected a CustomerRuleError');
}

describe('planRegistration: individual', () => {
  it('seals every C2 value and keeps only C1 attributes plain', () => {
    const plan = planRegistration(
      individualInput({
        riskTolerance: 'C3',
        riskAssessedAt: '2026-06-01T00:00:00Z',
        investmentObjective: 'income',
        horizonDays: 365,
        intendedAmount: { amount: 10_000_000, currency: 'CNY' },
      }),
      writeContext,
    );

    expect(plan.plain).toEqual({
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-1',
      idType: 'prc-id',
      occupation: 'engineer',
      riskTolerance: 'C3',
      riskAssessedAt: '2026-06-01T00:00:00Z',
      investmentObjective: 'income',
      horizonDays: 365,
      intendedAmount: { amount: 10_000_000, currency: 'CNY' },
      senior: false,
    });
    expect(plan.secrets).toEqual({
      name: '张三丰',
      idNumber: PRC_ID,
      mobile: '13800135678',
      email: 'zhang.san@example.com',
      address: '北京市朝阳区建国路88号',
      birthDate: '1985-03-12',
    });
    // No personal value leaks into the plain part.
    const plainText = JSON.stringify(plan.plain);
    for (const value of Object.values(plan.secrets)) expect(plainText).not.toContain(value);
  });

  it('computes the masked display forms of docs/domain-rules.md §3', () => {
    const plan = planRegistration(individualInput(), writeContext);

    expect(plan.masked).toEqual({
      name: '张**',
      idNumber: '110**************5',
      mobile: '138****5678',
      email: 'z***@example.com',
      address: '北京市朝阳区***',
      birthDate: '****-**-**',
    });
  });

  it('keeps a compound surname in the masked name', () => {
    const plan = planRegistration(individualInput({ name: '欧阳娜娜' }), writeContext);

    expect(plan.masked.name).toBe('欧阳**');
  });

  it('normalises a lower-case x check character to X everywhere it is used', () => {
    const plan = planRegistration(individualInput({ idNumber: PRC_ID_X.toLowerCase() }), writeContext);

    expect(plan.secrets.idNumber).toBe(PRC_ID_X);
    expect(plan.identityDocument).toEqual({ idType: 'prc-id', idNumber: PRC_ID_X });
    expect(plan.masked.idNumber).toBe('110**************X');
  });

  it('strips a +86 prefix (and separators) from the mobile', () => {
    const plan = planRegistration(individualInput({ mobile: '+86 138-0013-5678' }), writeContext);

    expect(plan.secrets.mobile).toBe('13800135678');
    expect(plan.mobile).toBe('13800135678');
    expect(plan.masked.mobile).toBe('138****5678');
  });

  it('lower-cases the e-mail', () => {
    const plan = planRegistration(individualInput({ email: 'Zhang.San@Example.COM' }), writeContext);

    expect(plan.secrets.email).toBe('zhang.san@example.com');
    expect(plan.masked.email).toBe('z***@example.com');
  });

  it('takes the birth date from the PRC ID when none is given', () => {
    const plan = planRegistration(individualInput({ birthDate: undefined }), writeContext);

    expect(plan.secrets.birthDate).toBe('1985-03-12');
    expect(plan.masked.birthDate).toBe('****-**-**');
  });

  it('refuses a birth date that disagrees with the PRC ID', () => {
    const error = ruleErrorOf(() =>
      planRegistration(individualInput({ birthDate: '1985-03-13' }), writeContext),
    );

    expect(error.code).toBe('BIRTH_DATE_MISMATCH');
    expect(error.path).toBe('birthDate');
  });

  it('keeps a stated birth date for a document that carries none (passport)', () => {
    const plan = planRegistration(
      individualInput({ idType: 'passport', idNumber: 'e1234567', birthDate: '1970-01-02' }),
      writeContext,
    );

    expect(plan.secrets.birthDate).toBe('1970-01-02');
    expect(plan.identityDocument).toEqual({ idType: 'passport', idNumber: 'E1234567' });
  });

  it('stores nothing for optional values that were not given', () => {
    const plan = planRegistration(
      individualInput({
        idType: 'passport',
        idNumber: 'E1234567',
        email: undefined,
        address: undefined,
        birthDate: undefined,
        occupation: undefined,
      }),
      writeContext,
    );

    expect(Object.keys(plan.secrets).sort()).toEqual(['idNumber', 'mobile', 'name']);
    expect(Object.keys(plan.masked).sort()).toEqual(['idNumber', 'mobile', 'name']);
    expect(plan.plain).not.toHaveProperty('occupation');
    expect(plan.plain).not.toHaveProperty('riskTolerance');
  });
});

describe('planRegistration: corporate', () => {
  it('keeps the company name plain and upper-cases the USCC, which is the identity document', () => {
    const plan = planRegistration(corporateInput({ uscc: USCC.toLowerCase() }), writeContext);

    expect(plan.plain).toEqual({
      customerType: 'corporate',
      branch: 'BJ01',
      rmId: 'rm-1',
      legalRepresentativeIdType: 'prc-id',
      companyName: '北京示例科技有限公司',
      uscc: USCC,
      senior: false,
    });
    expect(plan.seniorDay).toBeUndefined();
    expect(plan.identityDocument).toEqual({ idType: 'uscc', idNumber: USCC });
    expect(plan.secrets).not.toHaveProperty('name');
    expect(plan.masked).not.toHaveProperty('name');
  });

  it("seals the legal representative's details and the contact mobile, with masked forms", () => {
    const plan = planRegistration(
      corporateInput({
        legalRepresentative: { name: '欧阳娜娜', idType: 'prc-id', idNumber: PRC_ID_X.toLowerCase() },
        contactMobile: '+8613900139000',
      }),
      writeContext,
    );

    expect(plan.secrets).toEqual({
      'legalRepresentative.name': '欧阳娜娜',
      'legalRepresentative.idNumber': PRC_ID_X,
      contactMobile: '13900139000',
    });
    expect(plan.masked).toEqual({
      'legalRepresentative.name': '欧阳**',
      'legalRepresentative.idNumber': '110**************X',
      contactMobile: '139****9000',
    });
    expect(plan.mobile).toBe('13900139000');
  });
});

describe('onboardingDate', () => {
  const now = new Date('2026-03-02T02:00:00.000Z');

  it('is now when none is stated', () => {
    expect(onboardingDate(undefined, now)).toBe('2026-03-02T02:00:00.000Z');
  });

  it('keeps a migrated customer’s account-opening date, as a UTC instant', () => {
    expect(onboardingDate('2019-05-01T09:00:00+08:00', now)).toBe('2019-05-01T01:00:00.000Z');
  });

  it('accepts exactly now', () => {
    expect(onboardingDate('2026-03-02T02:00:00Z', now)).toBe('2026-03-02T02:00:00.000Z');
  });

  it('refuses a date a millisecond in the future, naming the field', () => {
    const error = ruleErrorOf(() => onboardingDate('2026-03-02T02:00:00.001Z', now));

    expect(error.code).toBe('INVALID_VALUE');
    expect(error.path).toBe('onboardedAt');
  });
  it('refuses a date before 1900, naming the field', () => {
    const error = ruleErrorOf(() => onboardingDate('1899-12-31T23:59:59Z', now));

    expect(error.code).toBe('INVALID_VALUE');
    expect(error.path).toBe('onboardedAt');
    expect(onboardingDate('1900-01-01T00:00:00Z', now)).toBe('1900-01-01T00:00:00.000Z');
  });
});

describe('planRegistration: birth dates', () => {
  it.each([
    ['in the future', '2026-06-02'],
    ['before 1900', '1899-12-31'],
  ])('refuses a birth date %s, naming the field', (_case, birthDate) => {
    const input = individualInput({ idType: 'passport', idNumber: 'E12345671', birthDate });

    const error = ruleErrorOf(() => planRegistration(input, writeContext));

    expect(error.code).toBe('INVALID_VALUE');
    expect(error.path).toBe('birthDate');
  });

  it('accepts a customer born today in China while it is still yesterday in UTC', () => {
    const lateEvening = new Date('2026-05-31T17:00:00Z');
    const input = individualInput({ idType: 'passport', idNumber: 'E12345671', birthDate: '2026-06-01' });

    expect(planRegistration(input, { ...writeContext, now: lateEvening }).secrets.birthDate).toBe(
      '2026-06-01',
    );
  });
});
