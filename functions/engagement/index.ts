import { defineCapability } from '../../shared/capability/define.js';
import { CustomerSegmentChanged } from '../activity/events.js';
import { WorkingCalendarChanged } from '../calendars/events.js';
import {
  ComplaintAssigned,
  ComplaintClosed,
  ComplaintContactRequested,
  ComplaintReceived,
} from '../complaints/events.js';
import {
  ConsentChanged,
  ContactDelivered,
  ContactDeliveryFailed,
  ContactPreferencesChanged,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
} from '../customers/events.js';
import { RecommendationContactRequested } from '../recommendations/events.js';
import { RetentionContactRequested, RetentionSurveyRequested } from '../retention/events.js';
import { engagementRoutes } from './api/routes.js';
import { engagementSettingSpecs } from './domain/settings.js';
import { engagementEvents, SurveyAnswered } from './events.js';
import { engagementPolicy } from './policy.js';

const task = { partitionKey: { name: 'pk', type: 'S' } } as const;

/**
 * Engagement: the one contact policy every outbound message goes through (consent, restriction,
 * quiet hours, the marketing cap, the channel), the templates, satisfaction surveys with signed
 * single-use links, return visits and follow-ups, and the satisfaction KPIs. It keeps C1 facts
 * only; the customers capability resolves addresses and names at delivery.
 */
