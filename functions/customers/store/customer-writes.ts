import type { TransactItem } from '../../../shared/dynamodb/transaction.js';
import type { CustomerRecord } from '../domain/customer.js';
import { branchKey, customerKey, customerListKey, dataKeyKey, ENTITY, REVIEW_DUE, rmKey } from './keys.js';

/**
 * The transaction items the customers store writes (key schema in keys.ts): the customer item
 * as registered, the side items written with a change, and the data key in its own table.
 */

export interface CustomerTables {
  readonly customers: string;
  readonly audit: string;
  /** The key table (`CUSTOMER_KEYS_TABLE`): only the functions that register, decrypt or shred have it. */
  readonly keys: string;
}

/** The key table, or an error naming the setting when this function was not given it. */
export function keysTable(tables: CustomerTables): string {
  if (tables.keys === '') {
    throw new Error('This function is not given the key table (CUSTOMER_KEYS_TABLE; see its definition)');
  }
  return tables.keys;
}

/** A new customer's item, with the index keys it is listed and found by; written only if new. */
export function customerPut(
  tableName: string,
  record: Omit<CustomerRecord, 'encryptedDataKey'>,
): TransactItem {
  const item: Record<string, unknown> = {
    ...customerKey(record.customerId),
    entityType: ENTITY.customer,
    ...record,
    branchKey: branchKey(record.branch),
    rmKey: rmKey(record.rmId),
    listKey: customerListKey(record.createdAt, record.customerId),
    ...(record.nextReviewAt === undefined ? {} : { dueKey: REVIEW_DUE, dueAt: record.nextReviewAt }),
  };
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function sideItemPut(
  tableName: string,
  side: {
    key: { pk: string; sk: string };
    attributes: Readonly<Record<string, unknown>>;
    mustNotExist?: boolean;
  },
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...side.attributes, ...side.key },
      ...(side.mustNotExist === true ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

/** Written once: an existing key is never overwritten (it would orphan the sealed values). */
export function dataKeyPut(
  tables: CustomerTables,
  customerId: string,
  encryptedDataKey: string,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: keysTable(tables),
      Item: { ...dataKeyKey(customerId), encryptedDataKey, createdAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(customerId)',
    },
  };
}
