import { birthDateFromPrcId, normaliseIdNumber, normaliseMobile } from '../../../shared/identity/index.js';
import { type MaskingRules, maskField } from '../../../shared/masking/index.js';
import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { C2_FIELDS, type SealedFieldName } from './classification.js';
import type { CustomerType, InvestmentObjective, Money, RiskTolerance, SecretValues } from './customer.js';
import { CustomerRuleError } from './errors.js';
import type { CreateCustomerInput } from './schemas.js';
import { seniorFacts } from './senior.js';

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
  readonly investmentObjective?: InvestmentObjective;
  readonly horizonDays?: number;
  readonly intendedAmount?: Money;
  readonly senior: boolean;
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
  /** The CST day the customer turns SENIOR_AGE, while ahead: stored only as a keyed hash (§19.3). */
  readonly seniorDay?: string;
}

/**
 * What a write is checked and masked against: the clock's time, the deployment's masking
 * rules and the age from which a customer is senior (SENIOR_AGE).
 */
export interface WriteContext {
  readonly now: Date;
  readonly masking: MaskingRules;
  readonly seniorAge: number;
}

/** Masked display forms for every C2 value given. */
export function maskSecrets(secrets: SecretValues, rules: MaskingRules): SecretValues {
  const masked: SecretValues = {};
  for (const [field, value] of Object.entries(secrets) as [SealedFieldName, string | undefined][]) {
    if (value !== undefined) masked[field] = maskField(C2_FIELDS[field].mask, value, rules);
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
export function planRegistration(input: CreateCustomerInput, context: WriteContext): RegistrationPlan {
  const risk = {
    riskTolerance: input.riskTolerance,
    riskAssessedAt: input.riskAssessedAt,
    investmentObjective: input.investmentObjective,
    horizonDays: input.horizonDays,
    intendedAmount: input.intendedAmount,
  };
  if (input.type === 'individual') {
    const idNumber = normaliseIdNumber(input.idType, input.idNumber);
    const birthDate = reconcileBirthDate(input.idType, idNumber, input.birthDate, context.now);
    const mobile = normaliseMobile(input.mobile);
    const { senior, seniorDay } = seniorFacts(birthDate, context.now, context.seniorAge);
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
        senior,
      }),
      secrets,
      masked: maskSecrets(secrets, context.masking),
      identityDocument: { idType: input.idType, idNumber },
      mobile,
      ...(seniorDay === undefined ? {} : { seniorDay }),
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
      // A company has no birth date: never senior (docs/domain-rules.md §19.3).
      senior: false,
    }),
    secrets,
    masked: maskSecrets(secrets, context.masking),
    identityDocument: { idType: 'uscc', idNumber: uscc },
    mobile: contactMobile,
  };
}

/**
 * The earliest date a customer may be born or onboarded (docs/domain-rules.md §6.1): an earlier
 * one is a typing or migration error (`0019-05-01`), and no customer living now is that old.
 */
export const EARLIEST_DATE = '1900-01-01';
const EARLIEST_TIME = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);

/**
 * The onboarding date to store: the stated one (a customer migrated from core banking keeps
 * its account-opening date) as a UTC instant, or `now`. A date in the future, or before
 * 1900, is refused.
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
  if (instant.getTime() < EARLIEST_TIME) {
    throw new CustomerRuleError('INVALID_VALUE', `must not be before ${EARLIEST_DATE}`, 'onboardedAt');
  }
  return instant.toISOString();
}

/**
 * Refuses a birth date (`YYYY-MM-DD`) before 1900 or after today's date in China (UTC+8, as
 * the PRC ID check counts it), so a customer born today in Beijing is accepted before UTC
 * midnight.
 */
export function checkBirthDate(date: string, now: Date): void {
  const latest = isoDateOfDay(cstDayOf(now));
  if (date > latest) {
    throw new CustomerRuleError('INVALID_VALUE', 'must not be in the future', 'birthDate');
  }
  if (date < EARLIEST_DATE) {
    throw new CustomerRuleError('INVALID_VALUE', `must not be before ${EARLIEST_DATE}`, 'birthDate');
  }
}

/**
 * The birth date to store: a stated one is checked (not in the future, not before 1900); a PRC
 * ID carries the birth date, so a stated one must agree with it and a missing one is taken
 * from it (and checked the same way).
 */
export function reconcileBirthDate(
  idType: string,
  idNumber: string,
  stated: string | undefined,
  now: Date,
): string | undefined {
  if (stated !== undefined) checkBirthDate(stated, now);
  if (idType !== 'prc-id') return stated;
  const fromId = birthDateFromPrcId(idNumber);
  if (stated === undefined && fromId !== undefined) checkBirthDate(fromId, now);
  if (stated !== undefined && fromId !== undefined && stated !== fromId) {
    throw new CustomerRuleError(
      'BIRTH_DATE_MISMATCH',
      'birthDate does not match the PRC ID number',
      'birthDate',
    );
  }
  return stated ?? fromId;
}
