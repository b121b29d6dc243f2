import { type IdType, isIdType, normaliseIdNumber, normaliseMobile } from '../../../shared/identity/index.js';
import { isPersonName, PERSON_NAME_MESSAGE } from '../../../shared/text.js';
import { ASSESSMENT_STATEMENTS } from './assessment-schemas.js';
import type { SealedFieldName } from './classification.js';
import type { CustomerRecord, Money, SecretValues } from './customer.js';
import { CustomerRuleError } from './errors.js';
import type { IdentityDocument } from './registration.js';
import { checkBirthDate, maskSecrets, reconcileBirthDate, type WriteContext } from './registration.js';
import type { PatchCustomerInput } from './schemas.js';
import { seniorFacts } from './senior.js';

/** A plain (C1) attribute's value: text, a number of days, a flag, an amount. */
export type PlainValue = string | number | boolean | Money;

export interface ChangePlan {
  /** Names of the fields that change (events and audit carry these, never values). */
  readonly changedFields: readonly string[];
  /** Plain attributes to set, and plain attributes to remove. */
  readonly plainSet: Readonly<Record<string, PlainValue>>;
  readonly plainRemove: readonly string[];
  /** C2 values to seal, with their masked forms; C2 fields to remove. */
  readonly secretsSet: SecretValues;
  readonly maskedSet: SecretValues;
  readonly sealedRemove: readonly SealedFieldName[];
  /** A new identity document moves the uniqueness lock. */
  readonly newIdentityDocument?: IdentityDocument;
  /** A new mobile moves the mobile blind index. */
  readonly newMobile?: string;
  readonly closesRelationship: boolean;
  /**
   * When the birth date changes (set, derived from a new PRC ID, or removed): the CST day the
   * customer turns SENIOR_AGE while still ahead, `null` when there is none (already senior, or
   * no birth date); the service stores it as a keyed hash (docs/domain-rules.md §19.3).
   * Undefined: the birth date does not change.
   */
  readonly seniorDay?: string | null;
}

const INDIVIDUAL_ONLY = [
  'idType',
  'idNumber',
  'mobile',
  'email',
  'address',
  'birthDate',
  'occupation',
] as const;
const CORPORATE_ONLY = ['legalRepresentative', 'contactMobile'] as const;
const INDIVIDUAL_NAME_MAX = 100;
const NEEDS_EVIDENCE = ['name', 'idType', 'idNumber', 'legalRepresentative'] as const;

/** What a PATCH is checked against besides the record: the time, the masking rules, a stored ID. */
export interface ChangeContext extends WriteContext {
  /**
   * The stored ID number, decrypted, when the customer's document is a PRC ID and the PATCH
   * states a birth date without a new ID number: the birth date must agree with it.
   */
  readonly storedPrcId?: string | undefined;
}

/** True when `planChanges` needs the stored PRC ID number (`ChangeContext.storedPrcId`). */
export function needsStoredPrcId(record: CustomerRecord, patch: PatchCustomerInput): boolean {
  return (
    record.customerType === 'individual' &&
    record.idType === 'prc-id' &&
    typeof patch.birthDate === 'string' &&
    patch.idNumber === undefined
  );
}

/**
 * Decides what a PATCH does to a stored customer, or refuses it. Pure: the caller seals,
 * indexes and persists the plan.
 */
