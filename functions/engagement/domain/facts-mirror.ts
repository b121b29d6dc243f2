import { applyAssignment } from '../../../shared/mirror/assignment.js';
import { applyRestriction, type RestrictionStates } from '../../../shared/mirror/restrictions.js';
import { CONTACT_CHANNELS, RESTRICTION_REASONS } from '../../customers/events.js';
import type {
  ConsentChannel,
  ConsentPurpose,
  CustomerFacts,
  MirroredConsent,
  RestrictionReason,
} from './model.js';

/**
 * The facts mirror (docs/domain-rules.md §18.6): what engagement knows of a customer, kept from
 * the customers and activity capabilities' events. Each fact is ordered by what orders it at its
 * source (the record version, or the instant of the change), so a redelivered or late event
 * changes nothing: applying the same event twice is a no-op, and no processed-event marker is
 * needed. C1 facts only.
 */

/** A channel's contact point as the last delivery result on it said. */
export interface ChannelResult {
  readonly failed: boolean;
  readonly at: string;
}

/**
 * The mirror as stored. The branch and RM arrive with the registration or a profile change; a
 * consent or a restriction may be delivered first, so they are optional here, and a customer
 * without them is unknown to the contact policy.
 */
export interface FactsRecord {
  readonly customerId: string;
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
  readonly relationship: 'active' | 'closed';
  /** CustomerProfileChanged version applied (1 after the registration, 0 before). */
  readonly profileVersion: number;
  /** ContactPreferencesChanged version applied (0: none yet). */
  readonly preferencesVersion: number;
  readonly consents: Readonly<Partial<Record<ConsentPurpose, MirroredConsent>>>;
  readonly restrictions: RestrictionStates<RestrictionReason>;
  readonly preferredChannel?: ConsentChannel | undefined;
  readonly timeZone?: string | undefined;
  readonly compositeGrade?: string | undefined;
  readonly gradeAt?: string | undefined;
  readonly channelResults: Readonly<Partial<Record<ConsentChannel, ChannelResult>>>;
  readonly erased: boolean;
  readonly erasedAt?: string | undefined;
  /** Bumped by every write: the guard of the next one. */
  readonly revision: number;
}

/** One event's change to the mirror. */
export type FactsChange =
  | { readonly kind: 'registered'; readonly branch: string; readonly rmId: string }
  | {
      readonly kind: 'profile';
      readonly version: number;
      readonly branch: string;
      readonly rmId: string;
      readonly relationship: 'active' | 'closed';
    }
  | {
      readonly kind: 'consent';
      readonly purpose: ConsentPurpose;
      readonly granted: boolean;
      readonly channels?: readonly ConsentChannel[] | undefined;
      readonly at: string;
    }
  | {
      readonly kind: 'restriction';
      readonly reason: RestrictionReason;
      readonly active: boolean;
      readonly at: string;
    }
  | {
      readonly kind: 'preferences';
      readonly version: number;
      readonly preferredChannel?: ConsentChannel | undefined;
      readonly timeZone?: string | undefined;
    }
  | { readonly kind: 'grade'; readonly grade: string; readonly at: string }
  | {
      readonly kind: 'channel-result';
      readonly channel: ConsentChannel;
      readonly failed: boolean;
      readonly at: string;
    }
  | { readonly kind: 'erased'; readonly at: string };

/** The mirror of a customer no event has told anything yet. */
export function emptyFacts(customerId: string): FactsRecord {
  return {
    customerId,
    relationship: 'active',
    profileVersion: 0,
    preferencesVersion: 0,
    consents: {},
    restrictions: {},
    channelResults: {},
    erased: false,
    revision: 0,
  };
}

/**
 * The consent a ConsentChanged leaves: the channels it lists (an older producer sends none: a
 * grant is then every channel, a withdrawal none); granted while any channel is.
 */
export function mirroredConsent(change: Extract<FactsChange, { kind: 'consent' }>): MirroredConsent {
  const channels = change.channels ?? (change.granted ? CONTACT_CHANNELS : []);
  const unique = CONTACT_CHANNELS.filter((channel) => channels.includes(channel));
  return { granted: unique.length > 0, channels: unique, at: change.at };
}

/** The channels two consents of the same instant both allow. */
function narrowerConsent(a: MirroredConsent, b: MirroredConsent): MirroredConsent {
  const channels = a.channels.filter((channel) => b.channels.includes(channel));
  return { granted: channels.length > 0, channels, at: a.at };
}

const sameChannels = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((channel) => b.includes(channel));

