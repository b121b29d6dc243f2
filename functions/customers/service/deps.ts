import type { AuditSigner } from '../../../shared/audit/index.js';
import type { RecordCipher } from '../../../shared/crypto/index.js';
import type { BlindIndexKeySource } from '../../../shared/crypto/types.js';
import type { MaskingRules } from '../../../shared/masking/index.js';
import type { CalendarMirrorStore } from '../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { CustomerPolicies } from '../domain/policies.js';
import type { CustomerStore } from '../store/customer-store.js';
import type { ReviewStore } from '../store/review-store.js';
import type { SearchLedger } from '../store/search-ledger.js';
import type { WorkflowGateway } from './workflow-gateway.js';

/** What the customers use cases need; built once per process by the handler modules. */
export interface CustomerDeps {
  readonly store: CustomerStore;
  readonly reviews: ReviewStore;
  /** Per-caller search counts, lockouts and search audit chains (docs/domain-rules.md §4.6). */
  readonly searchLedger: SearchLedger;
  readonly cipher: RecordCipher;
  readonly blindIndexKey: BlindIndexKeySource;
  readonly policies: CustomerPolicies;
  /** Checks the MACs of audit records when a trail is read (the stores sign what they append). */
  readonly auditSigner: AuditSigner;
  /** The deployment's masking rules: masked forms are computed with them when a value is written. */
  readonly masking: MaskingRules;
  readonly workflows: WorkflowGateway;
  /** The calendar years admins loaded, mirrored from WorkingCalendarChanged: review deadlines count with them. */
  readonly calendarMirror: CalendarMirrorStore;
  /** The one time source of every use case (the local cloud and tests move it). */
  readonly clock: Clock;
}

/** Who is acting, for the audit trail (one type for every capability). */
export type { Actor } from '../../../shared/http/caller.js';
