import type { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { taskDone } from './errors.js';
import type { TaskKind } from './model.js';
import type { EngagementSettings } from './settings.js';

/**
 * Tasks for people (docs/domain-rules.md §18.6): a return visit after each closed complaint, a
 * follow-up of a poor survey answer, a periodic RM visit by composite grade. When each is due,
 * when an attempt makes it done, when it is escalated. Pure: the calendar, the settings and the
 * instant come in, nothing here reads a clock or a store.
 */

/** `open` until done; `escalated` once past due without being done (attempts still count). */
export const TASK_STATUSES = ['open', 'escalated', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How a visit attempt was made: the delivery channels, and the ways only a person contacts. */
export const VISIT_CHANNELS = ['phone', 'sms', 'email', 'app-push', 'face-to-face', 'wechat'] as const;
export type VisitChannel = (typeof VISIT_CHANNELS)[number];

/** The composite grades that get periodic visits (any other grade gets none). */
export const VISITED_GRADES = ['vip', 'premium', 'standard'] as const;
export type VisitedGrade = (typeof VISITED_GRADES)[number];

/** How a done task ended: the last attempt's answers. */
export interface TaskOutcome {
  readonly reached: boolean;
  readonly resolved?: boolean | undefined;
  readonly csat?: number | undefined;
  readonly followUpNeeded: boolean;
}

/** A task as stored (ids and C1 only; the notes of its attempts are sealed apart). */
export interface Task {
  readonly taskId: string;
  readonly kind: TaskKind;
  readonly status: TaskStatus;
  readonly customerId: string;
  /** The customer's branch: the supervisors who see and are escalated the task. */
  readonly branch: string;
  /** The customer's RM when known: an RM sees the tasks of their book. */
  readonly rmId?: string | undefined;
  /** The complaint's queue (the handling unit) of a return visit. */
  readonly queue?: string | undefined;
  /** Who the task is assigned to: the complaint's handler, or `RM#<branch>#<rmId>` for a periodic visit. */
  readonly assignee?: string | undefined;
  readonly complaintId?: string | undefined;
  readonly surveyId?: string | undefined;
  /** The complaint's closure (a return visit): its completion counts in that day's KPI bucket. */
  readonly closedAt?: string | undefined;
  readonly openedAt: string;
  readonly dueAt: string;
  /** The due date was counted over a year the calendar has no data for (weekends only). */
  readonly dueProvisional: boolean;
  readonly escalatedAt?: string | undefined;
  readonly attempts: number;
  readonly lastAttemptAt?: string | undefined;
  readonly completedAt?: string | undefined;
  readonly outcome?: TaskOutcome | undefined;
  /** Optimistic concurrency: moves with every change (the ETag). */
  readonly version: number;
}

/** One attempt to reach the customer, as recorded (the notes sealed apart: `hasNotes`). */
export interface TaskAttempt {
  readonly n: number;
  readonly at: string;
  readonly by: string;
  readonly channel: VisitChannel;
  readonly reached: boolean;
  readonly resolved?: boolean | undefined;
  readonly csat?: number | undefined;
  readonly nps?: number | undefined;
  readonly followUpNeeded: boolean;
  readonly hasNotes: boolean;
}

/** What a person reports of an attempt (the notes are the service's to seal). */
export interface AttemptReport {
  readonly channel: VisitChannel;
  readonly reached: boolean;
  readonly resolved?: boolean | undefined;
  readonly csat?: number | undefined;
  readonly nps?: number | undefined;
  readonly followUpNeeded: boolean;
  readonly hasNotes: boolean;
}

/** A due date and whether the calendar had data for every day counted. */
export interface TaskDue {
  readonly dueAt: string;
  readonly provisional: boolean;
}

/**
 * The end (23:59:59.999 Asia/Shanghai) of the `workingDays`-th working day after the day of
 * `from`: the day itself never counts; weekends and holidays are skipped, make-up working days
 * count (the calendar of the complaints' deadlines, with the years admins loaded).
 * @example workingDaysDue(calendar, new Date('2026-09-30T02:00:00Z'), 3).dueAt // '2026-10-11T15:59:59.999Z'
 */
export function workingDaysDue(calendar: WorkingDayCalendar, from: Date, workingDays: number): TaskDue {
  const deadline = calendar.deadline(from, workingDays);
  return { dueAt: deadline.at.toISOString(), provisional: deadline.provisional };
}

/** The id of a complaint's return visit: one per complaint, so a redelivered closure opens nothing. */
export const returnVisitTaskId = (complaintId: string): string => `rv-${complaintId}`;
/** The id of a survey's follow-up: one per survey. */
export const followUpTaskId = (surveyId: string): string => `fu-${surveyId}`;
/** The id of a periodic visit: one per customer and plan date. */
export const periodicVisitTaskId = (customerId: string, plannedAt: string): string =>
  `pv-${customerId}-${plannedAt.slice(0, 10)}`;
/** The assignee of a periodic visit: the RM's sub is not known to engagement, their id and branch are. */
export const rmAssignee = (branch: string, rmId: string): string => `RM#${branch}#${rmId}`;

/** Whether a survey answer calls for a follow-up: a CSAT at or below the threshold, or unresolved. */
export function needsFollowUp(
  answer: { readonly csat: number; readonly unresolved: boolean },
  settings: Pick<EngagementSettings, 'followUpCsatAtOrBelow'>,
): boolean {
  return answer.unresolved || answer.csat <= settings.followUpCsatAtOrBelow;
}

/** Months between periodic visits of a composite grade (0: none; an unknown grade gets none). */
export function visitMonthsOf(
  grade: string,
  settings: Pick<EngagementSettings, 'periodicVisitMonths'>,
): number {
  return isVisitedGrade(grade) ? settings.periodicVisitMonths[grade] : 0;
}

function isVisitedGrade(grade: string): grade is VisitedGrade {
  const known: readonly string[] = VISITED_GRADES;
  return known.includes(grade);
}

const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * `at` moved by whole calendar months in Asia/Shanghai, the same time of day; a day the month
 * does not have becomes its last day (31 January + 1 month → 28 or 29 February).
 * @example addMonths('2027-01-31T02:00:00.000Z', 1) // '2027-02-28T02:00:00.000Z'
 */
export function addMonths(at: string, months: number): string {
  const local = new Date(Date.parse(at) + CST_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = new Date(local.getTime());
  moved.setUTCFullYear(year, month, Math.min(local.getUTCDate(), lastDay));
  return new Date(moved.getTime() - CST_OFFSET_MS).toISOString();
}

/**
 * The next periodic visit of a customer graded `months` apart: `months` after the last visit
 * opened, or after the grading when none was; never before `now` (a grade that shortens the
 * period makes a visit due at once rather than in the past). Undefined when the grade gets none.
 */
export function nextPeriodicVisit(
  months: number,
  anchor: { readonly lastOpenedAt?: string | undefined; readonly gradedAt: string },
  now: string,
): string | undefined {
  if (months <= 0) return undefined;
  const next = addMonths(anchor.lastOpenedAt ?? anchor.gradedAt, months);
  return next < now ? now : next;
}

/**
 * An attempt on `task` at `now` by `by`: attempts counted, done when the customer was reached or
 * when this was the `visitMaxAttempts`-th attempt. A done task takes no more attempts.
 * @throws EngagementRuleError `task-done` when the task is already done.
 */
export function recordAttempt(
  task: Task,
  report: AttemptReport,
  ctx: { readonly now: string; readonly by: string; readonly visitMaxAttempts: number },
): { readonly task: Task; readonly attempt: TaskAttempt; readonly completed: boolean } {
  if (task.status === 'done') throw taskDone();
  const n = task.attempts + 1;
  const attempt: TaskAttempt = {
    n,
    at: ctx.now,
    by: ctx.by,
    channel: report.channel,
    reached: report.reached,
    ...(report.resolved === undefined ? {} : { resolved: report.resolved }),
    ...(report.csat === undefined ? {} : { csat: report.csat }),
    ...(report.nps === undefined ? {} : { nps: report.nps }),
    followUpNeeded: report.followUpNeeded,
    hasNotes: report.hasNotes,
  };
  const completed = report.reached || n >= ctx.visitMaxAttempts;
  const next: Task = {
    ...task,
    attempts: n,
    lastAttemptAt: ctx.now,
    version: task.version + 1,
    ...(completed
      ? {
          status: 'done' as const,
          completedAt: ctx.now,
          outcome: {
            reached: report.reached,
            ...(report.resolved === undefined ? {} : { resolved: report.resolved }),
            ...(report.csat === undefined ? {} : { csat: report.csat }),
            followUpNeeded: report.followUpNeeded,
          },
        }
      : {}),
  };
  return { task: next, attempt, completed };
}

/**
 * The task escalated at `now` when it is open and past its due time (once: an escalated task is
 * not escalated again); undefined otherwise.
 */
export function escalated(task: Task, now: string): Task | undefined {
  if (task.status !== 'open' || task.dueAt > now) return undefined;
  return { ...task, status: 'escalated', escalatedAt: now, version: task.version + 1 };
}
