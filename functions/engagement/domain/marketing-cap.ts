import type { EngagementSettings } from './settings.js';

/**
 * The rolling window of the marketing cap (docs/domain-rules.md §18.2): at most `marketingCap`
 * marketing contacts sent per customer in (at − marketingCapDays × 24 h, at]. A send at day 0
 * 10:00 still counts at day 6 23:59 (the seventh day) and no longer at day 7 10:00 (the
 * eighth). Pure window arithmetic on ISO instants; the ledger that holds the sends keeps the cap
 * exact under concurrency (a versioned item, see the contacts store).
 */

type CapSettings = Pick<EngagementSettings, 'marketingCap' | 'marketingCapDays'>;

const HOUR_MS = 3_600_000;

/** The window's length in milliseconds (7 days → 604,800,000). */
export function capWindowMs(settings: CapSettings): number {
  return settings.marketingCapDays * 24 * HOUR_MS;
}

/**
 * The send instants that count at `at`, oldest first, as epoch milliseconds: every send after
 * `at − window`. A send stamped after `at` (clocks of two functions a little apart) counts too:
 * the cap holds for every window, not only the ones ending now.
 */
export function countedSendTimes(sends: readonly string[], at: number, settings: CapSettings): number[] {
  const from = at - capWindowMs(settings);
  return sends
    .map((send) => Date.parse(send))
    .filter((send) => send > from)
    .sort((a, b) => a - b);
}

/**
 * The sends still inside the window at `at` (what the ledger keeps when it appends), oldest first.
 * @example sendsInWindow(['2026-03-01T02:00:00Z', '2026-03-08T01:59:00Z'], '2026-03-08T02:00:00Z', defaults) // ['2026-03-08T01:59:00.000Z']
 */
export function sendsInWindow(sends: readonly string[], at: string, settings: CapSettings): string[] {
  return countedSendTimes(sends, Date.parse(at), settings).map((send) => new Date(send).toISOString());
}

/**
 * When the cap lets one more marketing contact through, if it is full at `at`: the instant
 * enough of the counted sends have left the window (with the cap reached exactly, the oldest
 * counted send + the window). `undefined` when there is room now.
 */
export function capReopensAt(
  sends: readonly string[],
  at: number,
  settings: CapSettings,
): number | undefined {
  const counted = countedSendTimes(sends, at, settings);
  if (counted.length < settings.marketingCap) return undefined;
  const mustLeave = counted[counted.length - settings.marketingCap];
  return mustLeave === undefined ? undefined : mustLeave + capWindowMs(settings);
}
