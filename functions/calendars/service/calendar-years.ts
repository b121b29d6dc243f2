import { appendAuditRecord, canonicalJson } from '../../../shared/audit/index.js';
import { buildEvent } from '../../../shared/events/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { NotFoundError } from '../../../shared/http/problem.js';
import { parseWith } from '../../../shared/http/validation.js';
import { type CalendarYear, calendarYearSchema } from '../../../shared/time/calendar-year.js';
import { WorkingCalendarChanged } from '../events.js';
import type { StoredCalendarYear } from '../store/calendar-store.js';
import { calendarAuditSubject } from '../store/keys.js';
import type { CalendarActor, CalendarsDeps } from './deps.js';

/**
 * A year as the working calendar sees it: the data an admin loaded (its version and who saved
 * it when), or else the data built into the product (version 0).
 */
export type CalendarYearView = CalendarYear & { readonly year: number } & (
    | { readonly source: 'built-in'; readonly version: 0 }
    | {
        readonly source: 'loaded';
        readonly version: number;
        readonly updatedAt: string;
        readonly updatedBy: string;
      }
  );

/** The calendar's sections an audit record names when they change (never their values). */
const SECTIONS = ['holidays', 'makeUpWorkingDays'] as const;

function loadedView(stored: StoredCalendarYear): CalendarYearView {
  return {
    year: stored.year,
    source: 'loaded',
    version: stored.version,
    holidays: stored.data.holidays,
    makeUpWorkingDays: stored.data.makeUpWorkingDays,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}

function viewOf(
  year: number,
  stored: StoredCalendarYear | undefined,
  builtIn: CalendarYear | undefined,
): CalendarYearView | undefined {
  if (stored !== undefined) return loadedView(stored);
  if (builtIn === undefined) return undefined;
  return {
    year,
    source: 'built-in',
    version: 0,
    holidays: builtIn.holidays,
    makeUpWorkingDays: builtIn.makeUpWorkingDays,
  };
}

/**
 * The same year in one order: holidays by first day, make-up days ascending. What is saved, so
 * that two PUTs listing the same days in another order are the same version.
 */
export function normalisedYear(data: CalendarYear): CalendarYear {
  return {
    holidays: [...data.holidays]
      .map(({ name, from, to }) => ({ name, from, to }))
      .sort((a, b) => a.from.localeCompare(b.from)),
    makeUpWorkingDays: [...data.makeUpWorkingDays].sort(),
  };
}

/**
 * The sections (`holidays`, `makeUpWorkingDays`) whose content differs: the audit record's
 * `fields`. Everything, when the year had no data before.
 * @example changedSections(undefined, year) // ['holidays', 'makeUpWorkingDays']
 */
export function changedSections(before: CalendarYear | undefined, after: CalendarYear): string[] {
  if (before === undefined) return [...SECTIONS];
  const old = normalisedYear(before);
  const next = normalisedYear(after);
  return SECTIONS.filter((section) => canonicalJson(old[section]) !== canonicalJson(next[section]));
}

/**
 * `year` as the working calendar counts it: the loaded version, else the built-in data as
 * version 0, else a 404 `calendar-year-missing` (deadlines over that year are provisional).
 * @example await getCalendarYear(deps, 2026) // { year: 2026, source: 'built-in', version: 0, … }
 */
export async function getCalendarYear(deps: CalendarsDeps, year: number): Promise<CalendarYearView> {
  const view = viewOf(year, await deps.store.current(year), deps.builtIn.get(year));
  if (view === undefined) {
    throw new NotFoundError(
      `The working-day calendar has no data for ${year}, neither built in nor loaded: deadlines counted over it are provisional`,
      { code: 'calendar-year-missing' },
    );
  }
  return view;
}

/**
 * Saves `body` as the next version of `year` if its current version is `expectedVersion` (0:
 * nothing loaded yet, whether or not the year is built in); otherwise 412 `stale-version`,
 * nothing written. The body is checked against `calendarYearSchema(year)` (422, nothing
 * written). The version, its audit record (the sections that changed) and WorkingCalendarChanged
 * are written in one transaction. Data equal to the loaded version writes nothing and answers
 * that version.
 * @example await putCalendarYear(deps, 2027, 0, body, { sub: 'admin-1', role: 'admin' }); // version 1
 */
export async function putCalendarYear(
  deps: CalendarsDeps,
  year: number,
  expected: IfMatchVersion,
  body: unknown,
  actor: CalendarActor,
): Promise<CalendarYearView> {
  const data = normalisedYear(parseWith(calendarYearSchema(year), body, 'body'));
  const current = await deps.store.current(year);
  const currentVersion = current?.version ?? 0;
  if (!versionMatches(expected, currentVersion))
    throw staleVersion(`calendar of ${year}`, expected, currentVersion);
  const expectedVersion = currentVersion;
  const fields = changedSections(current?.data ?? deps.builtIn.get(year), data);
  // A retried PUT of what is already loaded: nothing to save or announce.
  if (current !== undefined && fields.length === 0) return loadedView(current);

  const now = deps.clock.now();
  const at = now.toISOString();
  const version = expectedVersion + 1;
  const audit = appendAuditRecord(current?.audit, {
    subject: calendarAuditSubject(year),
    at,
    actor: actor.sub,
    role: actor.role,
    action: 'calendar.updated',
    fields,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  const stored: StoredCalendarYear = {
    year,
    version,
    data,
    updatedAt: at,
    updatedBy: actor.sub,
    audit: { seq: audit.seq, hash: audit.hash },
  };
  const event = buildEvent(
    WorkingCalendarChanged,
    { year, version, holidays: [...data.holidays], makeUpWorkingDays: [...data.makeUpWorkingDays] },
    now,
  );
  const outcome = await deps.store.save({ expectedVersion, stored, audit, event });
  if (!outcome.ok) {
    const winner = await deps.store.current(year);
    throw staleVersion(`calendar of ${year}`, expected, winner?.version ?? 0);
  }
  return loadedView(outcome.stored);
}
