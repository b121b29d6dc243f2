import { blindIndex, customerKeyContext, type FieldSealer } from '../../../shared/crypto/index.js';
import type { SealedFieldName } from '../domain/classification.js';
import type { CustomerRecord, SecretValues } from '../domain/customer.js';
import type { IdentityDocument } from '../domain/registration.js';
import type { CustomerDeps } from './deps.js';

/** Blind index of an identity document: the type is part of the value, so types never collide. */
export async function identityDocumentIndex(
  deps: Pick<CustomerDeps, 'blindIndexKey'>,
  doc: IdentityDocument,
): Promise<string> {
  return blindIndex(await deps.blindIndexKey.getKey(), 'idNumber', `${doc.idType}:${doc.idNumber}`);
}

export async function mobileIndex(
  deps: Pick<CustomerDeps, 'blindIndexKey'>,
  mobile: string,
): Promise<string> {
  return blindIndex(await deps.blindIndexKey.getKey(), 'mobile', mobile);
}

/**
 * Keyed hash of the CST day (`YYYY-MM-DD`) a customer turns SENIOR_AGE: the daily job finds that
 * day's customers by it, so no plaintext birth date is ever kept and none is decrypted to find
 * them (docs/domain-rules.md §19.3).
 */
export async function seniorDayIndex(
  deps: Pick<CustomerDeps, 'blindIndexKey'>,
  day: string,
): Promise<string> {
  return blindIndex(await deps.blindIndexKey.getKey(), 'seniorDay', day);
}

export function sealAll(sealer: FieldSealer, customerId: string, secrets: SecretValues): SecretValues {
  const sealed: SecretValues = {};
  for (const [field, value] of Object.entries(secrets) as [SealedFieldName, string | undefined][]) {
    if (value !== undefined) sealed[field] = sealer.seal(customerId, field, value);
  }
  return sealed;
}

/**
 * Opens the record's data key, read from the key table (one KMS call, none inside the cache
 * window).
 */
export async function openSealer(
  deps: Pick<CustomerDeps, 'store' | 'cipher'>,
  record: CustomerRecord,
): Promise<FieldSealer> {
  const encryptedDataKey = await deps.store.dataKeyOf(record);
  if (encryptedDataKey === undefined) throw new Error('The record has no data key (erased)');
  return deps.cipher.openRecordKey(encryptedDataKey, customerKeyContext(record.customerId));
}

/** Decrypts the named C2 fields of a record. */
export async function reveal(
  deps: Pick<CustomerDeps, 'store' | 'cipher'>,
  record: CustomerRecord,
  fields: readonly SealedFieldName[],
): Promise<SecretValues> {
  const present = fields.filter((field) => record.sealed[field] !== undefined);
  if (present.length === 0) return {};
  const sealer = await openSealer(deps, record);
  const values: SecretValues = {};
  for (const field of present) {
    const sealed = record.sealed[field];
    if (sealed !== undefined) values[field] = sealer.open(record.customerId, field, sealed);
  }
  return values;
}
