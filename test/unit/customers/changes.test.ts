import { describe, expect, it } from 'vitest';
import {
  type ChangeContext,
  needsStoredPrcId,
  planChanges,
} from '../../../functions/customers/domain/changes.js';
import type { CustomerRecord } from '../../../functions/customers/domain/customer.js';
import { CustomerRuleError } from '../../../functions/customers/domain/errors.js';
import type { PatchCustomerInput } from '../../../functions/customers/domain/schemas.js';
import {
  corporateRecord,
  individualRecord,
  PRC_ID,
  PRC_ID_1990,
  PRC_ID_X,
  writeContext,
} from './fixtures.js';

function refusal(
  record: CustomerRecord,
  patch: PatchCustomerInput,
  context: ChangeContext = writeContext,
): CustomerRuleError {
  try {
    planChanges(record, patch, context);
  } catch (error) {
    if (error instanceof CustomerRuleError) return error;
    throw error;
  }
  throw new Error('expected planChanges to refuse the patch');
}

describe('planChanges: evidence', () => {
  it.each<[string, CustomerRecord, PatchCustomerInput]>([
    ['an individual name', individualRecord(), { name: '张三' }],
    ['an ID number', individualRecord(), { idNumber: PRC_ID_X }],
    ['an ID type and number', individualRecord(), { idType: 'passport', idNumber: 'E1234567' }],
    ['a company name', corporateRecord(), { name: '新名称有限公司' }],
    [
      'a legal representative',
      corporateRecord(),
      { legalRepresentative: { name: '李四', idType: 'prc-id', idNumber: PRC_ID_1990 } },
    ],
  ])('refuses a change of %s without an evidenceRef', (_what, record, patch) => {
    const error = refusal(record, patch);

    expect(error.code).toBe('EVIDENCE_REQUIRED');
    expect(error.path).toBe('evidenceRef');
  });

  it('holds a person to the registration name limit while a company name may be longer', () => {
    const long = '名'.repeat(150);

    const error = refusal(individualRecord(), { name: long, evidenceRef: 'doc:2026/0002' });
    const plan = planChanges(corporateRecord(), { name: long, evidenceRef: 'doc:2026/0002' }, writeContext);

    expect(error.code).toBe('INVALID_VALUE');
    expect(error.path).toBe('name');
    expect(plan.plainSet).toEqual({ companyName: long });
  });

  it('accepts the same change with an evidenceRef', () => {
    const plan = planChanges(
      individualRecord(),
      { name: '张三', evidenceRef: 'doc:2026/0001' },
      writeContext,
    );

    expect(plan.changedFields).toEqual(['name']);
    expect(plan.secretsSet).toEqual({ name: '张三' });
    expect(plan.maskedSet).toEqual({ name: '张*' });
  });

  it('needs no evidence for contact details', () => {
    const plan = planChanges(
      individualRecord(),
      {
        email: 'New@Example.com',
        address: '上海市浦东新区世纪大道1号',
      },
      writeContext,
    );

    expect(plan.secretsSet).toEqual({ email: 'new@example.com', address: '上海市浦东新区世纪大道1号' });
    expect(plan.maskedSet).toEqual({ email: 'n***@example.com', address: '上海市浦东新区***' });
  });
});

describe('planChanges: fields that do not apply to the customer type', () => {
  it.each<[string, PatchCustomerInput]>([
    ['contactMobile', { contactMobile: '13900139000' }],
    [
      'legalRepresentative',
      {
        legalRepresentative: { name: '李四', idType: 'prc-id', idNumber: PRC_ID_1990 },
        evidenceRef: 'doc:1',
      },
    ],
  ])('refuses %s on an individual', (field, patch) => {
    const error = refusal(individualRecord(), patch);

    expect(error.code).toBe('FIELD_NOT_APPLICABLE');
    expect(error.path).toBe(field);
  });

  it.each<[string, PatchCustomerInput]>([
    ['idType', { idType: 'prc-id', idNumber: PRC_ID_X, evidenceRef: 'doc:1' }],
    ['idNumber', { idNumber: PRC_ID_X, evidenceRef: 'doc:1' }],
    ['mobile', { mobile: '13800135678' }],
    ['email', { email: 'a@example.com' }],
    ['address', { address: '北京市朝阳区建国路1号' }],
    ['birthDate', { birthDate: '1980-01-01' }],
    ['occupation', { occupation: 'teacher' }],
    ['email', { email: null }],
  ])('refuses %s on a corporate', (field, patch) => {
    const error = refusal(corporateRecord(), patch);

    expect(error.code).toBe('FIELD_NOT_APPLICABLE');
    expect(error.path).toBe(field);
  });
});

