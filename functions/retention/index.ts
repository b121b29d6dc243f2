import { defineCapability } from '../../shared/capability/define.js';
import { ProductHoldingChanged } from '../../shared/events/external.js';
import { ActivitySummaryChanged, CustomerSegmentChanged } from '../activity/events.js';
import { WorkingCalendarChanged } from '../calendars/events.js';
import { ComplaintClosed, ComplaintReceived, ComplaintSlaBreached } from '../complaints/events.js';
import {
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../customers/events.js';
import { SurveyAnswered } from '../engagement/events.js';
import { RecommendationMade, RecommendationUnavailable } from '../recommendations/events.js';
import { retentionRoutes } from './api/routes.js';
import { churnRescoreSettingSpecs, retentionSettingSpecs } from './domain/settings.js';
import { retentionEvents } from './events.js';
import { retentionPolicy } from './policy.js';
import { CHURN_RESCORING } from './service/rescoring.js';
import { retentionCaseStateMachine } from './workflows/retention-case.js';

/**
 * Churn early warning and retention (docs/domain-rules.md §20): an explainable score per
 * customer from features kept from events only (activity summaries, complaints, surveys, contact
 * points, holdings, lifecycle), rescored after every signal event (coalesced per customer: the
 * consumer requests, the RetentionRescorer scores) and daily; a worklist by priority; a retention
 * case per customer at risk, run by the RetentionCase state machine (the RM's outreach within 3
 * working days, the 30-day window, the outcome); KPIs.
 */
export const retentionCapability = defineCapability({
  name: 'retention',
  summary:
    'Churn early warning and retention: an explainable churn score (a logistic model over signals kept from events: inactivity, AUM and frequency drops, complaints and breaches, poor satisfaction, outflows, maturities not reinvested, failing contact points, a declining lifecycle) with each signal’s contribution, a level (high ≥ 0.7, medium ≥ 0.4), value at risk and priority; rescored after every signal (coalesced per customer through a FIFO queue: a burst of one customer’s events costs a few rescores) and daily; a worklist by priority; a retention case per customer at risk with a strategy by cause, the RM’s outreach within 3 working days (then the supervisor), every contact through the engagement contact path, the outcome after 30 days; the model versioned and audited; KPIs.',
  tables: [
    {
      // Single-table design: features, risk, history, cases, attempts, the model, KPI buckets,
      // calendar years, the outbox. See store/keys.ts.
      id: 'Retention',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        // Every customer's features (the daily pass) and the KPI buckets of a range of days.
        {
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // A branch's worklist at one level by priority; a branch's cases by status.
        {
          indexName: 'byBranch',
          partitionKey: { name: 'branchKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // An RM's worklist at one level by priority; an RM's cases by status.
        {
          indexName: 'byAssignee',
          partitionKey: { name: 'assigneeKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        // Sparse: cases whose outreach is not done, by due time (the uncontacted gauge).
        {
          indexName: 'byDue',
          partitionKey: { name: 'dueKey', type: 'S' },
          sortKey: { name: 'dueAt', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'RETENTION_TABLE',
    },
    {
      // Append-only audit trail: the model's changes (subject `churn-model`) and each case's
      // human actions (subject `case#<id>`).
      id: 'RetentionAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'RETENTION_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'RetentionApi',
      entry: 'functions/retention/handlers/api.ts',
      memoryMb: 1024,
      timeoutSeconds: 10,
      tables: [
        { table: 'Retention', access: 'readWrite' },
        { table: 'RetentionAudit', access: 'append' },
      ],
      // A reached attempt answers the waiting outreach; an early close fails the waiting step.
      sendsTaskTokens: true,
    },
    {
      // Features from events, each customer's rescore requested (ChurnRescoring); offers and
      // calendar years. It neither scores nor opens cases: the RetentionRescorer does.
      id: 'RetentionConsumer',
      entry: 'functions/retention/handlers/consumer.ts',
      memoryMb: 1024,
      timeoutSeconds: 60,
      tables: [{ table: 'Retention', access: 'readWrite' }],
    },
    {
      // The requested rescores (ChurnRescoring's FIFO batches), each customer once per batch,
      // and the case opening on an alert. A batch is at most 10 customers, each a few reads and
      // one transaction (plus a case opening on an alert): 60 s leaves ample room.
      id: 'RetentionRescorer',
      entry: 'functions/retention/handlers/rescorer.ts',
      memoryMb: 1024,
      timeoutSeconds: 60,
      tables: [{ table: 'Retention', access: 'readWrite' }],
      startsStateMachines: ['RetentionCase'],
    },
    {
      // The daily rescoring pass's segments (time-driven signals) and the hourly
      // uncontacted-cases gauge.
      id: 'RetentionJobs',
      entry: 'functions/retention/handlers/jobs.ts',
      memoryMb: 1024,
      timeoutSeconds: 900,
      tables: [{ table: 'Retention', access: 'readWrite' }],
      // The daily pass reads every customer's FEATURES item through this index, a parallel Scan
      // segment at a time; the table itself stays unscannable.
      scansIndexes: [{ table: 'Retention', indexName: 'byEntity' }],
      startsStateMachines: ['RetentionCase'],
    },
    {
      id: 'RetentionWorkflowTasks',
      entry: 'functions/retention/handlers/workflow-tasks.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Retention', access: 'readWrite' },
        { table: 'RetentionAudit', access: 'append' },
      ],
      // A step opened on a case already closed fails its own token.
      sendsTaskTokens: true,
    },
    {
      // Writes the head of every audit chain (model, cases) to the write-once anchor bucket.
      id: 'RetentionAuditAnchor',
      entry: 'functions/retention/handlers/audit-anchor.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      tables: [{ table: 'RetentionAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
  ],
  api: { functionId: 'RetentionApi', routes: Object.values(retentionRoutes) },
  publishes: retentionEvents,
  subscriptions: [
    {
      id: 'RetentionCustomerFacts',
      description:
        "Customers' registration, scope (branch, RM), relationship status and erasure; contact points that failed or delivered again.",
      events: [
        CustomerRegistered,
        CustomerProfileChanged,
        CustomerErased,
        ContactDeliveryFailed,
        ContactDelivered,
      ],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionActivity',
      description:
        "Customers' activity summaries (last transaction day, complete months' transactions, AUM and outflows) and lifecycle stage changes.",
      events: [ActivitySummaryChanged, CustomerSegmentChanged],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionComplaints',
      description: 'Complaints received and closed, and deadlines breached.',
      events: [ComplaintReceived, ComplaintClosed, ComplaintSlaBreached],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionSurveys',
      description: 'Survey answers (CSAT, NPS).',
      events: [SurveyAnswered],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionHoldings',
      description: 'Product holdings opened and matured (maturities not reinvested).',
      events: [ProductHoldingChanged],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionOffers',
      description:
        'The offers the recommendations capability recorded for retention cases, or word that none is suitable.',
      events: [RecommendationMade, RecommendationUnavailable],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
    {
      id: 'RetentionCalendarYears',
      description:
        'Years of the working-day calendar loaded by an admin: outreach due dates count with them.',
      events: [WorkingCalendarChanged],
      target: { kind: 'function', functionId: 'RetentionConsumer' },
    },
  ],
  schedules: [
    {
      id: 'RetentionUncontactedCount',
      description:
        'Hourly: the open retention cases whose outreach is past due (metric RetentionCasesUncontacted).',
      expression: 'rate(1 hour)',
      target: { kind: 'function', functionId: 'RetentionJobs', input: { job: 'uncontacted' } },
    },
    {
      id: 'DailyRetentionAuditAnchor',
      description:
        "Writes the head of every retention audit chain (the model's and each case's) to the write-once anchor bucket.",
      expression: 'cron(50 2 * * ? *)',
      target: { kind: 'function', functionId: 'RetentionAuditAnchor' },
    },
  ],
  passes: [
    {
      id: 'DailyChurnRescore',
      description:
        'Daily at 00:15 China Standard Time: every customer scored again (the time-driven signals), a score that moved written and an unchanged one left as it is; the whole book in parallel Scan segments.',
      expression: 'cron(15 16 * * ? *)',
      functionId: 'RetentionJobs',
      job: 'churn-rescore',
      // The whole book, cut by DynamoDB's parallel Scan: 100 segments keep each one to a tenth
      // of a million customers at 10 million (minutes per segment at one worker's rate, see
      // operations.md "Passes at scale"); at most 20 at once keeps the rescoring's writes (a
      // transaction per changed customer) well inside an on-demand table's throughput, so the
      // events' rescoring during the pass is not throttled.
      segments: 100,
      maxConcurrency: 20,
    },
  ],
  stateMachines: [retentionCaseStateMachine],
  coalescedWork: [
    {
      id: CHURN_RESCORING.id,
      description:
        "A customer's churn rescore, requested by the consumer after every features event and done once per batch from the latest features (docs/domain-rules.md §20.4)",
      functionId: 'RetentionRescorer',
      senders: ['RetentionConsumer'],
      envVar: CHURN_RESCORING.envVar,
      // Batches rescored at once: a burst across the whole book (a month's activity summaries)
      // drains at about 50 × 10 customers per batch time without taking the account's Lambda
      // concurrency from the API and the consumers; one customer's batches never overlap anyway.
      maxConcurrency: 50,
      maxDelaySetting: 'CHURN_RESCORE_MAX_DELAY_SECONDS',
    },
  ],
  gaugeMetrics: [
    {
      metricName: 'RetentionCasesUncontacted',
      description:
        'Open retention cases whose outreach is past its due time (3 working days) without the customer reached (counted hourly): customers at risk nobody has called',
      alarmAtOrAbove: 1,
      periodMinutes: 60,
    },
  ],
  policy: retentionPolicy,
  settings: [
    ...retentionSettingSpecs([
      'RetentionApi',
      'RetentionConsumer',
      'RetentionRescorer',
      'RetentionJobs',
      'RetentionWorkflowTasks',
    ]),
    ...churnRescoreSettingSpecs('RetentionRescorer'),
  ],
});
