import type { CustomerPolicies } from './policies.js';

/** The blind index a search went through, named as the audit names the field. */
export type SearchIndex = 'idNumber' | 'mobile';

/** How long a window's count is kept after the window ends (TTL), for the investigation of a lockout. */
const WINDOW_KEPT_SECONDS = 24 * 3600;

/**
 * The fixed window `now` falls in: windows of `searchWindowMinutes` counted from the epoch, so
 * every function instance agrees on them without talking to each other.
 * @example searchWindow(new Date('2026-03-01T10:07:00Z'), { searchWindowMinutes: 5 }) // start 10:05
 */
export function searchWindow(
  now: Date,
  policies: Pick<CustomerPolicies, 'searchWindowMinutes'>,
): { readonly start: number; readonly expiresAt: number } {
  const length = policies.searchWindowMinutes * 60;
  const start = Math.floor(now.getTime() / 1000 / length) * length;
  return { start, expiresAt: start + length + WINDOW_KEPT_SECONDS };
}

/** When a lockout that starts at `now` ends. */
export function lockoutEnd(now: Date, policies: Pick<CustomerPolicies, 'searchLockoutMinutes'>): Date {
  return new Date(now.getTime() + policies.searchLockoutMinutes * 60_000);
}

/** Whole seconds until `until` (at least 1): the Retry-After of a refused search. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * The fields a search's audit record names: the index searched and how many customers it
 * answered with (`results.count-2`); never the value searched for.
 */
export function searchAuditFields(index: SearchIndex, results: number): string[] {
  return [index, `results.count-${results}`];
}