describe('planChanges: records that may not change', () => {
  it('refuses any change once the relationship is closed', () => {
    const record = individualRecord({ relationship: 'closed', relationshipEndedAt: '2026-03-01T00:00:00Z' });

    expect(refusal(record, { occupation: 'teacher' }).code).toBe('RELATIONSHIP_CLOSED');
  });

  it('refuses any change to a shredded customer, closed or not', () => {
    const shredded = { shreddedAt: '2036-03-02T00:00:00Z', sealed: {}, masked: {} };

    expect(refusal(individualRecord(shredded), { occupation: 'teacher' }).code).toBe('CUSTOMER_SHREDDED');
    expect(refusal(individualRecord({ ...shredded, relationship: 'closed' }), { rmId: 'rm-2' }).code).toBe(
      'CUSTOMER_SHREDDED',
    );
  });
});

describe('planChanges: what a patch does', () => {
  it('removes optional fields given as null', () => {
    const plan = planChanges(
      individualRecord(),
      {
        email: null,
        address: null,
        birthDate: null,
        occupation: null,
      },
      writeContext,
    );

    expect([...plan.sealedRemove].sort()).toEqual(['address', 'birthDate', 'email']);
    expect(plan.plainRemove).toEqual(['occupation']);
    expect(plan.secretsSet).toEqual({});
    expect(plan.maskedSet).toEqual({});
    expect([...plan.changedFields].sort()).toEqual(['address', 'birthDate', 'email', 'occupation']);
  });

  it('closes the relationship when asked', () => {
    const plan = planChanges(individualRecord(), { relationship: 'closed' }, writeContext);

    expect(plan.closesRelationship).toBe(true);
    expect(plan.changedFields).toEqual(['relationship']);
  });

  it('does not close the relationship for another change', () => {
    expect(planChanges(individualRecord(), { occupation: 'teacher' }, writeContext).closesRelationship).toBe(
      false,
    );
  });

  it('moves the identity lock to a new PRC ID, normalised, and derives its birth date', () => {
    const plan = planChanges(
      individualRecord(),
      { idNumber: PRC_ID_X.toLowerCase(), evidenceRef: 'doc:7' },
      writeContext,
    );

    expect(plan.newIdentityDocument).toEqual({ idType: 'prc-id', idNumber: PRC_ID_X });
    expect(plan.secretsSet).toEqual({ idNumber: PRC_ID_X, birthDate: '1985-03-12' });
    expect(plan.maskedSet).toEqual({ idNumber: '110**************X', birthDate: '****-**-**' });
    expect(plan.newMobile).toBeUndefined();
  });

  it('refuses a new PRC ID with a birth date that disagrees with it', () => {
    const error = refusal(individualRecord(), {
      idNumber: PRC_ID_X,
      birthDate: '1990-01-01',
      evidenceRef: 'doc:7',
    });

    expect(error.code).toBe('BIRTH_DATE_MISMATCH');
  });

  it('keeps the stored document type when only the number changes', () => {
    const record = individualRecord({ idType: 'passport' });

    const plan = planChanges(record, { idNumber: 'g7654321', evidenceRef: 'doc:8' }, writeContext);

    expect(plan.newIdentityDocument).toEqual({ idType: 'passport', idNumber: 'G7654321' });
    expect(plan.plainSet).not.toHaveProperty('idType');
  });

  it('records a new document type with the new number', () => {
    const plan = planChanges(
      individualRecord(),
      {
        idType: 'passport',
        idNumber: 'E1234567',
        evidenceRef: 'doc:9',
      },
      writeContext,
    );

    expect(plan.plainSet).toEqual({ idType: 'passport' });
    expect(plan.newIdentityDocument).toEqual({ idType: 'passport', idNumber: 'E1234567' });
  });

  it('moves the mobile blind index to a new, normalised mobile', () => {
    const plan = planChanges(individualRecord(), { mobile: '+8613900001234' }, writeContext);

    expect(plan.newMobile).toBe('13900001234');
    expect(plan.secretsSet).toEqual({ mobile: '13900001234' });
    expect(plan.maskedSet).toEqual({ mobile: '139****1234' });
    expect(plan.newIdentityDocument).toBeUndefined();
  });

  it('changes a corporate: company name plain, representative sealed, contact mobile re-indexed', () => {
    const plan = planChanges(
      corporateRecord(),
      {
        name: '新名称有限公司',
        legalRepresentative: { name: '李四', idType: 'prc-id', idNumber: PRC_ID_X.toLowerCase() },
        contactMobile: '+86 139 0000 5678',
        evidenceRef: 'doc:10',
      },
      writeContext,
    );

    expect(plan.plainSet).toEqual({ companyName: '新名称有限公司', legalRepresentativeIdType: 'prc-id' });
    expect(plan.secretsSet).toEqual({
      'legalRepresentative.name': '李四',
      'legalRepresentative.idNumber': PRC_ID_X,
      contactMobile: '13900005678',
    });
    expect(plan.maskedSet['legalRepresentative.name']).toBe('李*');
    expect(plan.newMobile).toBe('13900005678');
    // A corporate's identity document is its USCC, which a patch cannot change.
    expect(plan.newIdentityDocument).toBeUndefined();
  });

  it('sets plain C1 attributes without sealing anything', () => {
    const plan = planChanges(
      individualRecord(),
      {
        riskTolerance: 'C4',
        riskAssessedAt: '2026-06-01T00:00:00Z',
        rmId: 'rm-2',
      },
      writeContext,
    );

    expect(plan.plainSet).toEqual({
      riskTolerance: 'C4',
      riskAssessedAt: '2026-06-01T00:00:00Z',
      rmId: 'rm-2',
    });
    expect(plan.secretsSet).toEqual({});
    expect(plan.sealedRemove).toEqual([]);
  });
});

