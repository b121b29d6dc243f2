import type { TransactItem } from './transaction.js';

type Key = Readonly<Record<string, string>>;

/** Where a versioned record's two items go, and what they hold. */
export interface VersionedPutsInput {
  readonly table: string;
  /** The key of the pointer to the current version (e.g. `{ pk, sk: 'CURRENT' }`). */
  readonly currentKey: Key;
  /** The key of the new version's immutable item (e.g. `{ pk, sk: 'VERSION#0000000002' }`). */
  readonly versionKey: Key;
  /** The new version's attributes, written to both items (they carry `version`). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The version the save is based on: 0 when the record does not exist yet. */
  readonly expectedVersion: number;
  /** Attributes of the pointer only (its index keys, e.g. `entityType` and `listKey`). */
  readonly pointerOnly?: Readonly<Record<string, unknown>>;
}

/**
 * The two puts every versioned record (a configuration, a calendar year, a product) saves a
 * version with, for one transaction: the pointer, conditioned on still being at
 * `expectedVersion` (on not existing for version 1), so of two saves from one version only one
 * commits; and the new version's item, conditioned on not existing, since versions are
 * immutable. Label them (`transactWrite`): a failed pointer is a lost race (a 412), a failed
 * version item with a matching pointer means the items disagree.
 * @example const { pointer, version } = versionedPuts({ table, currentKey, versionKey, attributes, expectedVersion: 1 });
 */
export function versionedPuts(input: VersionedPutsInput): { pointer: TransactItem; version: TransactItem } {
  const pointer: TransactItem = {
    Put: {
      TableName: input.table,
      Item: { ...input.currentKey, ...input.pointerOnly, ...input.attributes },
      ...(input.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#v = :expected',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':expected': input.expectedVersion },
          }),
    },
  };
  const version: TransactItem = {
    Put: {
      TableName: input.table,
      Item: { ...input.versionKey, ...input.attributes },
      // Versions are immutable: never overwrite one.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return { pointer, version };
}
