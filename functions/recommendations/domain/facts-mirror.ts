import { applyAssignment } from '../../../shared/mirror/assignment.js';
import { replaces } from '../../../shared/mirror/latest.js';
import {
  applyRestriction,
  isRestricted,
  type RestrictionStates,
} from '../../../shared/mirror/restrictions.js';
import type { CUSTOMER_TYPES, RESTRICTION_REASONS } from '../../customers/events.js';
import type { ProductCategory } from '../../products/events.js';
import type {
  CategoryAnswer,
  CustomerView,
  HoldingFact,
  MirroredSegments,
  SuitabilityFacts,
} from '../service/ports.js';

/**
 * The customer facts mirror of the recommendations capability (docs/domain-rules.md §19.2): the
 * C1 facts suitability and ranking decide on, kept from the customers, activity and core-banking
 * events. Each fact is ordered by what orders it at its source (the record `version` for the
 * type, scope, relationship and suitability facts; the instant `at` per restriction reason, per
 * segment dimension and per held product), so a repeated or late event changes nothing and no
 * processed-event marker is needed. After an erasure the item is a tombstone: every fact is
 * cleared and nothing applies any more.
 */

type RestrictionReason = (typeof RESTRICTION_REASONS)[number];

/** How many holdings are kept per customer: the latest by instant (ranking looks at recent ones). */
export const MAX_HOLDINGS = 50;

/** The segment dimensions the mirror keeps (its subscription filters these). */
export const MIRRORED_DIMENSIONS = ['compositeGrade', 'creditGrade', 'assetTier', 'lifecycleStage'] as const;
export type MirroredDimension = (typeof MIRRORED_DIMENSIONS)[number];

/** A segment value as last graded. */
export interface SegmentFact {
  readonly value: string;
  readonly at: string;
}

/** The FACTS item as stored. */
export interface MirrorRecord {
  readonly customerId: string;
  /** Set by the registration only: until it arrived the customer is unknown to the API. */
  readonly customerType?: (typeof CUSTOMER_TYPES)[number] | undefined;
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
  readonly relationship: 'active' | 'closed';
  /** Record version applied (1 after the registration, 0 before any). */
  readonly profileVersion: number;
  readonly suitability?: SuitabilityFacts | undefined;
  readonly restrictions: RestrictionStates<RestrictionReason>;
  readonly segments: Readonly<Partial<Record<MirroredDimension, SegmentFact>>>;
  /** Latest first, one per product, at most {@link MAX_HOLDINGS}. */
  readonly holdings: readonly HoldingFact[];
  readonly erased: boolean;
  readonly erasedAt?: string | undefined;
  /** Bumped by every write to the facts or the answers: the guard of the next write. */
  readonly revision: number;
}

/** One event's change to the mirror. */
export type MirrorChange =
  | {
      readonly kind: 'registered';
      readonly customerType: (typeof CUSTOMER_TYPES)[number];
      readonly branch: string;
      readonly rmId: string;
      readonly suitability?: SuitabilityFacts | undefined;
    }
  | {
      readonly kind: 'profile';
      readonly version: number;
      readonly branch: string;
      readonly rmId: string;
      readonly relationship: 'active' | 'closed';
      readonly suitability?: SuitabilityFacts | undefined;
    }
  | {
      readonly kind: 'restriction';
      readonly reason: RestrictionReason;
      readonly active: boolean;
      readonly at: string;
    }
  | {
      readonly kind: 'segment';
      readonly dimension: MirroredDimension;
      readonly value: string;
      readonly at: string;
    }
  | { readonly kind: 'holding'; readonly holding: HoldingFact }
  | { readonly kind: 'erased'; readonly at: string };

/** The mirror of a customer no event has told anything yet. */
export function emptyMirror(customerId: string): MirrorRecord {
  return {
    customerId,
    relationship: 'active',
    profileVersion: 0,
    restrictions: {},
    segments: {},
    holdings: [],
    erased: false,
    revision: 0,
  };
}

/** Latest first; at the same instant by product id, so the order does not depend on delivery. */
const byLatest = (a: HoldingFact, b: HoldingFact) =>
  b.at.localeCompare(a.at) || a.productId.localeCompare(b.productId);

