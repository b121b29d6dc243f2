import type {
  Complaint,
  ComplaintDeadline,
  ComplaintStatus,
} from '../../../functions/complaints/domain/model.js';
import type {
  ChangeOutcome,
  ComplaintChange,
  ComplaintStore,
  CustomerMirrorChange,
  MirrorOutcome as CustomerMirrorOutcome,
  ListFilters,
  ListScope,
  MirroredCustomer,
  Page,
  StoredComplaint,
} from '../../../functions/complaints/store/complaint-store.js';
import type { AuditEntry } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type { JobItem } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import type {
  CalendarMirrorStore,
  MirroredYear,
  MirrorOutcome,
} from '../../../shared/time/calendar-mirror.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';

/**
 * A minimal in-memory ComplaintStore for the workflow tasks and the consumer: the parts they
 * use, with the version and audit-head guards of the real one. (The API's tests have a fuller
 * fake; these tests need only the change, the mirror, the lists by status and the shred.)
 */
export class FakeComplaintStore implements ComplaintStore {
  readonly complaints = new Map<string, StoredComplaint>();
  readonly customers = new Map<string, MirroredCustomer>();
  readonly audits: AuditEntry[] = [];
  readonly events: CrmEvent[] = [];
  readonly shredded: string[] = [];
  /** Changes to refuse (version conflict) before accepting, to exercise the re-reads. */
  conflicts = 0;
  /** Run before a change is checked: a concurrent writer. */
  beforeChange: ((complaintId: string) => void) | undefined;

  put(complaint: Complaint, auditSeq = 1): void {
    this.complaints.set(complaint.complaintId, { complaint, auditSeq });
  }

  complaint(complaintId: string): Complaint {
    const stored = this.complaints.get(complaintId);
    if (stored === undefined) throw new Error(`no complaint ${complaintId}`);
    return stored.complaint;
  }

  async customer(customerId: string): Promise<MirroredCustomer | undefined> {
    return this.customers.get(customerId);
  }

  async applyCustomerChange(
    customerId: string,
    change: CustomerMirrorChange,
  ): Promise<CustomerMirrorOutcome> {
    const current = this.customers.get(customerId);
    if (current?.erased) return 'erased';
    if (change.kind === 'erased') {
      this.customers.set(customerId, {
        customerId,
        branch: current?.branch ?? '',
        rmId: current?.rmId ?? '',
        version: current?.version ?? 0,
        erased: true,
      });
      return 'applied';
    }
    const version = change.kind === 'profile' ? change.version : 1;
    if (current !== undefined && current.branch !== change.branch) return 'other-branch';
    if (current !== undefined && current.version >= version) return 'stale';
    this.customers.set(customerId, {
      customerId,
      branch: change.branch,
      rmId: change.rmId,
      version,
      erased: false,
    });
    return 'applied';
  }

  async openComplaintFor(): Promise<string | undefined> {
    throw new Error('not used by the workflow or the consumer');
  }
  async idempotencyRecord(): Promise<undefined> {
    throw new Error('not used by the workflow or the consumer');
  }
  async create(): Promise<never> {
    throw new Error('not used by the workflow or the consumer');
  }

  async get(complaintId: string): Promise<StoredComplaint | undefined> {
    return this.complaints.get(complaintId);
  }

  async sealedText(): Promise<undefined> {
    throw new Error('not used by the workflow or the consumer');
  }

  async change(change: ComplaintChange): Promise<ChangeOutcome> {
    const id = change.complaint.complaintId;
    this.beforeChange?.(id);
    const stored = this.complaints.get(id);
    if (stored === undefined) return { ok: false, reason: 'not-found' };
    if (this.conflicts > 0) {
      this.conflicts -= 1;
      return { ok: false, reason: 'version-conflict' };
    }
    if (stored.complaint.version !== change.expectedVersion) return { ok: false, reason: 'version-conflict' };
    if (stored.auditSeq !== change.expectedAuditSeq) return { ok: false, reason: 'audit-conflict' };
    const complaint = {
      ...change.complaint,
      version: change.expectedVersion + (change.bumpVersion ? 1 : 0),
    };
    this.complaints.set(id, { complaint, auditSeq: stored.auditSeq + (change.audit === undefined ? 0 : 1) });
    if (change.audit !== undefined) this.audits.push(change.audit);
    this.events.push(...change.events);
    return { ok: true, complaint };
  }

  async appendAudit(): Promise<boolean> {
    throw new Error('not used by the workflow or the consumer');
  }
  async addNote(): Promise<boolean> {
    throw new Error('not used by the workflow or the consumer');
  }
  async auditTrail(): Promise<never[]> {
    throw new Error('not used by the workflow or the consumer');
  }

