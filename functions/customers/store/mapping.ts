import type { CustomerRecord } from '../domain/customer.js';

/** Storage-only attributes: keys, index keys and item kind. Never part of the domain record. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'entityType',
  'branchKey',
  'rmKey',
  'listKey',
  'dueKey',
  'dueAt',
  'expiresAt',
]);

/** Turns a stored customer item into the domain record. */
export function itemToCustomer(item: Record<string, unknown>): CustomerRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!STORAGE_ATTRIBUTES.has(name)) record[name] = value;
  }
  record.sealed ??= {};
  record.masked ??= {};
  record.consents ??= {};
  // Records stored before the onboarding date was recorded started their relationship in the CRM.
  record.onboardedAt ??= record.createdAt;
  return record as unknown as CustomerRecord;
}
