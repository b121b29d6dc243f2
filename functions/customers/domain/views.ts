import { type MaskingRules, remaskStored } from '../../../shared/masking/index.js';
import { C2_FIELDS, type SealedFieldName } from './classification.js';
import type { CustomerRecord, SecretValues } from './customer.js';

export type ViewKind = 'masked' | 'full';

/**
 * Roles that see an individual's full name on a single-record read, every other C2 field
 * masked (docs/domain-rules.md §4.5): the RM, the service agent and the supervisor, and the
 * head-office complaints unit, which reads a customer with an open complaint as a supervisor
 * does. Compliance officers see the masked record and reveal it, audited.
 */
const SEES_FULL_NAME: ReadonlySet<string> = new Set([
  'relationship-manager',
  'service-agent',
  'supervisor',
  'complaints-manager',
]);

export function seesFullName(role: string): boolean {
  return SEES_FULL_NAME.has(role);
}

/** What the API returns for a customer. C2 fields are masked unless revealed. */
export interface CustomerView {
  readonly customerId: string;
  readonly type: CustomerRecord['customerType'];
  readonly view: ViewKind;
  readonly branch: string;
  readonly rmId: string;
  readonly version: number;
  /** When the relationship with the bank started (account opening). */
  readonly onboardedAt: string;
  readonly name?: string | undefined;
  readonly idType?: string | undefined;
  readonly idNumber?: string | undefined;
  readonly mobile?: string | undefined;
  readonly email?: string | undefined;
  readonly address?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly occupation?: string | undefined;
  readonly uscc?: string | undefined;
  readonly legalRepresentative?:
    | {
        readonly name?: string | undefined;
        readonly idType?: string | undefined;
        readonly idNumber?: string | undefined;
      }
    | undefined;
  readonly contactMobile?: string | undefined;
  readonly riskTolerance?: string | undefined;
  readonly riskAssessedAt?: string | undefined;
  readonly investmentObjective?: CustomerRecord['investmentObjective'];
  readonly horizonDays?: number | undefined;
  readonly intendedAmount?: CustomerRecord['intendedAmount'];
  readonly senior: boolean;
  readonly relationship: 'active' | 'closed';
  readonly relationshipEndedAt?: string | undefined;
  readonly retentionUntil?: string | undefined;
  readonly restricted: boolean;
  readonly erasureRequestedAt?: string | undefined;
  readonly erased: boolean;
  readonly consents: CustomerRecord['consents'];
  readonly preferredChannel?: CustomerRecord['preferredChannel'];
  readonly timeZone?: string | undefined;
  readonly complianceStatus: CustomerRecord['complianceStatus'];
  /** When the AML system set the status; absent until it first reports on the customer. */
  readonly complianceStatusAt?: string | undefined;
  readonly nextReviewAt?: string | undefined;
  readonly lastReviewedAt?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Builds the response for a customer. `revealed` holds the decrypted values the caller may
 * see in clear (the full name for an RM, everything for an audited compliance reveal);
 * every other C2 field shows its stored masked form as the deployment's rules show it
 * (`remaskStored`: a form stored under an earlier rule shows no more than a new one).
 */
export function customerView(
  record: CustomerRecord,
  masking: MaskingRules,
  revealed: SecretValues = {},
  kind: ViewKind = 'masked',
): CustomerView {
  const show = (field: SealedFieldName) => revealed[field] ?? maskedForm(record, field, masking);
  const common = {
    customerId: record.customerId,
    type: record.customerType,
    view: kind,
    branch: record.branch,
    rmId: record.rmId,
    version: record.version,
    onboardedAt: record.onboardedAt,
    riskTolerance: record.riskTolerance,
    riskAssessedAt: record.riskAssessedAt,
    investmentObjective: record.investmentObjective,
    horizonDays: record.horizonDays,
    intendedAmount: record.intendedAmount,
    senior: record.senior,
    relationship: record.relationship,
    relationshipEndedAt: record.relationshipEndedAt,
    retentionUntil: record.retentionUntil,
    restricted: record.restricted,
    erasureRequestedAt: record.erasureRequestedAt,
    erased: record.shreddedAt !== undefined,
    consents: record.consents,
    preferredChannel: record.preferredChannel,
    timeZone: record.timeZone,
    complianceStatus: record.complianceStatus,
    complianceStatusAt: record.complianceStatusAt,
    nextReviewAt: record.nextReviewAt,
    lastReviewedAt: record.lastReviewedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.customerType === 'corporate') {
    return {
      ...common,
      name: record.companyName,
      uscc: record.uscc,
      legalRepresentative: {
        name: show('legalRepresentative.name'),
        idType: record.legalRepresentativeIdType,
        idNumber: show('legalRepresentative.idNumber'),
      },
      contactMobile: show('contactMobile'),
    };
  }
  return {
    ...common,
    name: show('name'),
    idType: record.idType,
    idNumber: show('idNumber'),
    mobile: show('mobile'),
    email: show('email'),
    address: show('address'),
    birthDate: show('birthDate'),
    occupation: record.occupation,
  };
}

function maskedForm(
  record: CustomerRecord,
  field: SealedFieldName,
  masking: MaskingRules,
): string | undefined {
  const stored = record.masked[field];
  return stored === undefined ? undefined : remaskStored(C2_FIELDS[field].mask, stored, masking);
}

/** Summary row for lists and search results: masked forms only, so no decryption is needed. */
export interface CustomerSummary {
  readonly customerId: string;
  readonly type: CustomerRecord['customerType'];
  readonly name?: string | undefined;
  readonly branch: string;
  readonly rmId: string;
  readonly relationship: 'active' | 'closed';
  readonly restricted: boolean;
  readonly version: number;
}

export function customerSummary(record: CustomerRecord): CustomerSummary {
  return {
    customerId: record.customerId,
    type: record.customerType,
    name: record.customerType === 'corporate' ? record.companyName : record.masked.name,
    branch: record.branch,
    rmId: record.rmId,
    relationship: record.relationship,
    restricted: record.restricted,
    version: record.version,
  };
}
