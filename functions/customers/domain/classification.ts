import type { MaskableField } from '../../../shared/masking/index.js';

/**
 * Classification of every stored customer field (JR/T 0171-2020; docs/domain-rules.md §2.1):
 * what is sealed, what gets a masked display form and what may appear in logs and events.
 * C3 (passwords, PINs, CVV, biometrics, SMS codes) is never accepted: the schemas are strict.
 */
export type DataClass = 'C1' | 'C2';

export interface FieldClassification {
  readonly class: DataClass;
  /** How a C2 field is displayed when masked. */
  readonly mask?: MaskableField;
}

/** Sealed (C2) fields, by their path in the customer document. */
export const C2_FIELDS = {
  name: { class: 'C2', mask: 'name' },
  idNumber: { class: 'C2', mask: 'idNumber' },
  mobile: { class: 'C2', mask: 'mobile' },
  email: { class: 'C2', mask: 'email' },
  address: { class: 'C2', mask: 'address' },
  birthDate: { class: 'C2', mask: 'birthDate' },
  'legalRepresentative.name': { class: 'C2', mask: 'name' },
  'legalRepresentative.idNumber': { class: 'C2', mask: 'idNumber' },
  contactMobile: { class: 'C2', mask: 'mobile' },
} as const satisfies Record<string, FieldClassification & { class: 'C2'; mask: MaskableField }>;

export type SealedFieldName = keyof typeof C2_FIELDS;

export const SEALED_FIELD_NAMES = Object.keys(C2_FIELDS) as SealedFieldName[];

/** Plain fields: C1 and business data, and corporate identifiers (not personal information). */
export const PLAIN_FIELDS = [
  'customerType',
  'idType',
  'legalRepresentative.idType',
  'companyName',
  'uscc',
  'occupation',
  'riskTolerance',
  'riskAssessedAt',
  'investmentObjective',
  'horizonDays',
  'intendedAmount',
  'senior',
  'branch',
  'rmId',
] as const;

export function isSealedField(field: string): field is SealedFieldName {
  return Object.hasOwn(C2_FIELDS, field);
}
