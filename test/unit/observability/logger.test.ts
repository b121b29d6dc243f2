import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/observability/logger.js';

/**
 * Captures every line the logger writes. Outside POWERTOOLS_DEV, Powertools writes through its own
 * Console bound to process.stdout (debug/info) and process.stderr (warn/error), so both are spied.
 */
function captureOutput(): { lines: () => string[]; restore: () => void } {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation(record),
  ];
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.length > 0),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

const NAME = '欧阳娜娜';
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13812345678';
const EMAIL = 'nana.ouyang@example.com';
const PII = [NAME, ID_NUMBER, MOBILE, EMAIL, 'Ouyang Nana', '6222021234567890123', 's3cret-pw'];

describe('logger redaction', () => {
  let capture: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    capture = captureOutput();
  });
  afterEach(() => {
    capture.restore();
  });

  it('writes no personal information from nested objects, arrays or error messages', () => {
    // Prepare
    const customer = {
      customerId: 'cus_01J0ABCDEF',
      tier: 'high',
      profile: { fullName: 'Ouyang Nana', contact: { mobile: MOBILE, email: EMAIL } },
      legalRepresentative: { name: NAME, idNumber: ID_NUMBER },
      notes: [`called ${MOBILE}`, { remark: `holder ${NAME} id ${ID_NUMBER}` }],
      account: { accountNumber: '6222021234567890123', PassWord: 's3cret-pw' },
    };
    const error = new Error(`duplicate customer ${NAME} ${ID_NUMBER} ${MOBILE} ${EMAIL}`, {
      cause: new Error(`lookup failed for ${EMAIL}`),
    });

    // Act
    logger.info('customer received', { customer });
    logger.error('create failed', error);
    logger.warn(`mobile ${MOBILE} rejected`);

    // Assess
    const output = capture.lines();
    expect(output).toHaveLength(3);
    for (const secret of PII) {
      expect(output.join('\n')).not.toContain(secret);
    }
  });

  it('keeps the fields operations need and marks what it removed', () => {
    // Prepare
    const error = new TypeError(`bad mobile ${MOBILE}`, { cause: new RangeError(`for ${EMAIL}`) });

    // Act
    logger.info('customer received', { customerId: 'cus_1', customer: { email: EMAIL, tier: 'high' } });
    logger.error('failed', error);

    // Assess
    const [first, second] = capture.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      level: 'INFO',
      message: 'customer received',
      service: expect.any(String),
      customerId: 'cus_1',
      customer: { email: '[REDACTED]', tier: 'high' },
    });
    expect(second).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'TypeError',
        message: 'bad mobile [REDACTED]',
        cause: { name: 'RangeError', message: 'for [REDACTED]' },
      },
    });
  });

  it('redacts persistent keys added with appendKeys', () => {
    // Prepare
    logger.appendKeys({ headers: { authorization: 'Bearer abc.def.ghi' } });

    // Act
    logger.info('with headers');
    logger.resetKeys();

    // Assess
    const line = capture.lines().join('\n');
    expect(line).not.toContain('abc.def.ghi');
    expect(line).toContain('[REDACTED]');
  });
});
