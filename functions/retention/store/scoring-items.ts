import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import { DELIVERY_CHANNELS } from '../../engagement/events.js';
import { CHURN_SIGNALS, type ChurnFeatures, type ChurnScore, RISK_LEVELS } from '../domain/model.js';
import type { RiskHistoryEntry, StoredFeatures, StoredRisk } from '../service/ports.js';
import {
  FEATURES_ENTITY,
  featuresKey,
  LEVEL_COUNTS_ENTITY,
  levelCountsKey,
  priorityListKey,
  riskAssigneeKey,
  riskBranchKey,
  riskKey,
} from './keys.js';

/**
 * The scoring items of the Retention table both ways (docs/domain-rules.md §20.1, §20.4): the
 * customer's features (the mirror of the events), the current risk (the worklist item), the
 * history entries and the level counts. Every item is read back through its zod schema
 * (`readItem`, never a cast); the API's read-only stores read them with the same functions.
 */

const text = z.string();
const optionalText = z.optional(text);
const count = z.number().check(z.int(), z.nonnegative());

const featuresSchema = z.object({
  customerId: text,
  registeredAt: optionalText,
  relationship: z.enum(['active', 'closed']),
  branch: text,
  rmId: optionalText,
  profileVersion: z.optional(count),
  activity: z.optional(
    z.object({
      lastTransactionDay: z.nullable(text),
      months: z.array(
        z.object({ month: text, transactions: count, aum: z.nullable(z.number()), outflows: z.number() }),
      ),
      currency: text,
      at: text,
    }),
  ),
  complaints: z.object({
    open: z.array(text),
    lastClosedAt: optionalText,
    lastBreachAt: optionalText,
    recentlyClosed: z.optional(z.array(text)),
  }),
  survey: z.optional(z.object({ csat: z.number(), nps: z.optional(z.number()), at: text })),
  holdings: z.object({ lastMaturedAt: optionalText, lastOpenedAt: optionalText }),
  failedChannels: z.array(z.enum(DELIVERY_CHANNELS)),
  contactPointsAt: z.optional(z.partialRecord(z.enum(DELIVERY_CHANNELS), text)),
  lifecycleStage: optionalText,
  lifecycleStageAt: optionalText,
});

const featuresItemSchema = z.object({
  customerId: text,
  features: z.optional(featuresSchema),
  erased: z.boolean(),
  revision: count,
});

/** What is left of an erased customer's features: the id, nothing a score could read. */
export function tombstoneFeatures(customerId: string): ChurnFeatures {
  return {
    customerId,
    relationship: 'closed',
    branch: '',
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
  };
}

/**
 * The FEATURES item (written whole under its revision), listed on byEntity for the daily pass: the
 * features (each fact ordered at its source by the pure reducer, domain/features.ts), the erasure
 * flag and the revision. A tombstone keeps the id and `erased` only.
 */
export function featuresItem(record: Omit<StoredFeatures, 'revision'>): Record<string, unknown> {
  const customerId = record.features.customerId;
  return {
    ...featuresKey(customerId),
    entityType: FEATURES_ENTITY,
    listKey: customerId,
    customerId,
    erased: record.erased,
    // A tombstone keeps nothing but the id and the flag (docs/domain-rules.md §20.1).
    ...(record.erased ? {} : { features: record.features }),
  };
}

export function featuresFromItem(item: unknown): StoredFeatures {
  const stored = readItem(featuresItemSchema, item, 'churn features');
  return {
    features:
      stored.erased || stored.features === undefined ? tombstoneFeatures(stored.customerId) : stored.features,
    erased: stored.erased,
    revision: stored.revision,
  };
}

const contributionSchema = z.object({
  signal: z.enum([...CHURN_SIGNALS, 'baseline']),
  value: z.union([z.literal(0), z.literal(1)]),
  contribution: z.number(),
});

