import { randomBytes } from 'node:crypto';
import { complaintApi } from '../../functions/complaints/api/route-handlers.js';
import type {
  Complaint,
  ComplaintCategory,
  SealedComplaintText,
} from '../../functions/complaints/domain/model.js';
import type { ComplaintSettings } from '../../functions/complaints/domain/settings.js';
import { complaintsPolicy } from '../../functions/complaints/policy.js';
import type { ComplaintDeps } from '../../functions/complaints/service/deps.js';
import type {
  ChangeOutcome,
  ComplaintChange,
  ComplaintNote,
  ComplaintStore,
  CreateOutcome,
  CustomerMirrorChange,
  IdempotencyRecord,
  ListFilters,
  ListScope,
  MirroredCustomer,
  MirrorOutcome,
  NewComplaint,
  Page,
  StoredComplaint,
} from '../../functions/complaints/store/complaint-store.js';
import {
  type AuditEntry,
  appendAuditRecord,
  LocalAuditSigner,
  type StoredAuditRecord,
  signAuditRecord,
} from '../../shared/audit/index.js';
import { LocalKeyProvider, RecordCipher } from '../../shared/crypto/index.js';
import type { CrmEvent } from '../../shared/events/index.js';
import { createHttpApi } from '../../shared/http/index.js';
import type { CalendarMirrorStore, MirroredYear } from '../../shared/time/calendar-mirror.js';
import { ControlledClock } from '../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../shared/workflows/task-gateway.js';
import { type RouteCall, routeCaller } from './route-caller.js';

/**
 * In-memory stand-ins for the complaints capability's ports, for unit tests of the use cases and
 * the API: a ComplaintStore with the adapter's semantics (version and audit-chain guards, the
 * open-complaint marker, idempotency records), a gateway that records what the workflow was told,
 * and a local key provider, as the customers unit tests use.
 */

/** The settings' documented defaults (docs/domain-rules.md, complaints: settings). */
export const DEFAULT_TEST_SETTINGS: ComplaintSettings = {
  acknowledgeHours: 24,
  initialHandlingWorkingDays: 3,
  decisionDays: 15,
  firstExtensionDays: 15,
  secondExtensionDays: 30,
  maxDecisionDays: 60,
  reviewRequestDays: 30,
  reviewDecisionDays: 30,
  rollRestDays: true,
  backfillDays: 30,
  priorityAmounts: new Map([['*', 5_000_000]]),
  compensationApprovalAmounts: new Map([['*', 100_000]]),
  complaintsUnits: new Map(),
  rootCauses: [
    'product-design',
    'disclosure',
    'mis-selling',
    'staff-conduct',
    'process-failure',
    'system-failure',
    'fees-pricing',
    'third-party',
    'customer-misunderstanding',
    'other',
  ],
};

interface Row {
  complaint: Complaint;
  trail: StoredAuditRecord[];
}

const listKey = (complaint: Complaint) => `${complaint.receivedAt}#${complaint.complaintId}`;
const markerKey = (customerId: string, category: ComplaintCategory) => `${customerId}#${category}`;

export class InMemoryComplaintStore implements ComplaintStore {
  readonly customers = new Map<string, MirroredCustomer>();
  readonly rows = new Map<string, Row>();
  readonly texts = new Map<string, { sealed: SealedComplaintText; encryptedDataKey: string }>();
  readonly noteItems = new Map<string, ComplaintNote[]>();
  readonly markers = new Map<string, string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Every event written, in order (the outbox). */
  readonly events: CrmEvent[] = [];
  /** Successful writes: a refused request must leave it unchanged. */
  writes = 0;

  constructor(private readonly signer: LocalAuditSigner) {}

  addCustomer(customer: Omit<MirroredCustomer, 'version' | 'erased'> & Partial<MirroredCustomer>): void {
    this.customers.set(customer.customerId, { version: 1, erased: false, ...customer });
  }

