import { customerPk } from './keys.js';

/**
 * Keys of the grading side of the Activity table (see keys.ts for the activity side).
 *
 * | item            | pk                     | sk                                   | index attributes                 |
 * |-----------------|------------------------|--------------------------------------|----------------------------------|
 * | customer facts  | CUSTOMER#<customerId>  | STATE#FACTS                          |                                  |
 * | segments        | CUSTOMER#<customerId>  | STATE#SEGMENTS                       | regradeShard, regradeAt (byRegrade) |
 * | segment history | CUSTOMER#<customerId>  | HISTORY#<at>#<version>#<dimension>   |                                  |
 * | parked event    | CUSTOMER#<customerId>  | AWAITING#<event key>                 | parkShard, parkExpiresAt (byParkExpiry) |
 * | erasure marker  | CUSTOMER#<customerId>  | ERASED                               |                                  |
 * | summary shard   | SEGMENT_SUMMARY        | <branch>#<shard>                     |                                  |
 *
 * Sort keys are chosen so that what grading reads (MONTH#…, STATE#…, SUMMARY) is one key
 * range, `sk >= MONTH#`, and the ever-growing history, the parked events and the erasure
 * marker sort before it. The marker (the customer's id in its key, `erasedAt`, nothing else) is
 * all that stays of an erased customer (docs/domain-rules.md §9.4).
 *
 * The sparse indexes are sharded (a customer always lands on the same shard) so that no
 * single index partition takes every write; readers query each shard.
 */
export const FACTS = 'STATE#FACTS';
export const SEGMENTS = 'STATE#SEGMENTS';
export const HISTORY_PREFIX = 'HISTORY#';
export const PARKED_PREFIX = 'AWAITING#';
export const ERASED = 'ERASED';
/** The first sort key of what grading reads (see the table above). */
export const GRADING_RANGE_START = 'MONTH#';
export const SUMMARY_PK = 'SEGMENT_SUMMARY';

export const REGRADE_INDEX = 'byRegrade';
export const PARK_EXPIRY_INDEX = 'byParkExpiry';
/** Shards of the parked-event index and of each branch's summary counters. */
export const SHARDS = 8;
/**
 * Shards of the regrade index (`byRegrade`). The daily regrade's segments take them (segment i
 * the shards s with s mod segments = i), so this bounds how many workers the pass can use at
 * once, and each shard is one index partition taking that worker's writes: 64 keeps 50 million
 * customers within a night's window (docs/operations.md, "Passes at scale"). Raising it needs
 * no migration: an item written under a smaller count sits in a shard below it, which the
 * readers still query, and moves to its new shard at its next grading. Lowering it would hide
 * the items above the new count until they are graded again: never lower it.
 */
export const REGRADE_SHARDS = 64;

export const factsKey = (customerId: string) => ({ pk: customerPk(customerId), sk: FACTS });
export const segmentsKey = (customerId: string) => ({ pk: customerPk(customerId), sk: SEGMENTS });
export const erasedKey = (customerId: string) => ({ pk: customerPk(customerId), sk: ERASED });
export const parkedKey = (customerId: string, eventKey: string) => ({
  pk: customerPk(customerId),
  sk: `${PARKED_PREFIX}${eventKey}`,
});
export const historyKey = (customerId: string, at: string, version: number, dimension: string) => ({
  pk: customerPk(customerId),
  sk: `${HISTORY_PREFIX}${at}#${String(version).padStart(10, '0')}#${dimension}`,
});
export const summaryKey = (branch: string, shard: number) => ({ pk: SUMMARY_PK, sk: `${branch}#${shard}` });

/** A stable shard in [0, SHARDS) for a customer. */
export function shardOf(customerId: string): number {
  return customerHash(customerId) % SHARDS;
}

/** A customer's stable shard of the regrade index, in [0, REGRADE_SHARDS). */
export function regradeShardOf(customerId: string): number {
  return customerHash(customerId) % REGRADE_SHARDS;
}

/** FNV-1a of the customer id. */
function customerHash(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export const regradeShardKey = (shard: number) => `REGRADE#${shard}`;
export const parkShardKey = (shard: number) => `PARKED#${shard}`;

/** The summary counter attribute of one dimension's value, e.g. `assetTier=high`. */
export const counterAttribute = (dimension: string, value: string) => `${dimension}=${value}`;
