/**
 * The DynamoDB kit every store uses: one document client per function, one way to read an
 * item back (through its schema), cursors for client paging, whole-partition queries, the
 * reading of transaction cancellations and conflicts, and the puts of a versioned record.
 */
export { documentClient, documentClientOf, documentTranslation } from './client.js';
export { type CounterIncrements, countersOf, counterUpdate } from './counters.js';
export { type CursorShape, decodeCursor, encodeCursor, InvalidCursorError, type KeyType } from './cursor.js';
export {
  KPI_DAY_ENTITY,
  kpiBucketKey,
  kpiBucketOf,
  kpiBucketUpdate,
  kpiDayListKey,
  readKpiBuckets,
} from './day-buckets.js';
export { FilterBuilder } from './filter.js';
export { CorruptItemError, readItem } from './items.js';
export { LOSSLESS_UNMARSHALL, losslessNumber } from './numbers.js';
export { countAll, queryAll } from './query.js';
export { revisionGuardedPut } from './revision-put.js';
export { type Labelled, type TransactItem, transactWrite } from './transaction.js';
export { type VersionedPutsInput, versionedPuts } from './versioned-puts.js';
export {
  cancellationCodes,
  conditionFailedIndexes,
  conflictBackoff,
  isConditionalCheckFailure,
  isTransactionConflict,
  MAX_CONFLICT_RETRIES,
} from './write-errors.js';