export function planChanges(
  record: CustomerRecord,
  patch: PatchCustomerInput,
  context: ChangeContext,
): ChangePlan {
  if (record.shreddedAt !== undefined) {
    throw new CustomerRuleError('CUSTOMER_SHREDDED', 'the customer has been erased');
  }
  if (record.relationship === 'closed') {
    throw new CustomerRuleError(
      'RELATIONSHIP_CLOSED',
      'the relationship is closed; the record is kept for retention only',
    );
  }
  const notApplicable = record.customerType === 'individual' ? CORPORATE_ONLY : INDIVIDUAL_ONLY;
  for (const field of notApplicable) {
    if (patch[field] !== undefined) {
      throw new CustomerRuleError(
        'FIELD_NOT_APPLICABLE',
        `does not apply to a ${record.customerType} customer`,
        field,
      );
    }
  }
  const evidenceFor = NEEDS_EVIDENCE.find((field) => patch[field] !== undefined);
  if (evidenceFor !== undefined && patch.evidenceRef === undefined) {
    throw new CustomerRuleError(
      'EVIDENCE_REQUIRED',
      `a change of ${evidenceFor} needs an evidenceRef`,
      'evidenceRef',
    );
  }

  const changed: string[] = [];
  const plainSet: Record<string, PlainValue> = {};
  const plainRemove: string[] = [];
  const secretsSet: SecretValues = {};
  const sealedRemove: SealedFieldName[] = [];
  let newIdentityDocument: IdentityDocument | undefined;
  let newMobile: string | undefined;
  // The birth date after the change, when the change sets or removes one.
  let newBirthDate: { readonly value: string | undefined } | undefined;

  const setSecret = (field: SealedFieldName, value: string | null | undefined) => {
    if (value === undefined) return;
    changed.push(field);
    if (value === null) sealedRemove.push(field);
    else secretsSet[field] = value;
  };
  const setPlain = (field: string, value: PlainValue | null | undefined) => {
    if (value === undefined) return;
    changed.push(field);
    if (value === null) plainRemove.push(field);
    else plainSet[field] = value;
  };

  if (record.customerType === 'individual') {
    // The schema allows 200 characters for a company name; a person's name is held to the
    // registration limit.
    if (patch.name !== undefined && patch.name.length > INDIVIDUAL_NAME_MAX) {
      throw new CustomerRuleError(
        'INVALID_VALUE',
        `must be at most ${INDIVIDUAL_NAME_MAX} characters`,
        'name',
      );
    }
    if (patch.name !== undefined && !isPersonName(patch.name)) {
      throw new CustomerRuleError('INVALID_VALUE', PERSON_NAME_MESSAGE, 'name');
    }
    setSecret('name', patch.name);
    if (patch.idNumber !== undefined) {
      const stored = record.idType !== undefined && isIdType(record.idType) ? record.idType : undefined;
      const idType: IdType = patch.idType ?? stored ?? 'prc-id';
      const idNumber = normaliseIdNumber(idType, patch.idNumber);
      setSecret('idNumber', idNumber);
      if (patch.idType !== undefined) setPlain('idType', patch.idType);
      newIdentityDocument = { idType, idNumber };
      const birthDate = reconcileBirthDate(idType, idNumber, patch.birthDate ?? undefined, context.now);
      if (patch.birthDate === undefined && birthDate !== undefined) setSecret('birthDate', birthDate);
      if (birthDate !== undefined) newBirthDate = { value: birthDate };
    } else if (typeof patch.birthDate === 'string') {
      if (!needsStoredPrcId(record, patch)) checkBirthDate(patch.birthDate, context.now);
      else if (context.storedPrcId === undefined) {
        throw new Error('planChanges needs the stored PRC ID number to check a birth date');
      }
      // A birth date alone must agree with the PRC ID already on file.
      else reconcileBirthDate('prc-id', context.storedPrcId, patch.birthDate, context.now);
    }
    if (patch.mobile !== undefined) {
      newMobile = normaliseMobile(patch.mobile);
      setSecret('mobile', newMobile);
    }
    setSecret(
      'email',
      patch.email === undefined || patch.email === null ? patch.email : patch.email.toLowerCase(),
    );
    setSecret('address', patch.address);
    setSecret('birthDate', patch.birthDate);
    if (patch.birthDate !== undefined) newBirthDate = { value: patch.birthDate ?? undefined };
    setPlain('occupation', patch.occupation);
  } else {
    setPlain('companyName', patch.name);
    if (patch.legalRepresentative !== undefined) {
      const rep = patch.legalRepresentative;
      setSecret('legalRepresentative.name', rep.name);
      setSecret('legalRepresentative.idNumber', normaliseIdNumber(rep.idType, rep.idNumber));
      setPlain('legalRepresentativeIdType', rep.idType);
    }
    if (patch.contactMobile !== undefined) {
      newMobile = normaliseMobile(patch.contactMobile);
      setSecret('contactMobile', newMobile);
    }
  }
  if (patch.riskTolerance !== undefined) {
    // A new assessment replaces the whole of the previous one (docs/domain-rules.md §19.2): a
    // statement it does not make (objective, horizon, amount) is removed, not kept from the old.
    setPlain('riskTolerance', patch.riskTolerance);
    setPlain('riskAssessedAt', patch.riskAssessedAt);
    for (const field of ASSESSMENT_STATEMENTS) {
      const stated = patch[field];
      if (stated !== undefined) setPlain(field, stated);
      else if (record[field] !== undefined) setPlain(field, null);
    }
  }
  let seniorDay: string | null | undefined;
  if (newBirthDate !== undefined) {
    const facts = seniorFacts(newBirthDate.value, context.now, context.seniorAge);
    if (facts.senior !== record.senior) setPlain('senior', facts.senior);
    seniorDay = facts.seniorDay ?? null;
  }
  setPlain('rmId', patch.rmId);
  const closesRelationship = patch.relationship === 'closed';
  if (closesRelationship) changed.push('relationship');

  return {
    changedFields: [...new Set(changed)],
    plainSet,
    plainRemove,
    secretsSet,
    maskedSet: maskSecrets(secretsSet, context.masking),
    sealedRemove,
    ...(newIdentityDocument === undefined ? {} : { newIdentityDocument }),
    ...(newMobile === undefined ? {} : { newMobile }),
    closesRelationship,
    ...(seniorDay === undefined ? {} : { seniorDay }),
  };
}
