import * as z from '../zod.js';
import { defineEvent, type EventDefinition, type EventDetail, parseEventDetail } from './define.js';
import { idField, instantField } from './fields.js';

/**
 * Events that the bank's core systems publish to our bus (docs/domain-rules.md §13.1). Their
 * sources are the systems' own names, not `crm.<capability>`: we consume them, never publish.
 *
 * The envelope: `defineEvent` makes `eventId` and `occurredAt` required on every catalogue
 * schema, and external systems do not know our envelope. We keep it required (one rule for
 * every event on the bus: consumers deduplicate on `eventId`) and fill it from EventBridge's
 * own envelope with {@link parseExternalEvent}: `eventId` ← the event's `id`, `occurredAt` ←
 * its `time`. A producer that sends its own stable `eventId`/`occurredAt` in the detail
 * keeps them (a stable id survives the producer's PutEvents retries; EventBridge's `id`
 * does not, which is why transactions are also deduplicated on `transactionId`).
 */
export const CORE_BANKING_SOURCE = 'core-banking';
export const CREDIT_RISK_SOURCE = 'credit-risk';
export const AML_SOURCE = 'aml';
/** The bank's own messaging gateway, which delivers what the gateway queue hands it. */
export const BANK_MESSAGING_SOURCE = 'bank-messaging';
/** Every external source the catalogue declares; anything else on the bus is ours (`crm.*`). */
export const EXTERNAL_SOURCES = [
  CORE_BANKING_SOURCE,
  CREDIT_RISK_SOURCE,
  AML_SOURCE,
  BANK_MESSAGING_SOURCE,
] as const;

/** Transaction types, channels and statuses (docs/domain-rules.md §13.1). */
export const TRANSACTION_TYPES = [
  'deposit',
  'withdrawal',
  'transfer-in',
  'transfer-out',
  'wealth-purchase',
  'wealth-redemption',
  'loan-disbursement',
  'loan-repayment',
  'investment',
  'card-spend',
  'fee',
] as const;
export const TRANSACTION_CHANNELS = [
  'counter',
  'mobile-banking',
  'online-banking',
  'third-party-payment',
  'atm',
  'phone',
] as const;
export const TRANSACTION_STATUSES = ['success', 'failed', 'aborted', 'pending-review'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type TransactionChannel = (typeof TRANSACTION_CHANNELS)[number];
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/** Product risk levels and what happened to a holding (docs/domain-rules.md §13.1). */
export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export const HOLDING_ACTIONS = ['opened', 'closed', 'matured'] as const;
/** Credit grades and compliance statuses (docs/domain-rules.md §13.1, §8). */
export const CREDIT_GRADES = ['prime', 'standard', 'risk'] as const;
export const COMPLIANCE_STATUSES = ['compliant', 'watch', 'risk'] as const;

/** Money in integer minor units (fen for CNY), never negative: direction is in the type. */
export const minorUnitsField = z.number().check(z.int(), z.nonnegative());

/**
 * An ISO 4217 alphabetic code: three upper-case letters. The code list itself is not
 * enforced (a code newer than our list must not send valid events to the DLQ); amounts are
 * kept per currency, so an unexpected code is counted apart, never mixed into CNY.
 */
export const currencyField = z.string().check(z.regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code'));

/**
 * An account or card reference: C2 (docs/domain-rules.md §2.1). Declared because core banking
 * sends it; consumers must store at most a keyed hash (blind index) of it, and never log it or
 * put it in an event of ours. ASCII letters, digits and `-` only, so it cannot carry text.
 */
export const accountRefField = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, 'Expected an account reference'));

/** A short reason code such as `STR-07`: upper-case letters, digits, `_ . -`, never free text. */
export const reasonCodeField = z
  .string()
  .check(z.regex(/^[A-Z0-9][A-Z0-9_.-]{0,31}$/, 'Expected a short reason code'));

/** A transaction was posted (or failed, aborted, held for review) in core banking. */
export const TransactionPosted = defineEvent(
  CORE_BANKING_SOURCE,
  'TransactionPosted',
  {
    transactionId: idField,
    customerId: idField,
    type: z.enum(TRANSACTION_TYPES),
    channel: z.enum(TRANSACTION_CHANNELS),
    amount: minorUnitsField,
    currency: currencyField,
    status: z.enum(TRANSACTION_STATUSES),
    postedAt: instantField,
    /** C2: store at most a keyed hash of it. */
    accountRef: z.optional(accountRefField),
  },
  'Core banking posted a transaction (or it failed, was aborted or is held for review). Deduplicated on `transactionId` and `status`. `accountRef` is C2: FinCRM reads past it and never stores, logs or forwards it.',
);

