import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, ProblemError } from '../../../shared/http/problem.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody } from '../../../shared/http/request-body.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function statusOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof ProblemError ? error.status : -1;
  }
}

describe('parseJsonBody', () => {
  it('returns undefined when there is no body, whatever the content type', () => {
    // Act / Assess
    expect(parseJsonBody({ headers: {} })).toBeUndefined();
    expect(parseJsonBody({ body: '', headers: {} })).toBeUndefined();
  });

  it('parses a plain and a base64-encoded JSON body', () => {
    // Prepare
    const text = JSON.stringify({ tier: 'high', name: '张三' });

    // Act
    const plain = parseJsonBody({ body: text, headers: JSON_HEADERS });
    const encoded = parseJsonBody({
      body: Buffer.from(text, 'utf8').toString('base64'),
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/json' },
    });

    // Assess
    expect(plain).toEqual({ tier: 'high', name: '张三' });
    expect(encoded).toEqual(plain);
  });

  it('accepts exactly the limit and refuses one byte more with 413, base64 included', () => {
    // Prepare
    const exact = `"${'a'.repeat(DEFAULT_MAX_BODY_BYTES - 2)}"`;
    const over = `"${'a'.repeat(DEFAULT_MAX_BODY_BYTES - 1)}"`;

    // Act / Assess
    expect(statusOf(() => parseJsonBody({ body: exact, headers: JSON_HEADERS }))).toBeUndefined();
    expect(statusOf(() => parseJsonBody({ body: over, headers: JSON_HEADERS }))).toBe(413);
    const base64Over = Buffer.from(over).toString('base64');
    expect(
      statusOf(() => parseJsonBody({ body: base64Over, isBase64Encoded: true, headers: JSON_HEADERS })),
    ).toBe(413);
    expect(
      statusOf(() => parseJsonBody({ body: '{"a":"bb"}', headers: JSON_HEADERS }, { maxBytes: 5 })),
    ).toBe(413);
  });

  it('counts bytes, not characters', () => {
    // Prepare: 4 Han characters are 12 UTF-8 bytes
    const body = '"张三李四"';

    // Act / Assess
    expect(statusOf(() => parseJsonBody({ body, headers: JSON_HEADERS }, { maxBytes: 13 }))).toBe(413);
    expect(statusOf(() => parseJsonBody({ body, headers: JSON_HEADERS }, { maxBytes: 14 }))).toBeUndefined();
  });

  it.each([
    ['no content type', {}],
    ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['text', { 'content-type': 'text/plain' }],
    ['a non-UTF-8 charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
  ])('refuses a body with %s with 415', (_label, headers) => {
    // Act / Assess
    expect(statusOf(() => parseJsonBody({ body: '{}', headers }))).toBe(415);
  });

  it.each([
    ['truncated JSON', '{"a":'],
    ['trailing garbage', '{"a":1} x'],
    ['absurd nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ])('refuses %s with 400', (_label, body) => {
    // Act / Assess
    expect(statusOf(() => parseJsonBody({ body, headers: JSON_HEADERS }))).toBe(400);
  });

  it('refuses invalid UTF-8 with 400', () => {
    // Prepare
    const body = Buffer.from([0x22, 0xff, 0xfe, 0x22]).toString('base64');

    // Act / Assess
    expect(statusOf(() => parseJsonBody({ body, isBase64Encoded: true, headers: JSON_HEADERS }))).toBe(400);
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":true}}'],
    ['__proto__ nested in an array', '{"items":[{"a":{"__proto__":{"polluted":true}}}]}'],
    ['constructor', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['prototype', '{"a":{"prototype":1}}'],
  ])('refuses %s with a 400 forbidden-key problem', (_label, body) => {
    // Act
    let caught: unknown;
    try {
      parseJsonBody({ body, headers: JSON_HEADERS });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(BadRequestError);
    expect(caught).toMatchObject({ status: 400, code: 'forbidden-key' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('allows the forbidden words as values', () => {
    // Act / Assess
    expect(parseJsonBody({ body: '{"note":"__proto__ constructor"}', headers: JSON_HEADERS })).toEqual({
      note: '__proto__ constructor',
    });
  });
});

describe('strict zod objects as a second line of defence', () => {
  it('reject the own __proto__ property that JSON.parse creates as an unknown key', () => {
    // Prepare: JSON.parse makes __proto__ an own data property, not the prototype
    const parsed: unknown = JSON.parse('{"tier":"high","__proto__":{"isAdmin":true}}');
    const schema = z.strictObject({ tier: z.string() });

    // Act
    const result = schema.safeParse(parsed);

    // Assess
    expect(Object.hasOwn(parsed as object, '__proto__')).toBe(true);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['__proto__'] });
  });
});
