import { auditSubject } from '../../../shared/audit/index.js';
import { addMonths, type MonthKey } from '../domain/months.js';

/**
 * Key schema of the Activity table (single-table design). Every key is built here and
 * nowhere else.
 *
 * | item               | pk                               | sk              | attributes                                   |
 * |--------------------|----------------------------------|-----------------|----------------------------------------------|
 * | month bucket       | CUSTOMER#<customerId>            | MONTH#<YYYY-MM> | one number per counter name, expiresAt       |
 * | summary            | CUSTOMER#<customerId>            | SUMMARY         | lastSuccessfulAt, balance#<month>, holding#<productId> |
 * | idempotency record | TXN#<transactionId>#<status>     | TXN             | expiresAt                                    |
 *
 * The summary keeps each balance month and each product as its own top-level attribute
 * rather than inside a `balances`/`holdings` map: a conditional SET of a top-level attribute
 * needs no parent map to exist first, so the first event for a customer is one write like
 * every other, and two first events racing on a new summary cannot lose one another.
 */
export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const MONTH_PREFIX = 'MONTH#';
export const SUMMARY = 'SUMMARY';

export const monthKeyOf = (customerId: string, month: MonthKey) => ({
  pk: customerPk(customerId),
  sk: `${MONTH_PREFIX}${month}`,
});
export const summaryKey = (customerId: string) => ({ pk: customerPk(customerId), sk: SUMMARY });
/** A transaction is counted once per status (see transaction-delta.ts). */
export const transactionKey = (transactionId: string, status: string) => ({
  pk: `TXN#${transactionId}#${status}`,
  sk: 'TXN',
});

export const BALANCE_PREFIX = 'balance#';
export const HOLDING_PREFIX = 'holding#';
export const balanceAttribute = (month: MonthKey) => `${BALANCE_PREFIX}${month}`;
export const holdingAttribute = (productId: string) => `${HOLDING_PREFIX}${productId}`;

/** Attributes of a month bucket that are not counters. */
export const MONTH_STORAGE_ATTRIBUTES: ReadonlySet<string> = new Set(['pk', 'sk', 'expiresAt']);

const DAY_SECONDS = 24 * 60 * 60;
/** How long a transaction's idempotency record is kept: past the 12-month window. */
export const IDEMPOTENCY_TTL_DAYS = 400;

/**
 * When a month bucket may expire (epoch seconds): 13 months after the month ends (the start,
 * in CST, of the 14th month after it). By then the bucket left the 12-month window a month
 * earlier, so TTL never removes a bucket that a read still counts.
 */
export function monthExpiresAt(month: MonthKey): number {
  return Math.floor(Date.parse(`${addMonths(month, 14)}-01T00:00:00+08:00`) / 1000);
}

/** When an idempotency record written at `now` may expire (epoch seconds). */
export function idempotencyExpiresAt(now: Date): number {
  return Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_DAYS * DAY_SECONDS;
}

// ---------------------------------------------------------------------------------------
// Segmentation configuration (GET/PUT /v1/config/segmentation)
//
// | item            | pk                   | sk                  | attributes                                  |
// |-----------------|----------------------|---------------------|---------------------------------------------|
// | config version  | CONFIG#segmentation  | VERSION#<10 digits> | version, config, updatedAt, updatedBy, auditSeq, auditHash (immutable) |
// | current pointer | CONFIG#segmentation  | CURRENT             | the same attributes, of the current version |
//
// Versions are zero-padded so that they sort in order as strings. The pointer carries a copy
// of the current version's attributes (written in the same transaction), so reading the
// current configuration is one GetItem. Its audit chain lives in ActivityAudit under
// SEGMENTATION_CONFIG_AUDIT_SUBJECT; audit `seq` equals the version (one record per version).
// ---------------------------------------------------------------------------------------

export const SEGMENTATION_CONFIG_PK = 'CONFIG#segmentation';
export const CONFIG_VERSION_PREFIX = 'VERSION#';
export const CONFIG_CURRENT = 'CURRENT';
/** The audit chain's partition (`customerId` attribute) for segmentation config changes. */
export const SEGMENTATION_CONFIG_AUDIT_SUBJECT = auditSubject('config', 'segmentation');

const CONFIG_VERSION_DIGITS = 10;

/** The immutable item of one configuration version. */
export const configVersionKey = (version: number) => ({
  pk: SEGMENTATION_CONFIG_PK,
  sk: `${CONFIG_VERSION_PREFIX}${String(version).padStart(CONFIG_VERSION_DIGITS, '0')}`,
});
/** The pointer to the current configuration version. */
export const configCurrentKey = () => ({ pk: SEGMENTATION_CONFIG_PK, sk: CONFIG_CURRENT });