export const churnScoreSchema = z.object({
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  contributions: z.array(contributionSchema),
  reasons: z.array(z.enum(CHURN_SIGNALS)),
  valueAtRisk: z.object({ amount: z.number(), currency: text }),
  priority: z.number(),
  modelVersion: count,
  scoredAt: text,
});

/**
 * The RISK item as stored: the worklist item plus what the rescore keeps for its next write
 * (the revision that guards it, the sort keys of the history entries it keeps, an alert whose
 * case has not been opened yet).
 */
export interface RiskRecord extends StoredRisk {
  readonly revision: number;
  /** The sort keys of the kept history entries, oldest first (trimmed to CHURN_HISTORY_LIMIT). */
  readonly historyKeys: readonly string[];
  /** An alert's time whose case opening has not been confirmed yet (retried by the next rescore). */
  readonly pendingAlertAt?: string | undefined;
  /**
   * The features revision this score was computed from (set by the rescore's write). Absent on
   * an item written before it was kept: such a risk counts as behind its features.
   */
  readonly scoredRevision?: number | undefined;
}

const riskItemSchema = z.object({
  customerId: text,
  branch: text,
  rmId: optionalText,
  score: churnScoreSchema,
  openCaseId: optionalText,
  revision: count,
  historyKeys: z.array(text),
  pendingAlertAt: optionalText,
  scoredRevision: z.optional(count),
});

export const riskFromItem = (item: unknown): RiskRecord => readItem(riskItemSchema, item, 'churn risk');

/**
 * The attributes the rescore sets on the RISK item (an Update, so the case service's
 * `openCaseId` is never overwritten), with the worklist's index keys of its level and priority:
 * byBranch `RISK#<branch>#<level>` and, when the customer has an RM, byAssignee
 * `RISK#<rmId>#<level>`, both sorted by `priorityListKey`.
 */
export function riskAttributes(risk: {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId?: string | undefined;
  readonly score: ChurnScore;
  readonly historyKeys: readonly string[];
}): Record<string, unknown> {
  const { level, priority } = risk.score;
  return {
    customerId: risk.customerId,
    branch: risk.branch,
    rmId: risk.rmId,
    score: risk.score,
    historyKeys: risk.historyKeys,
    branchKey: riskBranchKey(risk.branch, level),
    assigneeKey: risk.rmId === undefined ? undefined : riskAssigneeKey(risk.rmId, level),
    listKey: priorityListKey(priority, risk.customerId),
  };
}

export { riskKey };

const historySchema = z.object({
  at: text,
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  reasons: z.array(z.enum(CHURN_SIGNALS)),
  modelVersion: count,
});

export const historyItem = (key: { pk: string; sk: string }, entry: RiskHistoryEntry) => ({
  ...key,
  ...entry,
});

export const historyFromItem = (item: unknown): RiskHistoryEntry =>
  readItem(historySchema, item, 'churn risk history');

/** The level counts of a branch: how many scored customers are at each level now. */
export type LevelCounts = Readonly<Record<(typeof RISK_LEVELS)[number], number>>;

/** The listing of a branch's LEVELS item on byEntity (the analysts' aggregated worklist). */
export const levelCountsListing = (branch: string) => ({
  key: levelCountsKey(branch),
  listing: { entityType: LEVEL_COUNTS_ENTITY, listKey: branch },
});

const levelCountsSchema = z.object({
  listKey: text,
  low: z.optional(z.number()),
  medium: z.optional(z.number()),
  high: z.optional(z.number()),
});

/** A LEVELS item read back: its branch and counts (a counter never added reads 0). */
export function levelCountsFromItem(item: unknown): { branch: string; counts: LevelCounts } {
  const stored = readItem(levelCountsSchema, item, 'churn level counts');
  return {
    branch: stored.listKey,
    counts: { low: stored.low ?? 0, medium: stored.medium ?? 0, high: stored.high ?? 0 },
  };
}
