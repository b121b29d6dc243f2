import { randomBytes } from 'node:crypto';
import type {
  Complaint,
  ComplaintDeadline,
  ComplaintStatus,
} from '../../../functions/complaints/domain/model.js';
import type { ChangeOutcome, ComplaintChange } from '../../../functions/complaints/store/complaint-store.js';
import { type AuditEntry, LocalAuditSigner, type StoredAuditRecord } from '../../../shared/audit/index.js';
import type { JobItem } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import type {
  CalendarMirrorStore,
  MirroredYear,
  MirrorOutcome,
} from '../../../shared/time/calendar-mirror.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { InMemoryComplaintStore, RecordingTaskGateway } from '../../support/complaints-fakes.js';

/**
 * The complaints fake store (test/support/complaints-fakes.ts) with what these tests need on top:
 * seeding a complaint as it stands, reading it back, the audit records written, the shreds, and
 * concurrent writers (a refused change, or a change by someone else just before ours).
 */
export class FakeComplaintStore extends InMemoryComplaintStore {
  readonly shredded: string[] = [];
  /** Changes to refuse (version conflict) before accepting, to exercise the re-reads. */
  conflicts = 0;
  /** Run before a change is checked: a concurrent writer. */
  beforeChange: ((complaintId: string) => void) | undefined;

  constructor() {
    super(new LocalAuditSigner(randomBytes(32)));
  }

  /** Stores `complaint` as it is, keeping its audit chain so far. */
  put(complaint: Complaint): void {
    const trail = this.rows.get(complaint.complaintId)?.trail ?? [];
    this.rows.set(complaint.complaintId, { complaint, trail });
  }

  complaint(complaintId: string): Complaint {
    const row = this.rows.get(complaintId);
    if (row === undefined) throw new Error(`no complaint ${complaintId}`);
    return row.complaint;
  }

  /** Every audit record written, complaint by complaint. */
  get audits(): StoredAuditRecord[] {
    return [...this.rows.values()].flatMap((row) => row.trail);
  }

  override async change(change: ComplaintChange): Promise<ChangeOutcome> {
    this.beforeChange?.(change.complaint.complaintId);
    if (this.conflicts > 0 && this.rows.has(change.complaint.complaintId)) {
      this.conflicts -= 1;
      return { ok: false, reason: 'version-conflict' };
    }
    return super.change(change);
  }

  override async shredText(complaintId: string, audit: AuditEntry): Promise<void> {
    // As the adapter: a complaint already shredded is not shredded or audited again.
    if (this.rows.get(complaintId)?.complaint.textErased === true) return;
    this.shredded.push(complaintId);
    await super.shredText(complaintId, audit);
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
    workflows: new RecordingTaskGateway(),
    clock: new ControlledClock(new Date(now)),
    calendarMirror: new FakeCalendarMirror(),
  };
}
