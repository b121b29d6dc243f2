import type { CustomerRecord } from '../../../functions/customers/domain/customer.js';
import type {
  CreateCorporateInput,
  CreateIndividualInput,
} from '../../../functions/customers/domain/schemas.js';
import { DEFAULT_MASKING_RULES } from '../../../shared/masking/index.js';

/** A valid PRC ID (born 1985-03-12) whose check character is `X`. */
export const PRC_ID_X = '11010519850312008X';
/** A valid PRC ID (born 1985-03-12) with a digit check character. */
export const PRC_ID = '110105198503121015';
/** Another valid PRC ID, born 1990-01-01. */
export const PRC_ID_1990 = '440306199001011236';
/** A valid unified social credit code containing letters. */
export const USCC = '91350100M000100Y43';

/** A registration as the schema hands it to the domain (already validated). */
export function individualInput(overrides: Partial<CreateIndividualInput> = {}): CreateIndividualInput {
  return {
    type: 'individual',
    name: '张三丰',
    idType: 'prc-id',
    idNumber: PRC_ID,
    mobile: '13800135678',
    email: 'zhang.san@example.com',
    address: '北京市朝阳区建国路88号',
    birthDate: '1985-03-12',
    occupation: 'engineer',
    branch: 'BJ01',
    rmId: 'rm-1',
    ...overrides,
  };
}

export function corporateInput(overrides: Partial<CreateCorporateInput> = {}): CreateCorporateInput {
  return {
    type: 'corporate',
    name: '北京示例科技有限公司',
    uscc: USCC,
    legalRepresentative: { name: '欧阳娜娜', idType: 'prc-id', idNumber: PRC_ID_1990 },
    contactMobile: '13900139000',
    branch: 'BJ01',
    rmId: 'rm-1',
    ...overrides,
  };
}

/** A stored individual: sealed values are opaque ciphertext stand-ins, masked forms as computed at write. */
export function individualRecord(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    customerId: 'cus_01TESTINDIVIDUAL',
    customerType: 'individual',
    branch: 'BJ01',
    rmId: 'rm-1',
    version: 3,
    onboardedAt: '2019-04-01T01:00:00.000Z',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-02-01T08:00:00.000Z',
    idType: 'prc-id',
    occupation: 'engineer',
    riskTolerance: 'C3',
    riskAssessedAt: '2026-01-05T08:00:00.000Z',
    sealed: {
      name: 'SEALED-name-v1.AAAA',
      idNumber: 'SEALED-idNumber-v1.BBBB',
      mobile: 'SEALED-mobile-v1.CCCC',
      email: 'SEALED-email-v1.DDDD',
      address: 'SEALED-address-v1.EEEE',
      birthDate: 'SEALED-birthDate-v1.FFFF',
    },
    masked: {
      name: '张**',
      idNumber: '110**************5',
      mobile: '138****5678',
      email: 'z***@example.com',
      address: '北京市朝阳区***',
      birthDate: '****-**-**',
    },
    encryptedDataKey: 'ENCRYPTED-DATA-KEY-GGGG',
    relationship: 'active',
    senior: false,
    restricted: false,
    consents: {},
    complianceStatus: 'compliant',
    nextReviewAt: '2026-07-05T08:00:00.000Z',
    audit: { seq: 2, hash: 'HASH-HHHH' },
    idDocumentIndex: 'IDX-DOC-IIII',
    mobileIndex: 'IDX-MOBILE-JJJJ',
    ...overrides,
  };
}

export function corporateRecord(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    customerId: 'cus_01TESTCORPORATE',
    customerType: 'corporate',
    branch: 'BJ01',
    rmId: 'rm-1',
    version: 1,
    onboardedAt: '2026-01-05T08:00:00.000Z',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    legalRepresentativeIdType: 'prc-id',
    companyName: '北京示例科技有限公司',
    uscc: USCC,
    sealed: {
      'legalRepresentative.name': 'SEALED-rep-name.KKKK',
      'legalRepresentative.idNumber': 'SEALED-rep-id.LLLL',
      contactMobile: 'SEALED-contact.MMMM',
    },
    masked: {
      'legalRepresentative.name': '欧阳**',
      'legalRepresentative.idNumber': '440**************6',
      contactMobile: '139****9000',
    },
    encryptedDataKey: 'ENCRYPTED-DATA-KEY-NNNN',
    relationship: 'active',
    senior: false,
    restricted: false,
    consents: {},
    complianceStatus: 'compliant',
    audit: { seq: 1, hash: 'HASH-OOOO' },
    idDocumentIndex: 'IDX-DOC-PPPP',
    mobileIndex: 'IDX-MOBILE-QQQQ',
    ...overrides,
  };
}

/** The time, masking rules and senior age a write is planned with in these tests. */
export const writeContext = {
  now: new Date('2026-06-01T00:00:00Z'),
  masking: DEFAULT_MASKING_RULES,
  seniorAge: 65,
};
