import type { AuditHead, AuditRecord } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type { CalendarYear } from '../../../shared/time/calendar-year.js';

/** One saved version of one year of the working-day calendar. */
export interface StoredCalendarYear {
  readonly year: number;
  /** 1, 2, …; version 0 (nothing stored) means the built-in data, if the year has any. */
  readonly version: number;
  readonly data: CalendarYear;
  /** ISO 8601 UTC. */
  readonly updatedAt: string;
  /** The admin's subject (`sub`): an opaque id, no personal information. */
  readonly updatedBy: string;
  /** The last link of the year's audit chain (its `seq` equals `version`). */
  readonly audit: AuditHead;
}

/**
 * One save: the new version, the pointer moved to it, its audit record and the event that
 * announces it, all or nothing. `stored.version` is `expectedVersion + 1`.
 */
export interface CalendarYearSave {
  readonly expectedVersion: number;
  readonly stored: StoredCalendarYear;
  readonly audit: AuditRecord;
  readonly event: CrmEvent;
}

export type CalendarSaveOutcome =
  | { readonly ok: true; readonly stored: StoredCalendarYear }
  | { readonly ok: false; readonly reason: 'version-conflict' };

/** Persistence port of the loaded calendar years (versioned, audited, announced). */
export interface CalendarStore {
  /** A year's current version, read strongly consistent; undefined when none was ever saved. */
  current(year: number): Promise<StoredCalendarYear | undefined>;
  /**
   * Saves a new version if the year's current one is still `expectedVersion`; otherwise writes
   * nothing and answers `version-conflict`. Of concurrent saves from one version, one wins.
   */
  save(save: CalendarYearSave): Promise<CalendarSaveOutcome>;
}
