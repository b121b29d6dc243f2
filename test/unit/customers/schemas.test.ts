import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  erasureRequestSchema,
  patchCustomerSchema,
  putConsentSchema,
  putContactPreferencesSchema,
  searchCustomersSchema,
} from '../../../functions/customers/domain/schemas.js';
import type * as z from '../../../shared/zod.js';
import { corporateInput, individualInput, PRC_ID, PRC_ID_X, USCC } from './fixtures.js';

/** The issue paths (dotted) of a refused input; fails the test when the input is accepted. */
function refusedPaths(schema: z.ZodMiniType, input: unknown): string[] {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input)} to be refused`).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

/** The keys a strict schema reported as unrecognised. */
function unrecognisedKeys(schema: z.ZodMiniType, input: unknown): string[] {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : []));
}

/** A JSON body as the wire delivers it: `__proto__` becomes an own property, as JSON.parse makes it. */
function fromJson(text: string): unknown {
  return JSON.parse(text);
}

/** Replaces the last character of a code with a different one from `alphabet`. */
function wrongCheckChar(code: string, alphabet: string): string {
  const last = code.charAt(code.length - 1);
  const replacement = [...alphabet].find((char) => char !== last) ?? '';
  return code.slice(0, -1) + replacement;
}

const individual = () => individualInput();
const corporate = () => corporateInput();

describe('createCustomerSchema accepts valid registrations', () => {
  it('takes an individual and a corporate', () => {
    expect(createCustomerSchema.safeParse(individual()).success).toBe(true);
    expect(createCustomerSchema.safeParse(corporate()).success).toBe(true);
  });

  it('takes a lower-case x check character, a +86 mobile and a lower-case USCC', () => {
    expect(
      createCustomerSchema.safeParse({
        ...individual(),
        idNumber: PRC_ID_X.toLowerCase(),
        mobile: '+8613800135678',
      }).success,
    ).toBe(true);
    expect(createCustomerSchema.safeParse({ ...corporate(), uscc: USCC.toLowerCase() }).success).toBe(true);
  });
});

describe('createCustomerSchema: onboarding date', () => {
  it('takes an optional instant with or without an offset, for individuals and corporates', () => {
    expect(
      createCustomerSchema.safeParse({ ...individual(), onboardedAt: '2019-05-01T09:00:00+08:00' }).success,
    ).toBe(true);
    expect(
      createCustomerSchema.safeParse({ ...corporate(), onboardedAt: '2012-01-04T00:00:00Z' }).success,
    ).toBe(true);
  });

  it.each(['2019-05-01', 'last spring', '2019-13-01T00:00:00Z'])(
    'refuses %j, naming onboardedAt',
    (value) => {
      expect(refusedPaths(createCustomerSchema, { ...individual(), onboardedAt: value })).toEqual([
        'onboardedAt',
      ]);
    },
  );
});

describe('createCustomerSchema is strict', () => {
  it.each(['password', 'pin', 'cvv', 'smsCode', 'nickname'])('refuses the field %s', (field) => {
    expect(unrecognisedKeys(createCustomerSchema, { ...individual(), [field]: '123456' })).toEqual([field]);
  });

  it('refuses __proto__ as it arrives from JSON', () => {
    const body = fromJson(`{"__proto__":{"admin":true},${JSON.stringify(individual()).slice(1)}`);

    expect(Object.hasOwn(body as object, '__proto__')).toBe(true);
    expect(unrecognisedKeys(createCustomerSchema, body)).toEqual(['__proto__']);
  });

  it('refuses constructor', () => {
    expect(unrecognisedKeys(createCustomerSchema, { ...individual(), constructor: 'x' })).toEqual([
      'constructor',
    ]);
  });

  it('refuses an unknown field inside the legal representative', () => {
    const input = {
      ...corporate(),
      legalRepresentative: { ...corporate().legalRepresentative, pin: '1234' },
    };

    expect(
      refusedPaths(createCustomerSchema, input).some((path) => path.startsWith('legalRepresentative')),
    ).toBe(true);
  });

  it('refuses an unknown customer type', () => {
    refusedPaths(createCustomerSchema, { ...individual(), type: 'trust' });
  });
});

describe('createCustomerSchema bounds every string', () => {
  it.each([
    ['name', 'a'.repeat(101)],
    ['address', '路'.repeat(201)],
    ['occupation', 'x'.repeat(101)],
    ['idNumber', '1'.repeat(41)],
    ['mobile', '1'.repeat(21)],
    ['email', `${'a'.repeat(250)}@example.com`],
    ['branch', 'B'.repeat(33)],
    ['rmId', 'r'.repeat(33)],
  ])('refuses an oversized %s', (field, value) => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), [field]: value })).toContain(field);
  });

  it('refuses an oversized company name', () => {
    expect(refusedPaths(createCustomerSchema, { ...corporate(), name: '公'.repeat(201) })).toContain('name');
  });

  it('refuses control characters and blank names', () => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), name: '张\u0000三' })).toContain('name');
    expect(refusedPaths(createCustomerSchema, { ...individual(), name: '   ' })).toContain('name');
  });
});

describe('names and text refuse what would display as something else', () => {
  it.each([
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['a zero-width joiner and non-joiner', '\u200d\u200c'],
    ['a byte-order mark inside', '张\ufeff三'],
    ['a right-to-left override', '张三\u202e四李'],
    ['a right-to-left isolate', 'John \u2067Smith\u2069'],
    ['a C1 control character', 'John\u0085Smith'],
    ['a line separator', 'John\u2028Smith'],
    ['a lone surrogate', 'John\ud800'],
    ['digits', '张三123'],
    ['no letter at all', '·-·'],
    ['a symbol', 'John <Smith>'],
  ])('refuses a person’s name with %s', (_case, name) => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), name })).toContain('name');
    const representative = { ...corporate().legalRepresentative, name };
    expect(
      refusedPaths(createCustomerSchema, { ...corporate(), legalRepresentative: representative }),
    ).toContain('legalRepresentative.name');
  });

  it.each([
    '张三',
    '欧阳娜娜',
    '买买提·艾力',
    'Mary-Jane O’Neil',
    "D'Angelo Jr.",
    'Élodie Dupré',
    'José Nuñez',
  ])('accepts the name %s', (name) => {
    expect(createCustomerSchema.safeParse({ ...individual(), name }).success).toBe(true);
  });

  it('refuses an invisible override in any text field, a company name and an address too', () => {
    expect(
      refusedPaths(createCustomerSchema, { ...individual(), address: '北京市\u202e号88路国建' }),
    ).toContain('address');
    expect(refusedPaths(createCustomerSchema, { ...corporate(), name: '示例\u200b公司' })).toContain('name');
    expect(refusedPaths(patchCustomerSchema, { occupation: '\u200b' })).toContain('occupation');
  });

  it('never repeats the refused value in the message', () => {
    const result = createCustomerSchema.safeParse({ ...individual(), name: '张三\u202e四李' });

    expect(JSON.stringify(result.error?.issues)).not.toContain('四李');
  });
});

describe('createCustomerSchema checks identity rules', () => {
  it.each([PRC_ID, PRC_ID_X])('refuses a PRC ID with a wrong check character (%s)', (valid) => {
    const input = { ...individual(), idNumber: wrongCheckChar(valid, '0123456789X'), birthDate: undefined };

    expect(refusedPaths(createCustomerSchema, input)).toContain('idNumber');
  });

  it("refuses a wrong check character in the legal representative's PRC ID", () => {
    const representative = { ...corporate().legalRepresentative };
    const input = {
      ...corporate(),
      legalRepresentative: {
        ...representative,
        idNumber: wrongCheckChar(representative.idNumber, '0123456789X'),
      },
    };

    expect(refusedPaths(createCustomerSchema, input)).toContain('legalRepresentative.idNumber');
  });

  it('refuses a USCC with a wrong check character', () => {
    const input = { ...corporate(), uscc: wrongCheckChar(USCC, '0123456789ABCDEFGHJKLMNPQRTUWXY') };

    expect(refusedPaths(createCustomerSchema, input)).toContain('uscc');
  });

  it.each(['12800138000', '1380013800', '138001380000', '+8512800138000', '1380013800a'])(
    'refuses the mobile %s',
    (mobile) => {
      expect(refusedPaths(createCustomerSchema, { ...individual(), mobile })).toContain('mobile');
    },
  );

  it('refuses a passport number that fails the format check', () => {
    expect(
      refusedPaths(createCustomerSchema, { ...individual(), idType: 'passport', idNumber: 'E1@34567' }),
    ).toContain('idNumber');
  });
});

describe('risk assessment', () => {
  it('refuses a risk tolerance without its assessment date, and the reverse', () => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), riskTolerance: 'C3' })).toContain(
      'riskAssessedAt',
    );
    expect(
      refusedPaths(createCustomerSchema, { ...individual(), riskAssessedAt: '2026-06-01T00:00:00Z' }),
    ).toContain('riskTolerance');
    expect(refusedPaths(patchCustomerSchema, { riskTolerance: 'C2' })).toContain('riskAssessedAt');
  });

  it('refuses a tolerance outside C1-C5', () => {
    expect(
      refusedPaths(createCustomerSchema, {
        ...individual(),
        riskTolerance: 'C6',
        riskAssessedAt: '2026-06-01T00:00:00Z',
      }),
    ).toContain('riskTolerance');
  });

  const assessment = { riskTolerance: 'C3', riskAssessedAt: '2026-06-01T00:00:00Z' };

  it('accepts an objective, a horizon and an intended amount with the assessment, on every write', () => {
    const stated = {
      ...assessment,
      investmentObjective: 'capital-preservation',
      horizonDays: 36_500,
      intendedAmount: { amount: 1, currency: 'CNY' },
    };

    expect(createCustomerSchema.safeParse({ ...individual(), ...stated }).success).toBe(true);
    expect(createCustomerSchema.safeParse({ ...corporateInput(), ...stated }).success).toBe(true);
    expect(patchCustomerSchema.safeParse(stated).success).toBe(true);
  });

  it.each([
    ['an unknown objective', { investmentObjective: 'speculation' }, 'investmentObjective'],
    ['a horizon of 0 days', { horizonDays: 0 }, 'horizonDays'],
    ['a horizon over 36500 days', { horizonDays: 36_501 }, 'horizonDays'],
    ['a fractional horizon', { horizonDays: 1.5 }, 'horizonDays'],
    ['a horizon as text', { horizonDays: '365' }, 'horizonDays'],
    ['a zero amount', { intendedAmount: { amount: 0, currency: 'CNY' } }, 'intendedAmount.amount'],
    ['a negative amount', { intendedAmount: { amount: -5, currency: 'CNY' } }, 'intendedAmount.amount'],
    ['a fractional amount', { intendedAmount: { amount: 10.5, currency: 'CNY' } }, 'intendedAmount.amount'],
    [
      'a currency not in ISO 4217 form',
      { intendedAmount: { amount: 10, currency: 'rmb' } },
      'intendedAmount.currency',
    ],
    ['an amount without currency', { intendedAmount: { amount: 10 } }, 'intendedAmount.currency'],
  ])('refuses %s, naming the field', (_case, statement, path) => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), ...assessment, ...statement })).toContain(
      path,
    );
    expect(refusedPaths(patchCustomerSchema, { ...assessment, ...statement })).toContain(path);
  });

  it('refuses an unknown field inside the intended amount', () => {
    expect(
      unrecognisedKeys(patchCustomerSchema, {
        ...assessment,
        intendedAmount: { amount: 10, currency: 'CNY', note: 'x' },
      }),
    ).toEqual(['note']);
  });

  it('refuses an objective, horizon or amount without the assessment it belongs to', () => {
    expect(refusedPaths(createCustomerSchema, { ...individual(), horizonDays: 365 })).toEqual([
      'horizonDays',
    ]);
    expect(refusedPaths(patchCustomerSchema, { investmentObjective: 'income' })).toEqual([
      'investmentObjective',
    ]);
    expect(refusedPaths(patchCustomerSchema, { intendedAmount: { amount: 10, currency: 'CNY' } })).toEqual([
      'intendedAmount',
    ]);
  });
});

describe('patchCustomerSchema', () => {
  it('accepts a change and a null that removes an optional field', () => {
    expect(patchCustomerSchema.safeParse({ occupation: 'teacher' }).success).toBe(true);
    expect(patchCustomerSchema.safeParse({ email: null }).success).toBe(true);
  });

  it('refuses a patch with nothing to change', () => {
    refusedPaths(patchCustomerSchema, {});
    refusedPaths(patchCustomerSchema, { evidenceRef: 'doc:1' });
  });

  it('refuses an ID type without a number, and a number without a type', () => {
    expect(refusedPaths(patchCustomerSchema, { idType: 'passport', evidenceRef: 'doc:1' })).toContain(
      'idNumber',
    );
    expect(refusedPaths(patchCustomerSchema, { idNumber: PRC_ID, evidenceRef: 'doc:1' })).toContain('idType');
  });

  it.each(['password', 'pin', 'version', 'branch', 'customerType'])('refuses the field %s', (field) => {
    expect(unrecognisedKeys(patchCustomerSchema, { occupation: 'teacher', [field]: 'x' })).toEqual([field]);
  });

  it('refuses __proto__ as it arrives from JSON', () => {
    expect(
      unrecognisedKeys(patchCustomerSchema, fromJson('{"__proto__":{"x":1},"occupation":"teacher"}')),
    ).toEqual(['__proto__']);
  });

  it('refuses null for a field that cannot be removed', () => {
    expect(refusedPaths(patchCustomerSchema, { name: null, evidenceRef: 'doc:1' })).toContain('name');
    expect(refusedPaths(patchCustomerSchema, { mobile: null })).toContain('mobile');
  });

  it('refuses reopening a relationship and a malformed evidence reference', () => {
    expect(refusedPaths(patchCustomerSchema, { relationship: 'active' })).toContain('relationship');
    expect(refusedPaths(patchCustomerSchema, { name: '张三', evidenceRef: '../../etc' })).toContain(
      'evidenceRef',
    );
  });
});

describe('the other bodies are strict too', () => {
  it('search: one of ID number or mobile, nothing else', () => {
    expect(searchCustomersSchema.safeParse({ idNumber: PRC_ID }).success).toBe(true);
    expect(searchCustomersSchema.safeParse({ mobile: '13800135678' }).success).toBe(true);
    refusedPaths(searchCustomersSchema, { idNumber: PRC_ID, mobile: '13800135678' });
    refusedPaths(searchCustomersSchema, { name: '张三丰' });
    refusedPaths(searchCustomersSchema, {});
  });

  it.each([
    ['both', { idNumber: PRC_ID, mobile: '13800135678' }, 'give mobile or idNumber, not both'],
    ['neither', {}, 'give one of mobile or idNumber'],
    ['neither, only an idType', { idType: 'passport' }, 'give one of mobile or idNumber'],
  ])('search with %s of mobile and idNumber: one message naming the two', (_case, body, message) => {
    // Act
    const result = searchCustomersSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((issue) => ({ path: issue.path, message: issue.message }))).toEqual([
      { path: [], message },
    ]);
  });

  it('search: hands the service one of two shapes, the ID type defaulted', () => {
    // Act and assess
    expect(searchCustomersSchema.parse({ idNumber: PRC_ID })).toEqual({ idNumber: PRC_ID, idType: 'prc-id' });
    expect(searchCustomersSchema.parse({ idNumber: USCC, idType: 'uscc' })).toEqual({
      idNumber: USCC,
      idType: 'uscc',
    });
    expect(searchCustomersSchema.parse({ mobile: '13800135678' })).toEqual({ mobile: '13800135678' });
    expect(refusedPaths(searchCustomersSchema, { mobile: '13800135678', idType: 'prc-id' })).toEqual([
      'idType',
    ]);
  });

  it('consent: a channel named twice is refused, naming channels', () => {
    // Act and assess
    expect(refusedPaths(putConsentSchema, { granted: true, channels: ['sms', 'sms'] })).toEqual(['channels']);
  });

  it('consent: a boolean grant and known channels only', () => {
    expect(putConsentSchema.safeParse({ granted: true, channels: ['sms'] }).success).toBe(true);
    refusedPaths(putConsentSchema, { granted: 'yes' });
    refusedPaths(putConsentSchema, { granted: true, channels: ['fax'] });
    refusedPaths(putConsentSchema, { granted: true, smsCode: '123456' });
  });

  it('erasure: a known basis only', () => {
    expect(erasureRequestSchema.safeParse({}).success).toBe(true);
    refusedPaths(erasureRequestSchema, { basis: 'because' });
    refusedPaths(erasureRequestSchema, { password: 'x' });
  });
});

describe('putContactPreferencesSchema', () => {
  it('takes a channel and an IANA zone the runtime knows, or nothing (a PUT clears what it leaves out)', () => {
    expect(
      putContactPreferencesSchema.safeParse({ preferredChannel: 'phone', timeZone: 'Asia/Shanghai' }).success,
    ).toBe(true);
    expect(putContactPreferencesSchema.safeParse({}).success).toBe(true);
  });

  it('refuses an unknown zone, an offset, an unknown channel and any other field, naming the path', () => {
    expect(refusedPaths(putContactPreferencesSchema, { timeZone: 'Asia/Atlantis' })).toEqual(['timeZone']);
    expect(refusedPaths(putContactPreferencesSchema, { timeZone: '+08:00' })).toEqual(['timeZone']);
    expect(refusedPaths(putContactPreferencesSchema, { preferredChannel: 'fax' })).toEqual([
      'preferredChannel',
    ]);
    expect(unrecognisedKeys(putContactPreferencesSchema, { quietHours: '21:00' })).toEqual(['quietHours']);
  });
});