export const engagementCapability = defineCapability({
  name: 'engagement',
  summary:
    'The one contact path: every outbound contact decided under the contact policy (consent per purpose and channel, restrictions, quiet hours, at most 2 marketing contacts in 7 days, the preferred channel) and recorded with the rule that decided; templates; satisfaction surveys after closed complaints and on a relationship schedule, answered through signed single-use links; return visits and follow-ups; satisfaction KPIs.',
  tables: [
    {
      // Single-table design: customer facts, contacts, the marketing-cap ledger, templates,
      // surveys, tasks, KPI buckets, idempotency, outbox and calendar years. See store/keys.ts.
      id: 'Engagement',
      ...task,
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        // Sparse: what the minute job picks up (deferred contacts, open tasks, survey expiries, periodic visits).
        {
          indexName: 'byDue',
          partitionKey: { name: 'dueKey', type: 'S' },
          sortKey: { name: 'dueAt', type: 'S' },
        },
        // Every customer's facts (relationship surveys) and every template (the template list).
        {
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byAssignee',
          partitionKey: { name: 'assigneeKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byBranch',
          partitionKey: { name: 'branchKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byQueue',
          partitionKey: { name: 'queueKey', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'ENGAGEMENT_TABLE',
    },
    {
      // Each customer's engagement data key (survey free text, visit notes): written once,
      // deleted when the customer is erased, never backed up (operations.md §9).
      id: 'EngagementKeys',
      partitionKey: { name: 'customerId', type: 'S' },
      envVar: 'ENGAGEMENT_KEYS_TABLE',
      noBackups: true,
    },
  ],
  functions: [
    {
      id: 'EngagementApi',
      entry: 'functions/engagement/handlers/api.ts',
      memoryMb: 1024,
      timeoutSeconds: 10,
      tables: [
        { table: 'Engagement', access: 'readWrite' },
        { table: 'EngagementKeys', access: 'append' },
      ],
      usesDataKeys: 'engagement',
      // Checks survey links on the public routes; it never makes one.
      signsSurveyTokens: 'verify',
    },
    {
      id: 'EngagementConsumer',
      entry: 'functions/engagement/handlers/consumer.ts',
      memoryMb: 512,
      timeoutSeconds: 60,
      tables: [
        { table: 'Engagement', access: 'readWrite' },
        // Deletes an erased customer's engagement key, and nothing else.
        { table: 'EngagementKeys', access: 'erase' },
      ],
      // Sends the survey link after a closed complaint and for a retention case.
      signsSurveyTokens: 'sign',
    },
    {
      id: 'EngagementScheduler',
      entry: 'functions/engagement/handlers/scheduler.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: [{ table: 'Engagement', access: 'readWrite' }],
      // The relationship rounds read the facts mirror through this index, a parallel Scan
      // segment at a time; the table itself stays unscannable.
      scansIndexes: [{ table: 'Engagement', indexName: 'byEntity' }],
      // Sends the relationship surveys' links.
      signsSurveyTokens: 'sign',
    },
  ],
  api: {
    functionId: 'EngagementApi',
    routes: Object.values(engagementRoutes),
  },
  publishes: engagementEvents,
  subscriptions: [
    {
      id: 'EngagementCustomerEvents',
      description:
        "Customers' scope, consents, restrictions, contact preferences and erasure (the facts the contact policy decides on), and the delivery results of dispatched contacts.",
      events: [
        CustomerRegistered,
        CustomerProfileChanged,
        ConsentChanged,
        CustomerRestricted,
        CustomerRestrictionLifted,
        ContactPreferencesChanged,
        CustomerErased,
        ContactDelivered,
        ContactDeliveryFailed,
      ],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementGrades',
      description: "Customers' composite grade: how often the RM visits them.",
      events: [CustomerSegmentChanged],
      detailFilter: { dimension: ['compositeGrade'] },
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementComplaints',
      description:
        "Complaints' queue and assignee (who gets the return visit), their closure (survey and return visit), and the complaint updates the complaints capability asks to send.",
      events: [ComplaintReceived, ComplaintAssigned, ComplaintClosed, ComplaintContactRequested],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementRecommendations',
      description:
        'The product recommendations an RM sends to a customer (purpose `marketing`): decided under the contact policy like any other request.',
      events: [RecommendationContactRequested],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementRetention',
      description:
        "A retention case's contacts (a care contact, or an offer as marketing), decided under the contact policy like any other request, and the satisfaction survey a medium-risk case asks for.",
      events: [RetentionContactRequested, RetentionSurveyRequested],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementCalendarYears',
      description: 'Years of the working-day calendar loaded by an admin: task due dates count with them.',
      events: [WorkingCalendarChanged],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
    {
      id: 'EngagementSurveyFollowUps',
      description:
        'A poor survey answer (CSAT at or below the threshold, or unresolved) opens a follow-up task.',
      events: [SurveyAnswered],
      target: { kind: 'function', functionId: 'EngagementConsumer' },
    },
  ],
  schedules: [
    {
      id: 'EngagementDueItems',
      description:
        'Every minute: deferred contacts whose time came, tasks past due (escalated), expired survey links, periodic visits due.',
      expression: 'rate(1 minute)',
      target: { kind: 'function', functionId: 'EngagementScheduler', input: { job: 'due' } },
    },
    {
      // Not per customer: one level over the branches' closed complaints, so a plain schedule.
      id: 'EngagementDaily',
      description: 'Daily: the return-visit coverage level and the satisfaction KPIs.',
      expression: 'cron(30 1 * * ? *)',
      target: { kind: 'function', functionId: 'EngagementScheduler', input: { job: 'daily' } },
    },
  ],
  passes: [
    {
      id: 'RelationshipSurveys',
      description:
        'Daily at 01:30 UTC: on the first day of a quarter the relationship sample, on 1 December the census (every active customer); on other days every segment ends at once. The whole facts mirror in parallel Scan segments.',
      expression: 'cron(30 1 * * ? *)',
      functionId: 'EngagementScheduler',
      job: 'relationship-surveys',
      // The whole book on census day: 100 segments keep each to a hundredth of it; at most 20
      // at once keeps the contact path's writes (a request and its decision per customer) and
      // the bank's messaging gateway to a steady rate rather than one burst of every link.
      segments: 100,
      maxConcurrency: 20,
    },
  ],
  gaugeMetrics: [
    {
      metricName: 'ReturnVisitCoverageShortfall',
      description:
        'Percentage points by which return-visit coverage (closed complaints of the last 30 days with a completed visit) falls below ENGAGEMENT_COVERAGE_TARGET_PERCENT (counted daily)',
      alarmAtOrAbove: 1,
      periodMinutes: 1440,
    },
  ],
  policy: engagementPolicy,
  settings: engagementSettingSpecs(['EngagementApi', 'EngagementConsumer', 'EngagementScheduler']),
});
