import type { CalendarMirrorStore } from '../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { EngagementSettings } from '../domain/settings.js';
import type { CustomerKeys } from '../store/customer-keys.js';
import type { KpiStore } from '../store/kpi-store.js';
import type { TaskStore } from '../store/task-store.js';
import type { CustomerFactsReader } from './ports.js';

/** What the tasks area's use cases need; built by `tasks-area.ts` (fakes in unit tests). */
export interface TaskDeps {
  readonly store: TaskStore;
  readonly kpis: KpiStore;
  /** The customers' branch and RM (the contacts area's mirror). */
  readonly facts: CustomerFactsReader;
  /** Each customer's engagement data key: visit notes are sealed with it (the API only). */
  readonly keys: CustomerKeys;
  readonly settings: EngagementSettings;
  readonly clock: Clock;
  /** The calendar years admins loaded: due dates count with them. */
  readonly calendarMirror: CalendarMirrorStore;
}
