import { randomBytes } from 'node:crypto';
import type { CustomerFacts } from '../../../functions/engagement/domain/model.js';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementSettings,
} from '../../../functions/engagement/domain/settings.js';
import type { Task, TaskAttempt } from '../../../functions/engagement/domain/task.js';
import type { CustomerFactsReader } from '../../../functions/engagement/service/ports.js';
import type { TaskDeps } from '../../../functions/engagement/service/task-deps.js';
import { tasksAreaOf } from '../../../functions/engagement/service/tasks-area.js';
import type { CustomerKeys } from '../../../functions/engagement/store/customer-keys.js';
import type { KpiBucket, KpiStore } from '../../../functions/engagement/store/kpi-store.js';
import type {
  ComplaintFacts,
  KpiChange,
  TaskFilters,
  TaskPage,
  TaskScope,
  TaskStore,
  TaskWriteOutcome,
  VisitPlan,
} from '../../../functions/engagement/store/task-store.js';
import { FieldSealer } from '../../../shared/crypto/record-cipher.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type { CalendarMirrorStore, MirroredYear } from '../../../shared/time/calendar-mirror.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { engagementApi } from '../../support/engagement-api.js';

/**
 * In-memory stand-ins for the tasks area's ports, with the adapters' semantics (a task opens
 * once, a change is refused when the version moved, counters add up per branch and day), for
 * unit tests of the use cases and the routes.
 */
export class InMemoryTaskStore implements TaskStore {
  readonly tasks = new Map<string, Task>();
  readonly attemptItems = new Map<string, (TaskAttempt & { notes?: string })[]>();
  readonly complaints = new Map<string, ComplaintFacts>();
  readonly plans = new Map<string, VisitPlan>();
  readonly events: CrmEvent[] = [];
  /** `<branch>#<day>` → counters. */
  readonly buckets = new Map<string, Record<string, number>>();

  async complaintFacts(complaintId: string) {
    return this.complaints.get(complaintId);
  }
  async recordComplaintReceived(facts: Required<Omit<ComplaintFacts, 'assignee'>>) {
    this.complaints.set(facts.complaintId, { ...this.complaints.get(facts.complaintId), ...facts });
  }
  async recordComplaintAssigned(complaintId: string, assignee: string) {
    this.complaints.set(complaintId, { ...this.complaints.get(complaintId), complaintId, assignee });
  }
  async get(taskId: string) {
    return this.tasks.get(taskId);
  }
  async attempts(taskId: string): Promise<readonly TaskAttempt[]> {
    return (this.attemptItems.get(taskId) ?? []).map(({ notes: _notes, ...attempt }) => attempt);
  }
  async open(task: Task, event: CrmEvent, kpi?: KpiChange) {
    if (this.tasks.has(task.taskId)) return false;
    this.tasks.set(task.taskId, task);
    this.events.push(event);
    this.count(kpi);
    return true;
  }
  async recordAttempt(change: {
    task: Task;
    expectedVersion: number;
    attempt: TaskAttempt;
    sealedNotes?: string | undefined;
    events: readonly CrmEvent[];
    kpi?: KpiChange | undefined;
  }): Promise<TaskWriteOutcome> {
    const current = this.tasks.get(change.task.taskId);
    if (current === undefined) return 'not-found';
    if (current.version !== change.expectedVersion) return 'version-conflict';
    this.tasks.set(change.task.taskId, change.task);
    const attempts = this.attemptItems.get(change.task.taskId) ?? [];
    attempts.push({
      ...change.attempt,
      ...(change.sealedNotes === undefined ? {} : { notes: change.sealedNotes }),
    });
    this.attemptItems.set(change.task.taskId, attempts);
    this.events.push(...change.events);
    this.count(change.kpi);
    return 'written';
  }
  async escalate(task: Task, expectedVersion: number, event: CrmEvent): Promise<TaskWriteOutcome> {
    const current = this.tasks.get(task.taskId);
    if (current === undefined) return 'not-found';
    if (current.version !== expectedVersion) return 'version-conflict';
    this.tasks.set(task.taskId, task);
    this.events.push(event);
    return 'written';
  }
  async dueTasks(now: string) {
    return [...this.tasks.values()].filter((task) => task.status === 'open' && task.dueAt <= now);
  }
  async list(scope: TaskScope, filters: TaskFilters): Promise<TaskPage> {
    const inScope = (task: Task) => {
      switch (scope.kind) {
        case 'all':
          return true;
        case 'branch':
          return task.branch === scope.branch;
        case 'rm':
          return task.branch === scope.branch && task.rmId === scope.rmId && task.kind !== 'survey-follow-up';
        case 'assignee':
          return task.assignee === scope.sub;
      }
    };
    const items = [...this.tasks.values()]
      .filter(inScope)
      .filter((task) => filters.status === undefined || task.status === filters.status)
      .filter((task) => filters.kind === undefined || task.kind === filters.kind)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return { items };
  }
  async plan(customerId: string) {
    return this.plans.get(customerId);
  }
  async putPlan(plan: VisitPlan, expectedVersion: number | undefined) {
    if (this.plans.get(plan.customerId)?.version !== expectedVersion) return false;
    this.plans.set(plan.customerId, plan);
    return true;
  }
  async duePlans(now: string) {
    return [...this.plans.values()].filter((plan) => plan.nextAt !== undefined && plan.nextAt <= now);
  }
  async openPeriodicVisit(task: Task, event: CrmEvent, plan: VisitPlan, expectedVersion: number) {
    if (this.plans.get(plan.customerId)?.version !== expectedVersion) return 'conflict' as const;
    this.plans.set(plan.customerId, plan);
    if (!(await this.open(task, event))) return 'moved' as const;
    return 'opened' as const;
  }

