import { readItem } from '../../../shared/dynamodb/index.js';
import * as z from '../../../shared/zod.js';
import { TASK_STATUSES, type Task, type TaskAttempt, VISIT_CHANNELS } from '../domain/task.js';
import { TASK_KINDS } from '../events.js';
import {
  assigneeKeyOf,
  branchKeyOf,
  DUE_KINDS,
  queueKeyOf,
  TASK_ENTITY,
  taskKey,
  visitPlanKey,
} from './keys.js';
import type { VisitPlan } from './task-store.js';

/**
 * How tasks, their attempts, visit plans and complaint facts are stored in the Engagement table
 * (key layout in keys.ts): each item written by one function here and read back through its
 * schema, so a write can never leave an index attribute stale.
 */

const optional = <T extends z.core.$ZodType>(schema: T) => z.optional(schema);
const text = () => z.string();
const count = () => z.number().check(z.int(), z.nonnegative());

const taskItemSchema = z.object({
  taskId: text(),
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATUSES),
  customerId: text(),
  branch: text(),
  rmId: optional(text()),
  queue: optional(text()),
  assignee: optional(text()),
  complaintId: optional(text()),
  surveyId: optional(text()),
  closedAt: optional(text()),
  openedAt: text(),
  dueAt: text(),
  dueProvisional: z.boolean(),
  escalatedAt: optional(text()),
  attempts: count(),
  lastAttemptAt: optional(text()),
  completedAt: optional(text()),
  outcome: optional(
    z.object({
      reached: z.boolean(),
      resolved: optional(z.boolean()),
      csat: optional(count()),
      followUpNeeded: z.boolean(),
    }),
  ),
  version: count(),
});

const attemptItemSchema = z.object({
  n: count(),
  at: text(),
  by: text(),
  channel: z.enum(VISIT_CHANNELS),
  reached: z.boolean(),
  resolved: optional(z.boolean()),
  csat: optional(count()),
  nps: optional(count()),
  followUpNeeded: z.boolean(),
  hasNotes: z.boolean(),
});

const planItemSchema = z.object({
  customerId: text(),
  grade: text(),
  months: count(),
  gradedAt: text(),
  lastOpenedAt: optional(text()),
  dueAt: optional(text()),
  version: count(),
});

export const complaintFactsItemSchema = z.object({
  complaintId: text(),
  customerId: optional(text()),
  branch: optional(text()),
  queue: optional(text()),
  assignee: optional(text()),
});

/** The attributes whose value is defined (DynamoDB stores no undefined; absent reads back as absent). */
export function defined(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export const taskFromItem = (item: Record<string, unknown>): Task =>
  readItem(taskItemSchema, item, 'engagement task');
export const attemptFromItem = (item: Record<string, unknown>): TaskAttempt =>
  readItem(attemptItemSchema, item, 'engagement task attempt');

export function planFromItem(item: Record<string, unknown>): VisitPlan {
  const { dueAt, ...plan } = readItem(planItemSchema, item, 'visit plan');
  return { ...plan, ...(dueAt === undefined ? {} : { nextAt: dueAt }) };
}

const listKeyOf = (task: Pick<Task, 'dueAt' | 'taskId'>) => `${task.dueAt}#${task.taskId}`;

/**
 * The task item: its fields, the list keys of every index it is on (everyone's list, the branch,
 * the queue, the assignee) and, while it is open and not escalated, the byDue key the minute job
 * escalates it from.
 */
export function taskItem(task: Task): Record<string, unknown> {
  const { outcome, ...fields } = task;
  return {
    ...taskKey(task.taskId),
    ...defined(fields),
    ...(outcome === undefined ? {} : { outcome: defined({ ...outcome }) }),
    entityType: TASK_ENTITY,
    listKey: listKeyOf(task),
    branchKey: branchKeyOf(task.branch),
    ...(task.queue === undefined ? {} : { queueKey: queueKeyOf(task.queue) }),
    ...assigneeKeyAttribute(task),
    ...(task.status === 'open' ? { dueKey: DUE_KINDS.task } : {}),
  };
}

/**
 * A person's tasks: the complaint handler's by their sub; a periodic visit by `RM#<branch>#<rmId>`
 * (the `assignee` it carries), which no sub can be (subs hold no `#`).
 */
function assigneeKeyAttribute(task: Task): { assigneeKey?: string } {
  if (task.assignee === undefined) return {};
  return { assigneeKey: task.assignee.startsWith('RM#') ? task.assignee : assigneeKeyOf(task.assignee) };
}

export function planItem(plan: VisitPlan): Record<string, unknown> {
  const { nextAt, ...fields } = plan;
  return {
    ...visitPlanKey(plan.customerId),
    ...defined(fields),
    ...(nextAt === undefined ? {} : { dueKey: DUE_KINDS.periodicVisit, dueAt: nextAt }),
  };
}
