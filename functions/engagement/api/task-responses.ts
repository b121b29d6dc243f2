import { idField } from '../../../shared/events/fields.js';
import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import type { Task } from '../domain/task.js';
import { TASK_STATUSES, VISIT_CHANNELS } from '../domain/task.js';
import { CONTACT_RULES, TASK_KINDS } from '../events.js';
import type { KpiAnswer } from '../service/kpis.js';
import { count, instant, percent } from './responses.js';

/**
 * Response schemas of the return-visit and KPI routes, exactly as the handlers serialise them (a
 * field whose value is undefined is absent). Strict objects: a field the code starts returning
 * fails the contract tests until it is declared here. Examples are synthetic.
 */

const outcomeSchema = () =>
  z.strictObject({
    reached: z.boolean(),
    resolved: z.optional(z.boolean()),
    csat: z.optional(count()),
    followUpNeeded: z.boolean(),
  });

/** A task as listed: ids, codes, instants and counts; never the notes of its attempts. */
export const taskViewSchema = z.strictObject({
  taskId: idField,
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATUSES),
  customerId: idField,
  branch: idField,
  rmId: z.optional(idField),
  queue: z.optional(idField),
  /** The complaint's handler (a staff sub), or `RM#<branch>#<rmId>` for a periodic visit. */
  assignee: z.optional(z.string()),
  complaintId: z.optional(idField),
  surveyId: z.optional(idField),
  closedAt: z.optional(instant()),
  openedAt: instant(),
  dueAt: instant(),
  dueProvisional: z.boolean(),
  escalatedAt: z.optional(instant()),
  attempts: count(),
  lastAttemptAt: z.optional(instant()),
  completedAt: z.optional(instant()),
  outcome: z.optional(outcomeSchema()),
  /** The ETag of the task, for the If-Match of an attempt. */
  version: z.number().check(z.int(), z.positive()),
});

const attemptViewSchema = z.strictObject({
  n: z.number().check(z.int(), z.positive()),
  at: instant(),
  by: z.string(),
  channel: z.enum(VISIT_CHANNELS),
  reached: z.boolean(),
  resolved: z.optional(z.boolean()),
  csat: z.optional(count()),
  nps: z.optional(count()),
  followUpNeeded: z.boolean(),
  /** Notes were recorded (sealed; they are never returned). */
  hasNotes: z.boolean(),
});

export const taskPageSchema = pageOf(taskViewSchema);

export const attemptAnswerSchema = z.strictObject({
  task: taskViewSchema,
  history: z.array(attemptViewSchema),
});

const withTarget = {
  percent: percent(),
  targetPercent: z.number(),
  meetsTarget: z.nullable(z.boolean()),
};
const byRule = () => z.partialRecord(z.enum(CONTACT_RULES), count());

export const kpiAnswerSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  branch: z.optional(idField),
  csat: z.strictObject({ ...withTarget, answers: count(), topTwo: count(), mean: z.nullable(z.number()) }),
  nps: z.strictObject({
    answers: count(),
    promoters: count(),
    detractors: count(),
    score: z.nullable(z.number()),
  }),
  responseRate: z.strictObject({ ...withTarget, delivered: count(), answered: count() }),
  returnVisitCoverage: z.strictObject({ ...withTarget, complaintsClosed: count(), visitsCompleted: count() }),
  contacts: z.strictObject({
    sent: z.strictObject({ sms: count(), email: count(), 'app-push': count() }),
    deferred: byRule(),
    refused: byRule(),
    dropped: byRule(),
  }),
  optOutRate: z.strictObject({ optOuts: count(), marketingSent: count(), percent: percent() }),
});

export const taskViewExample: Task = {
  taskId: 'rv-cmp_01JQ3V2A8K2T9C4M5N7P8R0S1C',
  kind: 'complaint-return-visit',
  status: 'open',
  customerId: 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1A',
  branch: 'BJ01',
  rmId: 'rm-7',
  queue: 'BJ01',
  assignee: 'agent-1',
  complaintId: 'cmp_01JQ3V2A8K2T9C4M5N7P8R0S1C',
  closedAt: '2026-03-02T06:00:00.000Z',
  openedAt: '2026-03-02T06:00:01.000Z',
  dueAt: '2026-03-05T15:59:59.999Z',
  dueProvisional: false,
  attempts: 0,
  version: 1,
};

export const taskPageExample = { items: [taskViewExample], cursor: 'eyJway...' };

export const attemptAnswerExample = {
  task: {
    ...taskViewExample,
    status: 'done',
    attempts: 1,
    lastAttemptAt: '2026-03-03T02:00:00.000Z',
    completedAt: '2026-03-03T02:00:00.000Z',
    outcome: { reached: true, resolved: true, csat: 5, followUpNeeded: false },
    version: 2,
  },
  history: [
    {
      n: 1,
      at: '2026-03-03T02:00:00.000Z',
      by: 'agent-1',
      channel: 'phone',
      reached: true,
      resolved: true,
      csat: 5,
      followUpNeeded: false,
      hasNotes: true,
    },
  ],
};

export const kpiAnswerExample: KpiAnswer = {
  from: '2026-03-01',
  to: '2026-03-31',
  branch: 'BJ01',
  csat: { answers: 40, topTwo: 35, mean: 4.3, percent: 87.5, targetPercent: 85, meetsTarget: true },
  nps: { answers: 38, promoters: 20, detractors: 6, score: 36.8 },
  responseRate: { delivered: 50, answered: 40, percent: 80, targetPercent: 95, meetsTarget: false },
  returnVisitCoverage: {
    complaintsClosed: 50,
    visitsCompleted: 46,
    percent: 92,
    targetPercent: 90,
    meetsTarget: true,
  },
  contacts: {
    sent: { sms: 120, email: 30, 'app-push': 12 },
    deferred: { 'quiet-hours': 14, 'marketing-cap': 3 },
    refused: { 'no-consent': 5, restricted: 1 },
    dropped: { 'latest-passed': 2 },
  },
  optOutRate: { optOuts: 2, marketingSent: 80, percent: 2.5 },
};
