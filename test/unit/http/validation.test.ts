import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../../shared/http/problem.js';
import { parseWith } from '../../../shared/http/validation.js';

const schema = z.strictObject({
  customerType: z.enum(['individual', 'corporate']),
  legalRepresentative: z.strictObject({
    idNumber: z.string().regex(/^\d{17}[\dX]$/),
    mobile: z.string().refine((value) => value.startsWith('1'), 'Must be a mainland mobile'),
  }),
  contacts: z.array(z.strictObject({ email: z.email() })).max(3),
});

function validationErrorOf(value: unknown): ValidationError {
  try {
    parseWith(schema, value, 'body');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseWith', () => {
  it('returns the parsed value when it is valid', () => {
    // Prepare
    const value = {
      customerType: 'corporate',
      legalRepresentative: { idNumber: '11010519491231002X', mobile: '13812345678' },
      contacts: [{ email: 'a@example.com' }],
    };

    // Act / Assess
    expect(parseWith(schema, value, 'body')).toEqual(value);
  });

  it('throws a 422 with one dotted path per issue', () => {
    // Act
    const error = validationErrorOf({
      customerType: 'person',
      legalRepresentative: { idNumber: '123', mobile: '2222', extra: 1 },
      contacts: [{ email: 'not-an-email' }],
      unexpected: true,
    });

    // Assess
    expect(error.status).toBe(422);
    expect(error.type).toBe('https://fincrm.dev/problems/validation');
    expect(error.detail).toBe('The request body is not valid');
    expect(error.errors?.map((e) => e.path).sort()).toEqual([
      'contacts.0.email',
      'customerType',
      'legalRepresentative.extra',
      'legalRepresentative.idNumber',
      'legalRepresentative.mobile',
      'unexpected',
    ]);
    expect(error.errors?.find((e) => e.path === 'legalRepresentative.mobile')?.message).toBe(
      'Must be a mainland mobile',
    );
  });

  it('never echoes the offending values in messages', () => {
    // Prepare
    const secrets = ['110105194912310', 'nana@example', '张三丰'];

    // Act
    const error = validationErrorOf({
      customerType: '张三丰',
      legalRepresentative: { idNumber: '110105194912310', mobile: 2 },
      contacts: [{ email: 'nana@example' }],
    });

    // Assess
    const text = JSON.stringify(error.errors);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('scrubs personal data a custom message might carry', () => {
    // Prepare
    const leaky = z.string().refine(() => false, 'customer 13812345678 exists');

    // Act / Assess
    expect(() => parseWith(leaky, 'x', 'query')).toThrow(ValidationError);
    try {
      parseWith(leaky, 'x', 'query');
    } catch (error) {
      expect(error).toMatchObject({
        detail: 'The query string is not valid',
        errors: [{ path: '', message: 'customer [REDACTED] exists' }],
      });
    }
  });
});