/** The holdings after one change, or undefined when it changes nothing. */
function applyHolding(
  holdings: readonly HoldingFact[],
  next: HoldingFact,
): readonly HoldingFact[] | undefined {
  const before = holdings.find((holding) => holding.productId === next.productId);
  if (!replaces(before, next, (a, b) => a.action === b.action && a.riskLevel === b.riskLevel))
    return undefined;
  const kept = [...holdings.filter((holding) => holding.productId !== next.productId), next]
    .sort(byLatest)
    .slice(0, MAX_HOLDINGS);
  // Older than every one of the latest MAX_HOLDINGS other products: not kept, nothing changes.
  return kept.includes(next) ? kept : undefined;
}

/**
 * The mirror after `change`, or undefined when it changes nothing (an older or repeated event,
 * anything after the erasure).
 * @example applyMirrorChange(undefined, 'cus_1', { kind: 'registered', customerType: 'individual', branch: 'BJ01', rmId: 'rm-7' })
 */
export function applyMirrorChange(
  stored: MirrorRecord | undefined,
  customerId: string,
  change: MirrorChange,
): MirrorRecord | undefined {
  const facts = stored ?? emptyMirror(customerId);
  if (facts.erased) return undefined;
  switch (change.kind) {
    case 'registered':
      if (facts.customerType !== undefined) return undefined;
      // A profile change delivered first (version ≥ 2) already holds later scope and suitability.
      if (facts.profileVersion >= 1) return { ...facts, customerType: change.customerType };
      return {
        ...facts,
        customerType: change.customerType,
        branch: change.branch,
        rmId: change.rmId,
        suitability: change.suitability,
        profileVersion: 1,
      };
    case 'profile': {
      const assigned = applyAssignment(facts, change);
      // An event from before suitability facts existed says nothing about them: keep what is known.
      return assigned === undefined
        ? undefined
        : { ...assigned, suitability: change.suitability ?? facts.suitability };
    }
    case 'restriction': {
      const restrictions = applyRestriction(facts.restrictions, change.reason, change.active, change.at);
      return restrictions === undefined ? undefined : { ...facts, restrictions };
    }
    case 'segment': {
      const next: SegmentFact = { value: change.value, at: change.at };
      if (!replaces(facts.segments[change.dimension], next, (a, b) => a.value === b.value)) return undefined;
      return { ...facts, segments: { ...facts.segments, [change.dimension]: next } };
    }
    case 'holding': {
      const holdings = applyHolding(facts.holdings, change.holding);
      return holdings === undefined ? undefined : { ...facts, holdings };
    }
    case 'erased':
      // The tombstone: the scope stays (C1, for the recorded recommendations' history); every
      // fact suitability or ranking reads is cleared, and nothing applies after it.
      return {
        ...emptyMirror(customerId),
        customerType: facts.customerType,
        branch: facts.branch,
        rmId: facts.rmId,
        relationship: facts.relationship,
        profileVersion: facts.profileVersion,
        erased: true,
        erasedAt: change.at,
        revision: facts.revision,
      };
  }
}

const segmentsOf = (record: MirrorRecord): MirroredSegments =>
  Object.fromEntries(
    MIRRORED_DIMENSIONS.flatMap((dimension) => {
      const fact = record.segments[dimension];
      return fact === undefined ? [] : [[dimension, fact.value]];
    }),
  );

/**
 * What the API sees of the customer, or undefined while the registration has not arrived (an
 * event about a customer may come first; its facts are kept meanwhile). An erased customer is
 * seen with `erased: true` and no facts or answers.
 */
export function customerViewOf(
  record: MirrorRecord | undefined,
  answers: Readonly<Partial<Record<ProductCategory, CategoryAnswer>>>,
): CustomerView | undefined {
  if (record === undefined || record.customerType === undefined) return undefined;
  if (record.branch === undefined || record.rmId === undefined) return undefined;
  return {
    customerId: record.customerId,
    customerType: record.customerType,
    branch: record.branch,
    rmId: record.rmId,
    relationship: record.relationship,
    suitability: record.suitability,
    restricted: isRestricted(record.restrictions),
    erased: record.erased,
    segments: segmentsOf(record),
    holdings: record.holdings,
    answers: record.erased ? {} : answers,
    revision: record.revision,
  };
}
