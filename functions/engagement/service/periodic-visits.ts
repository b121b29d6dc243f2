import type { JobItems } from '../../../shared/messaging/job-items.js';
import {
  addMonths,
  nextPeriodicVisit,
  periodicVisitTaskId,
  rmAssignee,
  type Task,
  visitMonthsOf,
} from '../domain/task.js';
import type { VisitPlan } from '../store/task-store.js';
import type { TaskDeps } from './task-deps.js';
import { openedEvent } from './tasks.js';

/**
 * Periodic RM visits by composite grade (docs/domain-rules.md §18.6): vip every month, premium
 * every quarter, standard every half year (settings; 0 or any other grade: none). Each customer
 * has one VISIT-PLAN item, on byDue at the date the next visit opens; the minute job opens the
 * visit for the customer's RM, due by the date after (the period it covers), and moves the plan.
 */

/** How many plans one minute's run opens at most (the rest wait for the next minute). */
export const PLANS_PER_RUN = 100;
/** How often a plan is read again when it moved between the read and the write. */
const ATTEMPTS = 3;

/** One due plan: its visit opened, the plan ended, waiting for the customer's facts, or left as it was. */
async function openDue(
  deps: TaskDeps,
  plan: VisitPlan,
  at: string,
  now: Date,
): Promise<'opened' | 'ended' | 'waiting' | 'unchanged'> {
  const plannedAt = plan.nextAt;
  if (plannedAt === undefined || plan.months <= 0) return 'unchanged';
  const facts = await deps.facts.factsOf(plan.customerId);
  if (facts === undefined) return 'waiting';
  if (facts.erased || facts.relationship === 'closed') {
    const ended: VisitPlan = { ...plan, nextAt: undefined, version: plan.version + 1 };
    return (await deps.store.putPlan(ended, plan.version)) ? 'ended' : 'unchanged';
  }
  // A plan far behind (the job stopped for a while) opens one visit, not one per missed period.
  const onSchedule = addMonths(plannedAt, plan.months);
  const nextAt = onSchedule > at ? onSchedule : addMonths(at, plan.months);
  const task: Task = {
    taskId: periodicVisitTaskId(plan.customerId, plannedAt),
    kind: 'periodic-visit',
    status: 'open',
    customerId: plan.customerId,
    branch: facts.branch,
    rmId: facts.rmId,
    assignee: rmAssignee(facts.branch, facts.rmId),
    openedAt: at,
    dueAt: nextAt,
    dueProvisional: false,
    attempts: 0,
    version: 1,
  };
  const moved: VisitPlan = { ...plan, lastOpenedAt: plannedAt, nextAt, version: plan.version + 1 };
  const outcome = await deps.store.openPeriodicVisit(task, openedEvent(task, now), moved, plan.version);
  return outcome === 'opened' ? 'opened' : 'unchanged';
}

/** A grade as the consumer read it from CustomerSegmentChanged (dimension compositeGrade). */
export interface GradeChange {
  readonly customerId: string;
  readonly grade: string;
  readonly at: string;
}

/**
 * A composite grade (re)plans the customer's visits: the next one `months` after the last visit
 * opened (or after this grading when none was), never in the past; no visit for a grade that
 * gets none. A grading older than the one applied changes nothing (events out of order, a
 * redelivery). `applied` or `stale`.
 */
export async function applyGrade(deps: TaskDeps, change: GradeChange): Promise<'applied' | 'stale'> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const current = await deps.store.plan(change.customerId);
    if (current !== undefined && current.gradedAt >= change.at) return 'stale';
    const months = visitMonthsOf(change.grade, deps.settings);
    const nextAt = nextPeriodicVisit(
      months,
      { lastOpenedAt: current?.lastOpenedAt, gradedAt: change.at },
      deps.clock.now().toISOString(),
    );
    const plan: VisitPlan = {
      customerId: change.customerId,
      grade: change.grade,
      months,
      gradedAt: change.at,
      lastOpenedAt: current?.lastOpenedAt,
      nextAt,
      version: (current?.version ?? 0) + 1,
    };
    if (await deps.store.putPlan(plan, current?.version)) return 'applied';
  }
  throw new Error('A visit plan kept changing while a grade was applied');
}

/**
 * The minute job's periodic visits: each plan due opens a visit assigned to the customer's RM
 * (`RM#<branch>#<rmId>`), due when the next one opens, and moves the plan by its months, in one
 * transaction with EngagementTaskOpened. A customer engagement does not know yet waits for the
 * next run; an erased or closed relationship ends the plan.
 */
export async function openDueVisits(
  deps: TaskDeps,
  now: Date,
  items: JobItems,
): Promise<{ visitsOpened: number; plansEnded: number; plansWaiting: number }> {
  const at = now.toISOString();
  let visitsOpened = 0;
  let plansEnded = 0;
  let plansWaiting = 0;
  for (const plan of await deps.store.duePlans(at, PLANS_PER_RUN)) {
    const done = await items.run({ kind: 'customer', id: plan.customerId }, () =>
      openDue(deps, plan, at, now),
    );
    if (!done.ok) continue;
    if (done.value === 'opened') visitsOpened += 1;
    else if (done.value === 'ended') plansEnded += 1;
    else if (done.value === 'waiting') plansWaiting += 1;
  }
  return { visitsOpened, plansEnded, plansWaiting };
}
