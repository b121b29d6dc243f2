import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from '../../../shared/observability/redaction.js';

describe('redactString', () => {
  it.each([
    ['an ID number', 'id 11010519491231002X here', 'id [REDACTED] here'],
    ['a lower-case x ID number', '11010519491231002x', REDACTED],
    ['a mobile', 'call 13812345678.', 'call [REDACTED].'],
    ['a +86 mobile', 'call +8613812345678', 'call [REDACTED]'],
    ['an e-mail', 'mail z.san@example.com.cn now', 'mail [REDACTED] now'],
    ['Han text', 'customer 张三 failed', 'customer [REDACTED] failed'],
  ])('replaces %s', (_label, input, expected) => {
    // Act
    const result = redactString(input);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['an AWS account id', 'arn:aws:lambda:cn-north-1:123456789012:function:crm'],
    ['an ISO timestamp', '2026-03-01T08:00:00.000Z'],
    ['a request id', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'],
  ])('leaves %s alone', (_label, input) => {
    // Act
    const result = redactString(input);

    // Assess
    expect(result).toBe(input);
  });
});

describe('redact', () => {
  it('redacts denied keys at any depth, whatever their spelling', () => {
    // Prepare
    const value = { a: { b: [{ ID_Number: 'x', 'contact-mobile': 'y', Authorization: 'z', ok: 1 }] } };

    // Act
    const result = redact(value);

    // Assess
    expect(result).toEqual({
      a: { b: [{ ID_Number: REDACTED, 'contact-mobile': REDACTED, Authorization: REDACTED, ok: 1 }] },
    });
  });

  it('survives cycles and keeps a __proto__ key as data', () => {
    // Prepare
    const value: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}}');
    value.self = value;

    // Act
    const result = redact(value);

    // Assess
    expect(result).toEqual({ ['__proto__']: { polluted: true }, self: '[CIRCULAR]' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
