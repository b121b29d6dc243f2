import type {
  CalendarSaveOutcome,
  CalendarStore,
  CalendarYearSave,
  StoredCalendarYear,
} from '../../../functions/calendars/store/calendar-store.js';
import type { AuditRecord } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';

/**
 * An in-memory CalendarStore with the adapter's semantics: a save succeeds only from the
 * expected version of its year and writes pointer, version, audit record and event together.
 */
export class InMemoryCalendarStore implements CalendarStore {
  readonly pointers = new Map<number, StoredCalendarYear>();
  readonly versions: StoredCalendarYear[] = [];
  readonly audit: AuditRecord[] = [];
  readonly events: CrmEvent[] = [];
  saves = 0;
  /** Makes the next save answer `version-conflict`, as if another admin saved first. */
  loseNextSave = false;

  async current(year: number): Promise<StoredCalendarYear | undefined> {
    return this.pointers.get(year);
  }

  async save(save: CalendarYearSave): Promise<CalendarSaveOutcome> {
    this.saves += 1;
    const year = save.stored.year;
    if (this.loseNextSave || (this.pointers.get(year)?.version ?? 0) !== save.expectedVersion) {
      this.loseNextSave = false;
      return { ok: false, reason: 'version-conflict' };
    }
    this.pointers.set(year, save.stored);
    this.versions.push(save.stored);
    this.audit.push(save.audit);
    this.events.push(save.event);
    return { ok: true, stored: save.stored };
  }

  /** Everything stored, to compare before and after a refused write. */
  snapshot(): string {
    return JSON.stringify({
      pointers: [...this.pointers],
      versions: this.versions,
      audit: this.audit,
      events: this.events,
    });
  }
}

/** 2027 shaped like a real notice (dates illustrative, not the official notice). */
export function year2027() {
  return {
    holidays: [
      { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-06', to: '2027-02-13' },
      { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
    ],
    makeUpWorkingDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
  };
}