/** A customer's balances at `asOf`, in one currency (minor units). */
export const BalanceSnapshot = defineEvent(
  CORE_BANKING_SOURCE,
  'BalanceSnapshot',
  {
    customerId: idField,
    asOf: instantField,
    aum: minorUnitsField,
    deposits: minorUnitsField,
    wealth: minorUnitsField,
    loans: minorUnitsField,
    currency: currencyField,
  },
  "A customer's balances at `asOf`, in one currency, in integer minor units. The latest snapshot of each month counts.",
);

/** A product holding was opened, closed or matured at `at`. */
export const ProductHoldingChanged = defineEvent(
  CORE_BANKING_SOURCE,
  'ProductHoldingChanged',
  {
    customerId: idField,
    productId: idField,
    riskLevel: z.enum(PRODUCT_RISK_LEVELS),
    action: z.enum(HOLDING_ACTIONS),
    at: instantField,
  },
  'A product holding was opened, closed or matured at `at`.',
);

/** The credit-risk system graded a customer; `score` is its 0–1000 score when it has one. */
export const CreditRatingChanged = defineEvent(
  CREDIT_RISK_SOURCE,
  'CreditRatingChanged',
  {
    customerId: idField,
    grade: z.enum(CREDIT_GRADES),
    score: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))),
    at: instantField,
  },
  'The credit-risk system graded a customer; `score` is its 0-1000 score when it has one.',
);

/** The AML system changed a customer's compliance status; the reason is a code, not prose. */
export const ComplianceStatusChanged = defineEvent(
  AML_SOURCE,
  'ComplianceStatusChanged',
  {
    customerId: idField,
    status: z.enum(COMPLIANCE_STATUSES),
    reasonCode: z.optional(reasonCodeField),
    at: instantField,
  },
  "The AML system changed a customer's compliance status. `reasonCode` is a short code, never prose. `risk` restricts processing; `watch` shortens the review cadence.",
);

/** The channels the bank's messaging gateway delivers on, and what it reports of a message. */
export const REPORTED_CHANNELS = ['sms', 'email', 'app-push'] as const;
export const REPORTED_DELIVERY_STATUSES = ['delivered', 'failed', 'bounced'] as const;

/**
 * The bank's messaging gateway reports what became of a message it was handed (the gateway
 * queue names the contact): delivered, failed, or bounced (the address does not work).
 */
export const MessageDeliveryReported = defineEvent(
  BANK_MESSAGING_SOURCE,
  'MessageDeliveryReported',
  {
    contactId: idField,
    customerId: idField,
    channel: z.enum(REPORTED_CHANNELS),
    status: z.enum(REPORTED_DELIVERY_STATUSES),
    at: instantField,
  },
  "The bank's messaging gateway reports what became of a message handed to it through the gateway queue: `delivered`, `failed`, or `bounced` (the address does not work: a failed contact point). Ids and a status only.",
);

/** Every event the external systems publish to us. */
export const externalEvents = [
  TransactionPosted,
  BalanceSnapshot,
  ProductHoldingChanged,
  CreditRatingChanged,
  ComplianceStatusChanged,
  MessageDeliveryReported,
] as const;

/** The parts of an EventBridge event that {@link parseExternalEvent} reads. */
export interface ExternalEventEnvelope {
  /** EventBridge's event id (a UUID), unique per PutEvents entry. */
  readonly id: string;
  /** EventBridge's `time`, ISO 8601 UTC. */
  readonly time: string;
  readonly detail: unknown;
}

/**
 * Validates an external event's detail, taking `eventId` from EventBridge's `id` and
 * `occurredAt` from its `time` unless the producer supplied them in the detail. Throws
 * `InvalidEventError` (paths and messages, never values) for anything else.
 *
 * @example
 *   const tx = parseExternalEvent(TransactionPosted, { id: event.id, time: event.time, detail: event.detail });
 */
export function parseExternalEvent<D extends EventDefinition>(
  definition: D,
  event: ExternalEventEnvelope,
): EventDetail<D> {
  const detail = event.detail;
  // A non-object detail is passed through unchanged so the schema reports it.
  const withEnvelope =
    typeof detail === 'object' && detail !== null && !Array.isArray(detail)
      ? { eventId: event.id, occurredAt: event.time, ...detail }
      : detail;
  return parseEventDetail(definition, withEnvelope);
}
