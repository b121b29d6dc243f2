import { yearToCheck } from '../domain/check-window.js';
import type { CalendarsDeps } from './deps.js';

/** What the daily check found: the year it asked about (none before the check window) and whether it has data. */
export type NextYearCheck =
  | { readonly checked: false }
  | { readonly checked: true; readonly year: number; readonly missing: boolean };

/**
 * From the configured day (1 December by default) to the end of the year: whether next year
 * has calendar data, built in or loaded. A missing year makes every deadline counted into it
 * provisional (weekends only), so the handler counts it as an SLA breach until an admin loads it.
 * @example await checkNextYear(deps) // { checked: true, year: 2027, missing: true }
 */
export async function checkNextYear(deps: CalendarsDeps): Promise<NextYearCheck> {
  const year = yearToCheck(deps.clock.now(), deps.checkFrom);
  if (year === undefined) return { checked: false };
  const has = deps.builtIn.has(year) || (await deps.store.current(year)) !== undefined;
  return { checked: true, year, missing: !has };
}
