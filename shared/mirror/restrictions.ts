import { replaces } from './latest.js';

/**
 * Restrictions as a mirror keeps them from CustomerRestricted / CustomerRestrictionLifted: per
 * reason, the latest announcement by its instant `at` (docs/domain-rules.md §18.6, §19.2). A
 * repeated announcement or an older one changes nothing, so a mirror needs no processed-event
 * marker; at the same instant, the one delivered last wins.
 */

/** A restriction reason as last announced (restricted or lifted, and when). */
export interface RestrictionState {
  readonly active: boolean;
  readonly at: string;
}

/** The latest announcement per reason (the customers capability's RESTRICTION_REASONS). */
export type RestrictionStates<R extends string> = Readonly<Partial<Record<R, RestrictionState>>>;

/**
 * The restrictions after an announcement, or undefined when it changes nothing (older than the
 * one kept for the reason, or the same).
 * @example applyRestriction({}, 'compliance-risk', true, '2026-03-02T02:00:00.000Z')
 */
export function applyRestriction<R extends string>(
  restrictions: RestrictionStates<R>,
  reason: R,
  active: boolean,
  at: string,
): RestrictionStates<R> | undefined {
  const next: RestrictionState = { active, at };
  const kept: RestrictionState | undefined = restrictions[reason];
  if (!replaces(kept, next, (a, b) => a.active === b.active)) return undefined;
  return { ...restrictions, [reason]: next };
}

/** Whether any reason restricts processing now. */
export const isRestricted = <R extends string>(restrictions: RestrictionStates<R>): boolean =>
  Object.values<RestrictionState | undefined>(restrictions).some((state) => state?.active === true);