  /** A snapshot of everything stored, to compare before and after a refused request. */
  snapshot(): string {
    return JSON.stringify({
      rows: [...this.rows.entries()],
      texts: [...this.texts.entries()],
      notes: [...this.noteItems.entries()],
      markers: [...this.markers.entries()],
      idempotency: [...this.idempotency.entries()],
      events: this.events.length,
      writes: this.writes,
    });
  }

  async customer(customerId: string): Promise<MirroredCustomer | undefined> {
    return this.customers.get(customerId);
  }

  async applyCustomerChange(customerId: string, change: CustomerMirrorChange): Promise<MirrorOutcome> {
    const current = this.customers.get(customerId);
    if (change.kind === 'erased') {
      if (current !== undefined) this.customers.set(customerId, { ...current, erased: true });
      return 'erased';
    }
    if (change.kind === 'registered') {
      this.customers.set(customerId, {
        customerId,
        branch: change.branch,
        rmId: change.rmId,
        version: 1,
        erased: false,
      });
      return 'applied';
    }
    if (current !== undefined && change.version <= current.version) return 'stale';
    if (current !== undefined && current.branch !== change.branch) return 'other-branch';
    this.customers.set(customerId, {
      customerId,
      branch: change.branch,
      rmId: change.rmId,
      version: change.version,
      erased: false,
    });
    return 'applied';
  }

  async openComplaintFor(customerId: string, category: ComplaintCategory): Promise<string | undefined> {
    return this.markers.get(markerKey(customerId, category));
  }