/**
 * The mirror after `change`, or undefined when it changes nothing (an older or repeated event,
 * anything after the erasure but the erasure itself).
 * @example applyFactsChange(undefined, 'cus_1', { kind: 'registered', branch: 'BJ01', rmId: 'rm-7' })
 */
export function applyFactsChange(
  stored: FactsRecord | undefined,
  customerId: string,
  change: FactsChange,
): FactsRecord | undefined {
  const facts = stored ?? emptyFacts(customerId);
  if (facts.erased) return undefined;
  switch (change.kind) {
    case 'registered':
      // Version 1: a profile change delivered first already holds a later assignment.
      if (facts.profileVersion >= 1) return undefined;
      return { ...facts, branch: change.branch, rmId: change.rmId, profileVersion: 1 };
    case 'profile':
      return applyAssignment(facts, change);
    case 'consent': {
      const before = facts.consents[change.purpose];
      const announced = mirroredConsent(change);
      if (before !== undefined && before.at > announced.at) return undefined;
      // Two changes of the same instant (a grant and a withdrawal a millisecond apart on one
      // clock, or the same on two): the order they are delivered in must not decide. The
      // narrower wins, the channels both allow, so a withdrawal is never undone by a grant
      // delivered after it (a withdrawal takes effect at once, §7, §18.2).
      const after =
        before !== undefined && before.at === announced.at ? narrowerConsent(before, announced) : announced;
      if (
        before !== undefined &&
        before.at === after.at &&
        before.granted === after.granted &&
        sameChannels(before.channels, after.channels)
      ) {
        return undefined;
      }
      return { ...facts, consents: { ...facts.consents, [change.purpose]: after } };
    }
    case 'restriction': {
      const restrictions = applyRestriction(facts.restrictions, change.reason, change.active, change.at);
      return restrictions === undefined ? undefined : { ...facts, restrictions };
    }
    case 'preferences':
      if (change.version <= facts.preferencesVersion) return undefined;
      return {
        ...facts,
        preferredChannel: change.preferredChannel,
        timeZone: change.timeZone,
        preferencesVersion: change.version,
      };
    case 'grade':
      if (facts.gradeAt !== undefined && facts.gradeAt > change.at) return undefined;
      if (facts.gradeAt === change.at && facts.compositeGrade === change.grade) return undefined;
      return { ...facts, compositeGrade: change.grade, gradeAt: change.at };
    case 'channel-result': {
      const before = facts.channelResults[change.channel];
      if (
        before !== undefined &&
        (before.at > change.at || (before.at === change.at && before.failed === change.failed))
      ) {
        return undefined;
      }
      // A working channel with no failure on record needs no entry.
      if (before === undefined && !change.failed) return undefined;
      return {
        ...facts,
        channelResults: {
          ...facts.channelResults,
          [change.channel]: { failed: change.failed, at: change.at },
        },
      };
    }
    case 'erased':
      // Consents are cleared (nothing may be sent any more); scope facts stay for the history.
      return { ...facts, erased: true, erasedAt: change.at, consents: {}, preferredChannel: undefined };
  }
}

/**
 * The facts the contact policy decides on, or undefined while the customer is unknown (no
 * registration or profile change seen yet).
 */
export function customerFactsOf(record: FactsRecord | undefined): CustomerFacts | undefined {
  if (record === undefined || record.branch === undefined || record.rmId === undefined) return undefined;
  const restrictions = RESTRICTION_REASONS.filter((reason) => record.restrictions[reason]?.active === true);
  const failedAt = (channel: ConsentChannel) => record.channelResults[channel]?.at ?? '';
  const failedChannels = CONTACT_CHANNELS.filter(
    (channel) => record.channelResults[channel]?.failed === true,
  ).sort((a, b) => failedAt(b).localeCompare(failedAt(a)));
  return {
    customerId: record.customerId,
    branch: record.branch,
    rmId: record.rmId,
    version: Math.max(record.profileVersion, record.preferencesVersion),
    consents: record.consents,
    restrictions,
    ...(record.preferredChannel === undefined ? {} : { preferredChannel: record.preferredChannel }),
    ...(record.timeZone === undefined ? {} : { timeZone: record.timeZone }),
    ...(record.compositeGrade === undefined ? {} : { compositeGrade: record.compositeGrade }),
    failedChannels,
    relationship: record.relationship,
    erased: record.erased,
  };
}

/**
 * Whether a marketing consent change takes a channel away (a withdrawal, whole or of one
 * channel): the deferred marketing contacts it no longer allows are refused, and it counts as an
 * opt-out.
 */
export function isWithdrawal(before: MirroredConsent | undefined, after: MirroredConsent): boolean {
  if (before === undefined) return !after.granted;
  return before.channels.some((channel) => !after.channels.includes(channel));
}
