import type { CrmEvent } from '../../../shared/events/index.js';
import type { Task, TaskAttempt, TaskStatus } from '../domain/task.js';
import type { KpiIncrements } from './kpi-counters.js';

/**
 * The port of everything the tasks area keeps (docs/domain-rules.md §18.6): the complaint facts
 * it learns from the complaints capability's events, the tasks and their attempts, and each
 * customer's periodic-visit plan. Every change with its events (outbox) and KPI counters is one
 * transaction: written whole or not at all.
 */

/** What engagement knows of a complaint (from ComplaintReceived and ComplaintAssigned): ids and codes. */
export interface ComplaintFacts {
  readonly complaintId: string;
  readonly customerId?: string | undefined;
  readonly branch?: string | undefined;
  /** The handling unit the return visit goes to. */
  readonly queue?: string | undefined;
  /** The complaint's handler (a staff sub), who sees its return visit. */
  readonly assignee?: string | undefined;
}

/** A customer's periodic-visit plan: the grade, and when the next visit opens (none: no visits). */
export interface VisitPlan {
  readonly customerId: string;
  readonly grade: string;
  /** Months between visits (0: the grade gets none). */
  readonly months: number;
  /** When the grade was given (CustomerSegmentChanged `at`): an older grading is ignored. */
  readonly gradedAt: string;
  /** When the last periodic visit opened. */
  readonly lastOpenedAt?: string | undefined;
  /** When the next visit opens; absent when the grade gets none. */
  readonly nextAt?: string | undefined;
  readonly version: number;
}

/** A KPI counter change for one branch, counted in the bucket of the day of `at`. */
export interface KpiChange {
  readonly branch: string;
  readonly at: string;
  readonly increments: KpiIncrements;
}

/** Which tasks a list may return (the caller's scope, docs/domain-rules.md §18.8). */
export type TaskScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'branch'; readonly branch: string }
  /** An RM's book: tasks of the branch with their RM id (survey follow-ups are the supervisors'). */
  | { readonly kind: 'rm'; readonly branch: string; readonly rmId: string }
  | { readonly kind: 'assignee'; readonly sub: string };

export interface TaskFilters {
  readonly status?: TaskStatus | undefined;
  readonly kind?: Task['kind'] | undefined;
}

export interface TaskPage {
  readonly items: readonly Task[];
  readonly cursor?: string | undefined;
}

/** `written`; the task moved since it was read (`version-conflict`); or it is not there. */
export type TaskWriteOutcome = 'written' | 'version-conflict' | 'not-found';

export interface TaskStore {
  complaintFacts(complaintId: string): Promise<ComplaintFacts | undefined>;
  /** Records the complaint's customer, branch and queue (the same values on every redelivery). */
  recordComplaintReceived(facts: Required<Omit<ComplaintFacts, 'assignee'>>): Promise<void>;
  /** Records the handler, unless an assignment at or after `at` is already recorded. */
  recordComplaintAssigned(complaintId: string, assignee: string, at: string): Promise<void>;

  get(taskId: string): Promise<Task | undefined>;
  attempts(taskId: string): Promise<readonly TaskAttempt[]>;
  /**
   * Opens `task` with its event and counters, unless a task of that id exists (`false`: a
   * redelivery, nothing written).
   */
  open(task: Task, event: CrmEvent, kpi?: KpiChange): Promise<boolean>;
  /** Writes an attempt and the task after it, if the task is still at `expectedVersion`. */
  recordAttempt(change: {
    readonly task: Task;
    readonly expectedVersion: number;
    readonly attempt: TaskAttempt;
    readonly sealedNotes?: string | undefined;
    readonly events: readonly CrmEvent[];
    readonly kpi?: KpiChange | undefined;
  }): Promise<TaskWriteOutcome>;
  /** Writes the escalated task and its event, if it is still at `expectedVersion`. */
  escalate(task: Task, expectedVersion: number, event: CrmEvent): Promise<TaskWriteOutcome>;
  /** Open tasks due at or before `now` and not yet escalated (byDue), oldest first. */
  dueTasks(now: string, limit: number): Promise<readonly Task[]>;
  list(scope: TaskScope, filters: TaskFilters, limit: number, cursor: string | undefined): Promise<TaskPage>;

  plan(customerId: string): Promise<VisitPlan | undefined>;
  /** Stores `plan` if the stored one is still at `expectedVersion` (absent: none stored). */
  putPlan(plan: VisitPlan, expectedVersion: number | undefined): Promise<boolean>;
  /** Plans whose next visit is due at or before `now` (byDue), oldest first. */
  duePlans(now: string, limit: number): Promise<readonly VisitPlan[]>;
  /**
   * Opens a periodic visit and moves its plan, together: `opened`; `moved` when a task of that
   * id already existed (the plan moved alone); `conflict` when the plan changed meanwhile.
   */
  openPeriodicVisit(
    task: Task,
    event: CrmEvent,
    plan: VisitPlan,
    expectedVersion: number,
  ): Promise<'opened' | 'moved' | 'conflict'>;
}