  async idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.idempotency.get(`${sub}#${key}`);
  }

  async create(entry: NewComplaint): Promise<CreateOutcome> {
    const { complaint } = entry;
    const marker = markerKey(complaint.customerId, complaint.category);
    const idempotencyKey =
      entry.idempotency === undefined ? undefined : `${entry.idempotency.sub}#${entry.idempotency.key}`;
    if (idempotencyKey !== undefined && this.idempotency.has(idempotencyKey)) {
      return { ok: false, reason: 'duplicate-request' };
    }
    // A non-repeat takes the open-complaint marker (attribute_not_exists); one with new facts
    // leaves it with the older open complaint when it is taken, as the adapter does.
    const markerTaken = this.markers.has(marker);
    if (complaint.repeatOf === undefined && markerTaken && !complaint.newFacts) {
      return { ok: false, reason: 'open-exists' };
    }
    const takesMarker = complaint.repeatOf === undefined && !markerTaken;
    const link = entry.linkTo;
    const linked = link === undefined ? undefined : this.rows.get(link.complaint.complaintId);
    if (link !== undefined && (linked === undefined || linked.complaint.version !== link.expectedVersion)) {
      return { ok: false, reason: 'link-conflict' };
    }
    this.rows.set(complaint.complaintId, { complaint, trail: [await this.sign(undefined, entry.audit)] });
    this.texts.set(complaint.complaintId, { sealed: entry.sealed, encryptedDataKey: entry.encryptedDataKey });
    if (takesMarker) this.markers.set(marker, complaint.complaintId);
    if (idempotencyKey !== undefined && entry.idempotency !== undefined) {
      this.idempotency.set(idempotencyKey, {
        complaintId: complaint.complaintId,
        fingerprint: entry.idempotency.fingerprint,
      });
    }
    if (link !== undefined && linked !== undefined) {
      linked.trail.push(await this.sign(linked.trail.at(-1), link.audit));
      linked.complaint = { ...link.complaint, version: link.expectedVersion + 1 };
    }
    this.events.push(...entry.events);
    this.writes += 1;
    return { ok: true };
  }

  async get(complaintId: string): Promise<StoredComplaint | undefined> {
    const row = this.rows.get(complaintId);
    return row === undefined ? undefined : { complaint: row.complaint, auditSeq: row.trail.length };
  }

  async sealedText(complaintId: string): Promise<
    | {
        readonly sealed: SealedComplaintText;
        readonly encryptedDataKey: string;
        readonly notes: readonly ComplaintNote[];
      }
    | undefined
  > {
    const text = this.texts.get(complaintId);
    return text === undefined ? undefined : { ...text, notes: [...(this.noteItems.get(complaintId) ?? [])] };
  }

  async change(change: ComplaintChange): Promise<ChangeOutcome> {
    const row = this.rows.get(change.complaint.complaintId);
    if (row === undefined) return { ok: false, reason: 'not-found' };
    if (row.complaint.version !== change.expectedVersion) return { ok: false, reason: 'version-conflict' };
    if (row.trail.length !== change.expectedAuditSeq) return { ok: false, reason: 'audit-conflict' };
    if (change.audit !== undefined) row.trail.push(await this.sign(row.trail.at(-1), change.audit));
    row.complaint = {
      ...change.complaint,
      version: change.bumpVersion ? change.expectedVersion + 1 : change.expectedVersion,
    };
    if (change.releaseOpenMarker === true) {
      const marker = markerKey(row.complaint.customerId, row.complaint.category);
      if (this.markers.get(marker) === row.complaint.complaintId) this.markers.delete(marker);
    }
    this.events.push(...change.events);
    this.writes += 1;
    return { ok: true, complaint: row.complaint };
  }

  async addNote(
    complaintId: string,
    expectedAuditSeq: number,
    note: ComplaintNote,
    audit: AuditEntry,
  ): Promise<boolean> {
    const row = this.rows.get(complaintId);
    if (row === undefined || row.trail.length !== expectedAuditSeq) return false;
    row.trail.push(await this.sign(row.trail.at(-1), audit));
    this.noteItems.set(complaintId, [...(this.noteItems.get(complaintId) ?? []), note]);
    this.writes += 1;
    return true;
  }

  async appendAudit(complaintId: string, expectedAuditSeq: number, entry: AuditEntry): Promise<boolean> {
    const row = this.rows.get(complaintId);
    if (row === undefined || row.trail.length !== expectedAuditSeq) return false;
    row.trail.push(await this.sign(row.trail.at(-1), entry));
    this.writes += 1;
    return true;
  }

  async auditTrail(complaintId: string): Promise<StoredAuditRecord[]> {
    return [...(this.rows.get(complaintId)?.trail ?? [])];
  }

  async list(
    scope: ListScope,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Complaint>> {
    const all = [...this.rows.values()]
      .map((row) => row.complaint)
      .filter((complaint) => inScope(scope, complaint) && matches(filters, complaint))
      .sort((a, b) => listKey(a).localeCompare(listKey(b)));
    const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    const items = all.slice(start, start + limit);
    const next = start + limit;
    return {
      items,
      ...(next < all.length ? { cursor: Buffer.from(String(next), 'utf8').toString('base64url') } : {}),
    };
  }

  async receivedBetween(from: string, to: string, branch?: string): Promise<Complaint[]> {
    return [...this.rows.values()]
      .map((row) => row.complaint)
      .filter(
        (c) => c.receivedAt >= from && c.receivedAt < to && (branch === undefined || c.branch === branch),
      );
  }

  /** Known, not erased customers of a branch or all (the report's denominator). */
  async customerCount(branch?: string): Promise<number> {
    return [...this.customers.values()].filter(
      (c) => !c.erased && (branch === undefined || c.branch === branch),
    ).length;
  }

  /** Open complaints with a pending deadline at or before `instant` (the due-soon count). */
  async dueBefore(instant: string): Promise<number> {
    return [...this.rows.values()].filter(
      (row) => row.complaint.nextDueAt !== undefined && row.complaint.nextDueAt <= instant,
    ).length;
  }

  async complaintsOf(customerId: string): Promise<string[]> {
    return [...this.rows.values()]
      .filter((row) => row.complaint.customerId === customerId)
      .map((row) => row.complaint.complaintId);
  }

  async shredText(complaintId: string, audit: AuditEntry): Promise<void> {
    const row = this.rows.get(complaintId);
    if (row === undefined) return;
    this.texts.delete(complaintId);
    this.noteItems.delete(complaintId);
    row.trail.push(await this.sign(row.trail.at(-1), audit));
    row.complaint = { ...row.complaint, textErased: true };
    this.writes += 1;
  }

  private async sign(head: StoredAuditRecord | undefined, entry: AuditEntry): Promise<StoredAuditRecord> {
    return signAuditRecord(this.signer, appendAuditRecord(head, entry));
  }
}

