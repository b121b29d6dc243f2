import type { AuditSigner } from '../../../shared/audit/index.js';
import type { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import type { CalendarMirrorStore } from '../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';
import type { ComplaintSettings } from '../domain/settings.js';
import type { ComplaintStore } from '../store/complaint-store.js';

/** What the complaints use cases need; built once per process by `setup.ts` (fakes in unit tests). */
export interface ComplaintDeps {
  readonly store: ComplaintStore;
  /** Data keys for the sealed free text: the API function only (`usesDataKeys`). */
  readonly cipher: RecordCipher;
  readonly settings: ComplaintSettings;
  /** The calendar years admins loaded, mirrored from WorkingCalendarChanged: deadlines count with them. */
  readonly calendarMirror: CalendarMirrorStore;
  /** Starts the ComplaintHandling execution and answers its waiting steps. */
  readonly workflows: TaskTokenGateway;
  readonly auditSigner: AuditSigner;
  readonly clock: Clock;
}

/** Who is acting, for the audit trail (one type for every capability). */
export type { Actor } from '../../../shared/http/caller.js';
