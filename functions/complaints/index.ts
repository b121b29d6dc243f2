import { defineCapability } from '../../shared/capability/define.js';
import { WorkingCalendarChanged } from '../calendars/events.js';
import { CustomerErased, CustomerProfileChanged, CustomerRegistered } from '../customers/events.js';
import { complaintReportRoutes } from './api/report-routes.js';
import { complaintRoutes } from './api/routes.js';
import { complaintSettingSpecs } from './domain/settings.js';
import { ComplaintReceived, complaintsEvents } from './events.js';
import { complaintsPolicy } from './policy.js';
import { complaintHandlingStateMachine } from './workflows/complaint-handling.js';

/**
 * Complaint handling on the regulator's clock: intake (priority, repeats), the deadlines
 * (counted with the working-day calendar mirrored from the calendars capability), one
 * ComplaintHandling execution per complaint whose human steps wait on task tokens, the queue,
 * the actions, breaches and escalations, and the report.
 */
export const complaintsCapability = defineCapability({
  name: 'complaints',
  summary:
    "Complaint handling on the regulator's clock: intake with computed priority and repeat linking, every deadline with the rule that produced it, a Step Functions workflow per complaint (acknowledgement, initial handling, investigation with pauses and extensions, decision, review, closure), breaches escalated and counted, and the complaints report.",
  tables: [
    {
      // Single-table design: complaints, the customer mirror, open-complaint markers,
      // idempotency records, mirrored calendar years and outbox items. See store/keys.ts.
      id: 'Complaints',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        // Lists are ordered by receipt (listKey `<receivedAt>#<complaintId>`).
        {
          indexName: 'byBranch',
          partitionKey: { name: 'branchKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byRm',
          partitionKey: { name: 'rmKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byAssignee',
          partitionKey: { name: 'assigneeKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // Sparse: only unassigned open complaints carry `queueKey`.
        {
          indexName: 'byQueue',
          partitionKey: { name: 'queueKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // Every complaint (entityType COMPLAINT): the unscoped list and the report's date range.
        {
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // Sparse: open complaints with a pending deadline, by that deadline (due-soon metric).
        {
          indexName: 'byDue',
          partitionKey: { name: 'dueKey', type: 'S' },
          sortKey: { name: 'nextDueAt', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'COMPLAINTS_TABLE',
      auditHeadAttribute: 'audit',
    },
    {
      // Each complaint's encrypted data key, apart from the complaint: written once at intake,
      // deleted when the customer is erased, never updated. No backups, so a shredded key is
      // gone from every copy (operations.md §9).
      id: 'ComplaintKeys',
      partitionKey: { name: 'complaintId', type: 'S' },
      envVar: 'COMPLAINT_KEYS_TABLE',
      noBackups: true,
    },
    {
      // Append-only, signed: one chain per complaint (subject `complaint#<id>`). The timeline
      // the API shows is read from it.
      id: 'ComplaintAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'COMPLAINT_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'ComplaintsApi',
      entry: 'functions/complaints/handlers/api.ts',
      memoryMb: 1024,
      timeoutSeconds: 10,
      tables: [
        { table: 'Complaints', access: 'readWrite' },
        { table: 'ComplaintAudit', access: 'append' },
        { table: 'ComplaintKeys', access: 'append' },
      ],
      usesDataKeys: 'complaint',
      // An action resumes the waiting step; a pause, resume or extension re-times it.
      sendsTaskTokens: true,
    },
    {
      id: 'ComplaintsWorkflowTasks',
      entry: 'functions/complaints/handlers/workflow-tasks.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Complaints', access: 'readWrite' },
        { table: 'ComplaintAudit', access: 'append' },
      ],
      // A step already done when the workflow opens it is answered by the task itself.
      sendsTaskTokens: true,
    },
    {
      // Customer facts (C1), calendar years, erasure, and the start of each complaint's workflow.
      id: 'ComplaintsConsumer',
      entry: 'functions/complaints/handlers/consumer.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: [
        { table: 'Complaints', access: 'readWrite' },
        { table: 'ComplaintAudit', access: 'append' },
        // Deletes an erased customer's complaint keys, and nothing else.
        { table: 'ComplaintKeys', access: 'erase' },
      ],
      startsStateMachines: ['ComplaintHandling'],
      sendsTaskTokens: true,
    },
    {
      // Counts the open complaints due within one working day (a business metric, alarmed).
      id: 'ComplaintsDueSoon',
      entry: 'functions/complaints/handlers/due-soon.ts',
      memoryMb: 512,
      timeoutSeconds: 120,
      tables: [{ table: 'Complaints', access: 'read' }],
    },
    {
      id: 'ComplaintsAuditAnchor',
      entry: 'functions/complaints/handlers/audit-anchor.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: [{ table: 'ComplaintAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
  ],
  api: {
    functionId: 'ComplaintsApi',
    routes: [...Object.values(complaintReportRoutes), ...Object.values(complaintRoutes)],
  },
  publishes: complaintsEvents,
  subscriptions: [
    {
      id: 'ComplaintCustomerFacts',
      description:
        "Customers' branch and RM (the complaint's scope and queue), and erasure (the complaints' free text is shredded).",
      events: [CustomerRegistered, CustomerProfileChanged, CustomerErased],
      target: { kind: 'function', functionId: 'ComplaintsConsumer' },
    },
    {
      id: 'ComplaintCalendarYears',
      description:
        'Years of the working-day calendar loaded by an admin: complaint deadlines count with them, and waiting steps are re-timed.',
      events: [WorkingCalendarChanged],
      target: { kind: 'function', functionId: 'ComplaintsConsumer' },
    },
    {
      id: 'ComplaintWorkflowStart',
      description:
        'Starts one ComplaintHandling execution per received complaint (named by its id, so a redelivery starts nothing); repeats have no clock of their own.',
      events: [ComplaintReceived],
      detailFilter: { repeat: [false] },
      target: { kind: 'function', functionId: 'ComplaintsConsumer' },
    },
  ],
  schedules: [
    {
      id: 'ComplaintsDueSoonCount',
      description: 'Counts the open complaints due within one working day (metric ComplaintsDueSoon).',
      expression: 'rate(1 hour)',
      target: { kind: 'function', functionId: 'ComplaintsDueSoon' },
    },
    {
      id: 'DailyComplaintAuditAnchor',
      description:
        'Writes the head of every complaint audit chain to the write-once anchor bucket, so a later rewrite of the trail is detected.',
      expression: 'cron(40 2 * * ? *)',
      target: { kind: 'function', functionId: 'ComplaintsAuditAnchor' },
    },
  ],
  stateMachines: [complaintHandlingStateMachine],
  slaBreachMetrics: [
    {
      metricName: 'ComplaintSlaBreaches',
      description:
        "A complaint passed a deadline of the regulator's clock (acknowledgement, initial handling, decision, review): it was escalated; see the complaint's breaches",
    },
  ],
  gaugeMetrics: [
    {
      metricName: 'ComplaintsDueSoon',
      description:
        'Open complaints whose next deadline falls within one working day (counted hourly): a pile-up the handlers cannot clear in time; see the queue filtered by dueBefore',
      // A level, not an incident: a few complaints due tomorrow is a normal day; ten at once
      // in the whole bank is a queue that needs more hands (tune per deployment here).
      alarmAtOrAbove: 10,
      periodMinutes: 60,
    },
  ],
  policy: complaintsPolicy,
  // Every function counts deadlines or reads the thresholds, so each gets every setting.
  settings: complaintSettingSpecs([
    'ComplaintsApi',
    'ComplaintsWorkflowTasks',
    'ComplaintsConsumer',
    'ComplaintsDueSoon',
  ]),
});