  private count(kpi: KpiChange | undefined) {
    if (kpi === undefined) return;
    const key = `${kpi.branch}#${kpi.at.slice(0, 10)}`;
    const bucket = this.buckets.get(key) ?? {};
    for (const [counter, value] of Object.entries(kpi.increments))
      bucket[counter] = (bucket[counter] ?? 0) + (value ?? 0);
    this.buckets.set(key, bucket);
  }
}

/** The KPI buckets the fake task store counted, plus any a test adds (other areas' counters). */
export class InMemoryKpiStore implements KpiStore {
  readonly extra: { branch: string; day: string; bucket: KpiBucket }[] = [];
  constructor(private readonly tasks: InMemoryTaskStore) {}

  private all() {
    return [
      ...[...this.tasks.buckets.entries()].map(([key, bucket]) => {
        const [branch = '', day = ''] = key.split('#');
        return { branch, day, bucket };
      }),
      ...this.extra,
    ];
  }
  async branchBuckets(branch: string, from: string, to: string) {
    return this.all()
      .filter((entry) => entry.branch === branch && entry.day >= from && entry.day <= to)
      .map((entry) => entry.bucket);
  }
  async allBuckets(from: string, to: string) {
    return this.all()
      .filter((entry) => entry.day >= from && entry.day <= to)
      .map((entry) => entry.bucket);
  }
}

/** One data key per customer, kept in memory. */
export class InMemoryCustomerKeys implements CustomerKeys {
  readonly keys = new Map<string, FieldSealer>();
  async sealerFor(customerId: string) {
    const existing = this.keys.get(customerId) ?? new FieldSealer(randomBytes(32));
    this.keys.set(customerId, existing);
    return existing;
  }
  async existingSealerFor(customerId: string) {
    return this.keys.get(customerId);
  }
  async shred(customerId: string) {
    this.keys.delete(customerId);
  }
}

class NoMirroredYears implements CalendarMirrorStore {
  async put() {
    return 'applied' as const;
  }
  async years(): Promise<readonly MirroredYear[]> {
    return [];
  }
}

export function customerFacts(customerId: string, overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId,
    branch: 'BJ01',
    rmId: 'rm-7',
    version: 1,
    consents: {},
    restrictions: [],
    failedChannels: [],
    relationship: 'active',
    erased: false,
    ...overrides,
  };
}

/** The tasks area over in-memory ports, its API and what it wrote. */
export function tasksFixture(settings: Partial<EngagementSettings> = {}) {
  const store = new InMemoryTaskStore();
  const kpis = new InMemoryKpiStore(store);
  const keys = new InMemoryCustomerKeys();
  const known = new Map<string, CustomerFacts>();
  const facts: CustomerFactsReader = { factsOf: async (customerId) => known.get(customerId) };
  const clock = new ControlledClock(new Date('2026-03-03T02:00:00.000Z'));
  const deps: TaskDeps = {
    store,
    kpis,
    facts,
    keys,
    settings: { ...DEFAULT_ENGAGEMENT_SETTINGS, ...settings },
    clock,
    calendarMirror: new NoMirroredYears(),
  };
  const area = tasksAreaOf(deps, { send: async () => {} });
  const call = engagementApi([area]);

  return { store, kpis, keys, known, clock, deps, area, call };
}
