import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../functions/customers/domain/customer.js';
import { customerSummary, customerView } from '../../../functions/customers/domain/views.js';
import { DEFAULT_MASKING_RULES } from '../../../shared/masking/index.js';
import { corporateRecord, individualRecord, PRC_ID, USCC } from './fixtures.js';

/** Everything stored that must never reach a client: ciphertexts, the data key, blind indexes, the audit head. */
function storedSecrets(record: CustomerRecord): string[] {
  return [
    ...Object.values(record.sealed),
    record.encryptedDataKey,
    record.idDocumentIndex,
    record.mobileIndex,
    record.audit?.hash,
  ].filter((value): value is string => typeof value === 'string');
}

const PLAINTEXT = {
  name: '张三丰',
  idNumber: PRC_ID,
  mobile: '13800135678',
  email: 'zhang.san@example.com',
  address: '北京市朝阳区建国路88号',
  birthDate: '1985-03-12',
};

describe('customerView', () => {
  it('shows only masked forms of C2 fields by default', () => {
    const view = customerView(individualRecord(), DEFAULT_MASKING_RULES);

    expect(view).toMatchObject({
      view: 'masked',
      type: 'individual',
      name: '张**',
      idType: 'prc-id',
      idNumber: '110**************5',
      mobile: '138****5678',
      email: 'z***@example.com',
      address: '北京市朝阳区***',
      birthDate: '****-**-**',
      occupation: 'engineer',
      erased: false,
    });
  });

  it('shows in clear only the fields revealed to the caller', () => {
    const view = customerView(individualRecord(), DEFAULT_MASKING_RULES, { name: PLAINTEXT.name });

    expect(view.name).toBe('张三丰');
    expect(view.idNumber).toBe('110**************5');
    expect(view.mobile).toBe('138****5678');
    expect(view.view).toBe('masked');
  });

  it('shows everything revealed in a full view', () => {
    const view = customerView(individualRecord(), DEFAULT_MASKING_RULES, PLAINTEXT, 'full');

    expect(view).toMatchObject({ view: 'full', ...PLAINTEXT });
  });

  it('shows a corporate with its plain company name and USCC, the representative masked', () => {
    const view = customerView(corporateRecord(), DEFAULT_MASKING_RULES);

    expect(view).toMatchObject({
      type: 'corporate',
      name: '北京示例科技有限公司',
      uscc: USCC,
      legalRepresentative: { name: '欧阳**', idType: 'prc-id', idNumber: '440**************6' },
      contactMobile: '139****9000',
    });
    expect(view).not.toHaveProperty('mobile');
    expect(view).not.toHaveProperty('idNumber');
  });

  it.each([
    ['individual', individualRecord()],
    ['corporate', corporateRecord()],
  ])('never carries ciphertexts, the data key, blind indexes or the audit head (%s)', (_kind, record) => {
    const text = JSON.stringify(customerView(record, DEFAULT_MASKING_RULES));

    for (const secret of storedSecrets(record)) expect(text).not.toContain(secret);
  });

  it('shows the C1 facts of the relationship: onboarding date and the AML status with its time', () => {
    const record = individualRecord({
      complianceStatus: 'watch',
      complianceStatusAt: '2026-02-01T00:00:00.000Z',
    });

    const view = customerView(record, DEFAULT_MASKING_RULES);

    expect(view).toMatchObject({
      onboardedAt: '2019-04-01T01:00:00.000Z',
      complianceStatus: 'watch',
      complianceStatusAt: '2026-02-01T00:00:00.000Z',
      createdAt: '2026-01-05T08:00:00.000Z',
    });
  });

  it('shows a form stored under an earlier, looser rule as the rules in force would mask it', () => {
    const record = individualRecord({
      masked: {
        ...individualRecord().masked,
        idNumber: '110***********1015',
        birthDate: '1985-**-**',
        address: 'Flat 3***',
      },
    });

    const view = customerView(record, DEFAULT_MASKING_RULES);

    expect(view.idNumber).toBe('110**************5');
    expect(view.birthDate).toBe('****-**-**');
    expect(view.address).toBe('***');
    expect(view.name).toBe(individualRecord().masked.name);
  });

  it('marks an erased customer and shows nothing personal', () => {
    const view = customerView(
      individualRecord({
        shreddedAt: '2036-05-01T00:00:00Z',
        sealed: {},
        masked: {},
        encryptedDataKey: undefined,
      }),
      DEFAULT_MASKING_RULES,
    );

    expect(view.erased).toBe(true);
    expect(view.name).toBeUndefined();
    expect(view.idNumber).toBeUndefined();
  });
});

describe('customerSummary', () => {
  it('lists an individual by the masked name only', () => {
    expect(customerSummary(individualRecord())).toEqual({
      customerId: 'cus_01TESTINDIVIDUAL',
      type: 'individual',
      name: '张**',
      branch: 'BJ01',
      rmId: 'rm-1',
      relationship: 'active',
      restricted: false,
      version: 3,
    });
  });

  it('lists a corporate by its company name', () => {
    expect(customerSummary(corporateRecord()).name).toBe('北京示例科技有限公司');
  });

  it.each([
    ['individual', individualRecord()],
    ['corporate', corporateRecord()],
  ])(
    'never contains a sealed value, a masked C2 form besides the name, or plaintext (%s)',
    (_kind, record) => {
      const text = JSON.stringify(customerSummary(record));

      for (const secret of storedSecrets(record)) expect(text).not.toContain(secret);
      for (const [field, masked] of Object.entries(record.masked)) {
        if (field !== 'name') expect(text).not.toContain(masked);
      }
      for (const value of Object.values(PLAINTEXT)) expect(text).not.toContain(value);
    },
  );
});
