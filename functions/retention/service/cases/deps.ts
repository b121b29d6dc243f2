import type { CalendarMirrorStore } from '../../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../../shared/workflows/task-gateway.js';
import type { RetentionSettings } from '../../domain/settings.js';
import type { Rescorer } from '../ports.js';
import type { CaseStore } from './case-store.js';

/** What the case service needs: ids, codes and instants only, no data keys. */
export interface CaseDeps {
  readonly store: CaseStore;
  readonly workflows: TaskTokenGateway;
  readonly rescorer: Rescorer;
  readonly calendarMirror: CalendarMirrorStore;
  readonly settings: Pick<RetentionSettings, 'windowDays' | 'outreachWorkingDays' | 'causes'>;
  readonly clock: Clock;
}
