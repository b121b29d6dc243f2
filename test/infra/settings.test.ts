import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { appTemplate, logicalId } from './support.js';

type Lambda = { Properties: { Environment?: { Variables?: Record<string, unknown> } } };

function variablesByFunction(capabilitySettings: Record<string, string> = {}) {
  const { stack } = buildApp({ stage: 'dev', bundle: false, capabilitySettings });
  const template = appTemplate(stack);
  const lambdas = template.findResources('AWS::Lambda::Function') as Record<string, Lambda>;
  const result = new Map<string, Record<string, unknown>>();
  for (const capability of stack.capabilities) {
    for (const [id, fn] of capability.functions) {
      result.set(id, lambdas[logicalId(fn.fn)]?.Properties.Environment?.Variables ?? {});
    }
  }
  return result;
}

describe('capability settings in a deployment', () => {
  it('reach the functions that declare them, with the value given in the context, else the default', () => {
    // Act
    const defaults = variablesByFunction();
    const set = variablesByFunction({ PARKED_EVENT_HOURS: '96', RETENTION_YEARS_AFTER_RELATIONSHIP: '12' });

    // Assess
    expect(defaults.get('ActivityConsumer')?.PARKED_EVENT_HOURS).toBe('72');
    expect(set.get('ActivityConsumer')?.PARKED_EVENT_HOURS).toBe('96');
    expect(set.get('ActivityDailyJobs')?.PARKED_EVENT_HOURS).toBe('96');
    expect(set.get('CustomersShredder')?.RETENTION_YEARS_AFTER_RELATIONSHIP).toBe('12');
    expect(set.get('CustomersApi')?.RETENTION_YEARS_AFTER_RELATIONSHIP).toBe('12');
    // Not declared for it: not given.
    expect(set.get('ActivityDailyJobs')).not.toHaveProperty('POSTED_AT_SKEW_SECONDS');
    expect(set.get('CustomersShredder')).not.toHaveProperty('DATA_KEY_CACHE_TTL_SECONDS');
  });

  it('gives the masking minimums to the API alone, and refuses one below its floor at synthesis', () => {
    // Act
    const set = variablesByFunction({ MASK_ID_NUMBER_MIN_HIDDEN: '8' });

    // Assess
    expect(set.get('CustomersApi')).toMatchObject({
      MASK_ID_NUMBER_MIN_HIDDEN: '8',
      MASK_MOBILE_MIN_HIDDEN: '4',
    });
    expect(set.get('CustomersShredder')).not.toHaveProperty('MASK_ID_NUMBER_MIN_HIDDEN');
    expect(() => variablesByFunction({ MASK_MOBILE_MIN_HIDDEN: '3' })).toThrow(
      /Setting MASK_MOBILE_MIN_HIDDEN: its functions would refuse "3"/,
    );
    expect(() => variablesByFunction({ MASK_ID_NUMBER_MIN_HIDDEN: '5' })).toThrow(/from 6 to 18/);
  });

  it('gives both transaction paths the amount caps, and refuses caps that leave a currency uncapped or pass 2^53 - 1', () => {
    // Act
    const defaults = variablesByFunction();
    const set = variablesByFunction({
      TRANSACTION_AMOUNT_CAPS: 'CNY=500000000000,USD=100000000000,*=1000000000',
    });

    // Assess
    for (const fn of ['ActivityApi', 'ActivityConsumer']) {
      expect(defaults.get(fn)?.TRANSACTION_AMOUNT_CAPS).toBe('CNY=10000000000000,*=10000000000000');
      expect(set.get(fn)?.TRANSACTION_AMOUNT_CAPS).toBe('CNY=500000000000,USD=100000000000,*=1000000000');
    }
    expect(() => variablesByFunction({ TRANSACTION_AMOUNT_CAPS: 'CNY=500' })).toThrow(
      /TRANSACTION_AMOUNT_CAPS: its functions would refuse/,
    );
    expect(() => variablesByFunction({ TRANSACTION_AMOUNT_CAPS: '*=9007199254740992' })).toThrow(
      /TRANSACTION_AMOUNT_CAPS/,
    );
  });

  it('refuses a malformed value at synthesis, naming the setting', () => {
    expect(() => variablesByFunction({ REVIEW_MONTHS_STANDARD: 'six' })).toThrow(
      /REVIEW_MONTHS_STANDARD must be a whole number above 0/,
    );
  });
});