function inScope(scope: ListScope, complaint: Complaint): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return complaint.branch === scope.branch;
    case 'rm':
      return complaint.rmId === scope.rmId && complaint.branch === scope.branch;
    case 'agent':
      return scope.view === 'queue'
        ? complaint.assignee === undefined && complaint.queue === scope.queue && complaint.status !== 'closed'
        : complaint.assignee === scope.sub;
  }
}

function matches(filters: ListFilters, complaint: Complaint): boolean {
  return (
    (filters.status === undefined || complaint.status === filters.status) &&
    (filters.assignee === undefined || complaint.assignee === filters.assignee) &&
    (filters.branch === undefined || complaint.branch === filters.branch) &&
    (filters.priority === undefined || complaint.priority === filters.priority) &&
    (filters.category === undefined || complaint.category === filters.category) &&
    (filters.dueBefore === undefined ||
      (complaint.nextDueAt !== undefined && complaint.nextDueAt < filters.dueBefore))
  );
}

/** Records what the workflow was told: every payload, to check it carries ids and codes only. */
export class RecordingTaskGateway implements TaskTokenGateway {
  readonly started: { name: string; input: Readonly<Record<string, string>> }[] = [];
  readonly completed: { taskToken: string; output: Readonly<Record<string, unknown>> }[] = [];
  readonly failed: { taskToken: string; error: string; cause: string }[] = [];

  async start(name: string, input: Readonly<Record<string, string>>): Promise<void> {
    this.started.push({ name, input });
  }
  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean> {
    this.completed.push({ taskToken, output });
    return true;
  }
  async failTask(taskToken: string, error: string, cause: string): Promise<boolean> {
    this.failed.push({ taskToken, error, cause });
    return true;
  }
}

/** No admin-loaded years: the built-in calendar counts. */
export class EmptyCalendarMirror implements CalendarMirrorStore {
  async put(): Promise<'applied'> {
    return 'applied';
  }
  async years(): Promise<readonly MirroredYear[]> {
    return [];
  }
}

export interface ComplaintsFixture {
  readonly deps: ComplaintDeps;
  readonly store: InMemoryComplaintStore;
  readonly workflows: RecordingTaskGateway;
  readonly clock: ControlledClock;
}

export function complaintsFixture(
  options: { readonly now?: string; readonly settings?: Partial<ComplaintSettings> } = {},
): ComplaintsFixture {
  const signer = new LocalAuditSigner(randomBytes(32));
  const store = new InMemoryComplaintStore(signer);
  const workflows = new RecordingTaskGateway();
  const clock = new ControlledClock(new Date(options.now ?? '2026-03-02T02:00:00.000Z'));
  const deps: ComplaintDeps = {
    store,
    cipher: new RecordCipher(new LocalKeyProvider(randomBytes(32))),
    settings: { ...DEFAULT_TEST_SETTINGS, ...options.settings },
    calendarMirror: new EmptyCalendarMirror(),
    workflows,
    auditSigner: signer,
    clock,
  };
  return { deps, store, workflows, clock };
}

/** The complaints API handler over a fixture, called like API Gateway calls it. */
export function complaintsApi(deps: ComplaintDeps): RouteCall {
  return routeCaller(createHttpApi(complaintApi(deps), { policy: complaintsPolicy }));
}
