import { birthDateFromPrcId, normaliseIdNumber, normaliseMobile } from '../../../shared/identity/index.js';
import { maskField } from '../../../shared/masking/index.js';
import { C2_FIELDS, type SealedFieldName } from './classification.js';
import type { CustomerType, RiskTolerance, SecretValues } from './customer.js';
import { CustomerRuleError } from './errors.js';
import type { CreateCustomerInput } from './schemas.js';

/** The document that makes a customer unique; corporates are unique by their USCC. */
export interface IdentityDocument {
  readonly idType: string;
  readonly idNumber: string;
}

export interface PlainProfile {
  readonly customerType: CustomerType;
  readonly branch: string;
  readonly rmId: string;
  readonly idType?: string;
  readonly legalRepresentativeIdType?: string;
  readonly companyName?: string;
  readonly uscc?: string;
  readonly occupation?: string;
  readonly riskTolerance?: RiskTolerance;
  readonly riskAssessedAt?: string;
}

export interface RegistrationPlan {
  readonly plain: PlainProfile;
  /** C2 values to seal, normalised. */
  readonly secrets: SecretValues;
  /** Masked display forms, computed now so lists and searches never decrypt. */
  readonly masked: SecretValues;
  readonly identityDocument: IdentityDocument;
  /** Normalised mobile for the blind index. */
  readonly mobile: string;
}

/** Masked display forms for every C2 value given. */
export function maskSecrets(secrets: SecretValues): SecretValues {
  const masked: SecretValues = {};
  for (const [field, value] of Object.entries(secrets) as [SealedFieldName, string | undefined][]) {
    if (value !== undefined) masked[field] = maskField(C2_FIELDS[field].mask, value);
  }
  return masked;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Turns a validated registration into what is stored: C1 fields plain, C2 values to seal,
 * their masked forms, and the keys of the uniqueness lock and the mobile blind index.
 */
export function planRegistration(input: CreateCustomerInput): RegistrationPlan {
  const risk = { riskTolerance: input.riskTolerance, riskAssessedAt: input.riskAssessedAt };
  if (input.type === 'individual') {
    const idNumber = normaliseIdNumber(input.idType, input.idNumber);
    const birthDate = reconcileBirthDate(input.idType, idNumber, input.birthDate);
    const mobile = normaliseMobile(input.mobile);
    const secrets: SecretValues = withoutUndefined({
      name: input.name,
      idNumber,
      mobile,
      email: input.email?.toLowerCase(),
      address: input.address,
      birthDate,
    });
    return {
      plain: withoutUndefined({
        customerType: 'individual' as const,
        branch: input.branch,
        rmId: input.rmId,
        idType: input.idType,
        occupation: input.occupation,
        ...risk,
      }),
      secrets,
      masked: maskSecrets(secrets),
      identityDocument: { idType: input.idType, idNumber },
      mobile,
    };
  }
  const representative = input.legalRepresentative;
  const representativeId = normaliseIdNumber(representative.idType, representative.idNumber);
  const contactMobile = normaliseMobile(input.contactMobile);
  const secrets: SecretValues = {
    'legalRepresentative.name': representative.name,
    'legalRepresentative.idNumber': representativeId,
    contactMobile,
  };
  const uscc = input.uscc.toUpperCase();
  return {
    plain: withoutUndefined({
      customerType: 'corporate' as const,
      branch: input.branch,
      rmId: input.rmId,
      legalRepresentativeIdType: representative.idType,
      companyName: input.name,
      uscc,
      ...risk,
    }),
    secrets,
    masked: maskSecrets(secrets),
    identityDocument: { idType: 'uscc', idNumber: uscc },
    mobile: contactMobile,
  };
}

/**
 * The onboarding date to store: the stated one (a customer migrated from core banking keeps
 * its account-opening date) as a UTC instant, or `now`. A date in the future is refused.
 *
 * @example onboardingDate('2019-05-01T09:00:00+08:00', now) // '2019-05-01T01:00:00.000Z'
 */
export function onboardingDate(stated: string | undefined, now: Date): string {
  if (stated === undefined) return now.toISOString();
  const instant = new Date(stated);
  if (Number.isNaN(instant.getTime())) {
    throw new CustomerRuleError('INVALID_VALUE', 'must be an ISO 8601 date and time', 'onboardedAt');
  }
  if (instant.getTime() > now.getTime()) {
    throw new CustomerRuleError('INVALID_VALUE', 'must not be in the future', 'onboardedAt');
  }
  return instant.toISOString();
}

/**
 * A PRC ID carries the birth date: a stated birth date must agree with it, and a missing one
 * is taken from it.
 */
export function reconcileBirthDate(
  idType: string,
  idNumber: string,
  stated: string | undefined,
): string | undefined {
  if (idType !== 'prc-id') return stated;
  const fromId = birthDateFromPrcId(idNumber);
  if (stated !== undefined && fromId !== undefined && stated !== fromId) {
    throw new CustomerRuleError(
      'BIRTH_DATE_MISMATCH',
      'birthDate does not match the PRC ID number',
      'birthDate',
    );
  }
  return stated ?? fromId;
}
