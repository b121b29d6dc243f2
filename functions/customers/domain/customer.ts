import type { COMPLIANCE_STATUSES } from '../../../shared/events/external.js';
import type {
  CONTACT_CHANNELS,
  INVESTMENT_OBJECTIVES,
  RESTRICTION_REASONS,
  RISK_TOLERANCES,
} from '../events.js';
import type { SealedFieldName } from './classification.js';
import type { ConsentPurpose } from './schemas.js';

export type CustomerType = 'individual' | 'corporate';
/** The AML system's statuses (docs/domain-rules.md §8), declared once with its event. */
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];
export type RiskTolerance = (typeof RISK_TOLERANCES)[number];
export type InvestmentObjective = (typeof INVESTMENT_OBJECTIVES)[number];

/** An amount in minor units (fen for CNY) of an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface ConsentState {
  readonly granted: boolean;
  readonly channels: readonly string[];
  readonly at: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * A customer as stored: C1 fields plain, C2 fields only as sealed ciphertexts and masked
 * display forms. Nothing in it is personal information in the clear.
 */
export interface CustomerRecord {
  readonly customerId: string;
  readonly customerType: CustomerType;
  readonly branch: string;
  readonly rmId: string;
  readonly version: number;
  /** When the relationship with the bank started (account opening, C1); records stored before it existed read `createdAt`. */
  readonly onboardedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly idType?: string | undefined;
  readonly legalRepresentativeIdType?: string | undefined;
  /** Corporate name: not personal information, stored plain. */
  readonly companyName?: string | undefined;
  readonly uscc?: string | undefined;
  readonly occupation?: string | undefined;
  readonly riskTolerance?: RiskTolerance | undefined;
  /** As the client sent it (its offset kept); events carry it normalised to UTC. */
  readonly riskAssessedAt?: string | undefined;
  /** What the customer stated with the assessment (docs/domain-rules.md §19.2), C1. */
  readonly investmentObjective?: InvestmentObjective | undefined;
  readonly horizonDays?: number | undefined;
  readonly intendedAmount?: Money | undefined;
  /**
   * Aged SENIOR_AGE (65) or more today in China Standard Time (docs/domain-rules.md §19.3), C1:
   * computed from the birth date when it is written, flipped by the daily job on the birthday.
   */
  readonly senior: boolean;
  /**
   * Keyed hash (blind index) of the CST day the customer turns SENIOR_AGE, while that day is
   * still ahead: the daily job finds that day's customers by it, never by the birth date.
   */
  readonly seniorDayIndex?: string | undefined;
  readonly sealed: Readonly<Partial<Record<SealedFieldName, string>>>;
  readonly masked: Readonly<Partial<Record<SealedFieldName, string>>>;
  /** Base64 ciphertext of the record's data key; gone once the record is shredded. */
  readonly encryptedDataKey?: string | undefined;
  readonly relationship: 'active' | 'closed';
  readonly relationshipEndedAt?: string | undefined;
  readonly retentionUntil?: string | undefined;
  readonly restricted: boolean;
  /** Why processing is restricted; an erasure request outranks (and outlives) a compliance risk. */
  readonly restrictionReason?: RestrictionReason | undefined;
  readonly erasureRequestedAt?: string | undefined;
  readonly shreddedAt?: string | undefined;
  readonly consents: Readonly<Partial<Record<ConsentPurpose, ConsentState>>>;
  /** How the customer prefers to be contacted (C1); absent: no preference. */
  readonly preferredChannel?: ContactChannel | undefined;
  /** The IANA zone quiet hours count in (C1); absent: the engagement capability's default zone. */
  readonly timeZone?: string | undefined;
  readonly complianceStatus: ComplianceStatus;
  /** The AML system's `at` of the status applied; an event not later than it is ignored. */
  readonly complianceStatusAt?: string | undefined;
  readonly nextReviewAt?: string | undefined;
  readonly lastReviewedAt?: string | undefined;
  readonly audit?: AuditHead | undefined;
  /** Blind index of the ID document (type and number), also the key of its uniqueness lock. */
  readonly idDocumentIndex?: string | undefined;
  readonly mobileIndex?: string | undefined;
}

/** Plaintext C2 values, held in memory only while a request needs them. */
export type SecretValues = Partial<Record<SealedFieldName, string>>;