describe('planChanges: a birth date and a name must be believable', () => {
  it('refuses a birth date alone that contradicts the PRC ID on file', () => {
    const record = individualRecord();
    const patch = { birthDate: '1990-01-01' };

    const error = refusal(record, patch, { ...writeContext, storedPrcId: PRC_ID });

    expect(needsStoredPrcId(record, patch)).toBe(true);
    expect(error.code).toBe('BIRTH_DATE_MISMATCH');
    expect(error.path).toBe('birthDate');
  });

  it('accepts a birth date alone that agrees with the PRC ID on file', () => {
    const plan = planChanges(
      individualRecord(),
      { birthDate: '1985-03-12' },
      { ...writeContext, storedPrcId: PRC_ID },
    );

    expect(plan.secretsSet).toEqual({ birthDate: '1985-03-12' });
  });

  it('does not plan a birth date against a PRC ID it was not given', () => {
    expect(() => planChanges(individualRecord(), { birthDate: '1985-03-12' }, writeContext)).toThrow(
      /needs the stored PRC ID/,
    );
  });

  it.each([
    ['in the future', '2026-06-02'],
    ['before 1900', '1899-12-31'],
  ])('refuses a birth date %s, for a passport holder too', (_case, birthDate) => {
    const error = refusal(individualRecord({ idType: 'passport' }), { birthDate });

    expect(error.code).toBe('INVALID_VALUE');
    expect(error.path).toBe('birthDate');
  });

  it.each(['\u200b\u200b', '张\u202e三', 'Robert3'])(
    'refuses an individual name %j that is not a person’s',
    (name) => {
      const error = refusal(individualRecord(), { name, evidenceRef: 'doc:1' });

      expect(error.code).toBe('INVALID_VALUE');
      expect(error.path).toBe('name');
    },
  );
});