  async list(
    scope: ListScope,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Complaint>> {
    if (scope.kind !== 'all') throw new Error('the consumer lists all complaints');
    const all = [...this.complaints.values()]
      .map((stored) => stored.complaint)
      .filter((complaint) => filters.status === undefined || complaint.status === filters.status);
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = all.slice(start, start + limit);
    return start + limit < all.length ? { items, cursor: String(start + limit) } : { items };
  }

  async receivedBetween(): Promise<Complaint[]> {
    throw new Error('not used by the workflow or the consumer');
  }

  async customerCount(): Promise<never> {
    throw new Error('not used by the workflow or the consumer');
  }
  async dueBefore(): Promise<never> {
    throw new Error('not used by the workflow or the consumer');
  }

  async complaintsOf(customerId: string): Promise<string[]> {
    return [...this.complaints.values()]
      .filter((stored) => stored.complaint.customerId === customerId)
      .map((stored) => stored.complaint.complaintId);
  }

  async shredText(complaintId: string, audit: AuditEntry): Promise<void> {
    const stored = this.complaints.get(complaintId);
    if (stored === undefined) throw new Error('unknown complaint');
    // As the adapter: a complaint already shredded is not audited again.
    if (stored.complaint.textErased) return;
    this.shredded.push(complaintId);
    this.audits.push(audit);
    this.complaints.set(complaintId, {
      complaint: { ...stored.complaint, textErased: true },
      auditSeq: stored.auditSeq + 1,
    });
  }
}

/** The Step Functions gateway, recording what it was asked. */
export class FakeWorkflows implements TaskTokenGateway {
  readonly started: { name: string; input: Readonly<Record<string, string>> }[] = [];
  readonly completed: { token: string; output: Readonly<Record<string, unknown>> }[] = [];
  readonly failed: { token: string; error: string; cause: string }[] = [];

  async start(name: string, input: Readonly<Record<string, string>>): Promise<void> {
    this.started.push({ name, input });
  }
  async completeTask(token: string, output: Readonly<Record<string, unknown>>): Promise<boolean> {
    this.completed.push({ token, output });
    return true;
  }
  async failTask(token: string, error: string, cause: string): Promise<boolean> {
    this.failed.push({ token, error, cause });
    return true;
  }
}

export class FakeCalendarMirror implements CalendarMirrorStore {
  readonly stored = new Map<number, MirroredYear>();
  async put(year: MirroredYear): Promise<MirrorOutcome> {
    const current = this.stored.get(year.year);
    if (current !== undefined && current.version >= year.version) return 'unchanged';
    this.stored.set(year.year, year);
    return 'applied';
  }
  async years(): Promise<readonly MirroredYear[]> {
    return [...this.stored.values()];
  }
}

/** Job items whose dead letters are kept for the test to read. */
export function recordingJobItems(job: string): {
  items: JobItems;
  deadLetters: { item: JobItem; code: string }[];
} {
  const deadLetters: { item: JobItem; code: string }[] = [];
  const items = new JobItems(job, {
    send: async (letter) => {
      if ('job' in letter.event) deadLetters.push({ item: letter.event.item, code: letter.code });
    },
  });
  return { items, deadLetters };
}

export const RECEIVED_AT = '2026-03-02T02:00:00.000Z';

export function deadline(
  kind: ComplaintDeadline['kind'],
  due: string,
  provisional = false,
): ComplaintDeadline {
  return {
    kind,
    due,
    rule: kind,
    explanation: `${kind} due ${due}`,
    inputs: { receivedAt: RECEIVED_AT },
    provisional,
    missingYears: provisional ? [2027] : [],
  };
}

/** A complaint received 2026-03-02 02:00 UTC, in `status`, with the usual deadlines. */
export function complaintIn(status: ComplaintStatus, overrides: Partial<Complaint> = {}): Complaint {
  return {
    complaintId: 'cmp-1',
    version: 3,
    customerId: 'cus-1',
    branch: 'BJ01',
    rmId: 'rm-1',
    queue: 'CU-BJ',
    channel: 'phone',
    category: 'fees',
    priority: 'normal',
    priorityFactors: [],
    status,
    receivedAt: RECEIVED_AT,
    createdAt: RECEIVED_AT,
    createdBy: 'agent-1',
    productIds: [],
    vulnerableCustomer: false,
    newFacts: false,
    representativeCount: 0,
    repeats: [],
    clock: { receivedAt: RECEIVED_AT, pauses: [], approvedExtensions: [] },
    deadlines: [
      deadline('acknowledge', '2026-03-03T02:00:00.000Z'),
      deadline('initial-handling', '2026-03-05T15:59:59.999Z'),
      deadline('decision', '2026-03-17T15:59:59.999Z'),
      deadline('decision-cap', '2026-05-01T15:59:59.999Z'),
    ],
    nextDueAt: '2026-03-03T02:00:00.000Z',
    breaches: [],
    extensions: [],
    textErased: false,
    ...overrides,
  };
}

export function fakeDeps(now = '2026-03-02T03:00:00.000Z') {
  return {
    store: new FakeComplaintStore(),
    workflows: new FakeWorkflows(),
    clock: new ControlledClock(new Date(now)),
    calendarMirror: new FakeCalendarMirror(),
  };
}
