import { defineCapability } from '../../shared/capability/define.js';
import { ComplianceStatusChanged, MessageDeliveryReported } from '../../shared/events/external.js';
import { WorkingCalendarChanged } from '../calendars/events.js';
import { ComplaintAssigned, ComplaintClosed, ComplaintReceived } from '../complaints/events.js';
import { ContactDispatched } from '../engagement/events.js';
import { customerRoutes } from './api/routes.js';
import { deliverySettingSpecs } from './domain/delivery-settings.js';
import { customerSettingSpecs } from './domain/setting-specs.js';
import { customersEvents } from './events.js';
import { customersPolicy } from './policy.js';
import { periodicReviewStateMachine } from './workflows/periodic-review.js';

/**
 * Customer information: the record (classified, encrypted, masked), its audit trail,
 * consents, retention and erasure, the periodic information review (its deadlines counted with
 * the calendar years it mirrors from the calendars capability), the compliance status the
 * AML system reports, who may read a customer because of an open complaint, the customer's
 * contact preferences, and the delivery of the contacts the engagement capability decides: the
 * one place an address is opened to send a message.
 */
// The customer policies (retention, review cadence and deadlines, agent grants) are read by
// every function of the capability (setup builds them once): each gets the same values.
const EVERY_FUNCTION = [
  'CustomersApi',
  'CustomersReviewScheduler',
  'CustomersReviewTasks',
  'CustomersComplianceConsumer',
  'CustomersComplaintAccess',
  'CustomersCalendarMirror',
  'CustomersShredder',
  'CustomersDelivery',
];

export const customersCapability = defineCapability({
  name: 'customers',
  summary:
    'Customer information: the record (classified, encrypted field by field, masked by role), its audit trail, consents and contact preferences, retention and erasure, the periodic information review, the compliance status the AML system reports, and the delivery of the contacts the engagement capability decides (the one place an address is opened).',
  tables: [
    {
      // Single-table design: customer profiles, ID-document locks, idempotency records,
      // reviews, mirrored calendar years and outbox items. See functions/customers/store/keys.ts
      // for the key schema.
      id: 'Customers',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
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
          // Every customer profile in creation order (entityType CUSTOMER, listKey
          // CUSTOMER#<createdAt>#<id>): the compliance officer's unscoped list is a Query on
          // it, so no function needs Scan. One partition per entity type: see operations.md §11.
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
        {
          indexName: 'byMobile',
          partitionKey: { name: 'mobileIndex', type: 'S' },
          sortKey: { name: 'pk', type: 'S' },
        },
        {
          indexName: 'byDue',
          partitionKey: { name: 'dueKey', type: 'S' },
          sortKey: { name: 'dueAt', type: 'S' },
        },
        {
          // Sparse: only customers whose day of turning SENIOR_AGE is still ahead carry
          // seniorDayIndex, a keyed hash of that day (never the birth date). The daily senior
          // job queries today's hash (docs/domain-rules.md §19.3).
          indexName: 'bySeniorDay',
          partitionKey: { name: 'seniorDayIndex', type: 'S' },
          sortKey: { name: 'pk', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'CUSTOMERS_TABLE',
      // The customer record keeps the head of its audit chain (docs/domain-rules.md §12).
      auditHeadAttribute: 'audit',
    },
    {
      // Each customer's encrypted data key, apart from the record: written once at registration,
      // deleted by the shredder, never updated. No point-in-time recovery and no backups, so a
      // shredded customer's key is gone from every copy and a restored Customers table cannot
      // open its sealed values (operations.md §9).
      id: 'CustomerKeys',
      partitionKey: { name: 'customerId', type: 'S' },
      envVar: 'CUSTOMER_KEYS_TABLE',
      noBackups: true,
    },
    {
      // Append-only audit trail: one partition per customer (subject `customer#<id>`), a hash
      // chain over `seq`.
      id: 'CustomerAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'CUSTOMER_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'CustomersApi',
      entry: 'functions/customers/handlers/api.ts',
      memoryMb: 1024,
      timeoutSeconds: 10,
      tables: [
        { table: 'Customers', access: 'readWrite' },
        { table: 'CustomerAudit', access: 'append' },
        // Writes a new customer's key once and reads keys; may neither change nor delete one.
        { table: 'CustomerKeys', access: 'append' },
      ],
      usesDataKeys: 'customer',
      usesBlindIndexKey: true,
      sendsTaskTokens: true,
    },
    {
      id: 'CustomersReviewScheduler',
      entry: 'functions/customers/handlers/review-scheduler.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: [{ table: 'Customers', access: 'readWrite' }],
      startsStateMachines: ['PeriodicReview'],
    },
    {
      id: 'CustomersReviewTasks',
      entry: 'functions/customers/handlers/review-tasks.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [{ table: 'Customers', access: 'readWrite' }],
      // A review completed while its next step was being opened: the task answers the new
      // token itself (awaitReviewStage), so it sends task tokens too.
      sendsTaskTokens: true,
    },
    {
      // The AML system's status reports: C1 only, so no data keys and no blind-index key.
      id: 'CustomersComplianceConsumer',
      entry: 'functions/customers/handlers/compliance-consumer.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Customers', access: 'readWrite' },
        { table: 'CustomerAudit', access: 'append' },
      ],
    },
    {
      // Who may read a customer because of an open complaint (ids only: no keys).
      id: 'CustomersComplaintAccess',
      entry: 'functions/customers/handlers/complaint-access.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Customers', access: 'readWrite' },
        { table: 'CustomerAudit', access: 'append' },
      ],
    },
    {
      // Mirrors loaded calendar years (public data, no keys) and re-times the review workflows
      // whose provisional deadlines the year corrects.
      id: 'CustomersCalendarMirror',
      entry: 'functions/customers/handlers/calendar-mirror.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: [{ table: 'Customers', access: 'readWrite' }],
      sendsTaskTokens: true,
    },
    {
      // Writes the heads of every customer's audit chain to the write-once anchor bucket.
      id: 'CustomersAuditAnchor',
      entry: 'functions/customers/handlers/audit-anchor.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      // Reads the head of every chain: a Scan of the audit table, which holds no values.
      tables: [{ table: 'CustomerAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
    {
      // The daily record jobs: crypto-shredding and the senior birthdays. The blind-index key
      // hashes the day a customer turns SENIOR_AGE to find them (docs/domain-rules.md §19.3).
      id: 'CustomersShredder',
      entry: 'functions/customers/handlers/shredder.ts',
      memoryMb: 512,
      timeoutSeconds: 300,
      usesBlindIndexKey: true,
      tables: [
        { table: 'Customers', access: 'readWrite' },
        { table: 'CustomerAudit', access: 'append' },
        // Deletes a shredded customer's data key, and nothing else.
        { table: 'CustomerKeys', access: 'erase' },
      ],
    },
    {
      // The one place an address is opened: delivers the contacts engagement dispatches (the
      // customer's own consent and restriction checked again), through SES, End User Messaging
      // SMS or the bank's gateway queue, and announces each result from the outbox. Reads the
      // record and its data key; writes only its delivery markers and outbox items.
      id: 'CustomersDelivery',
      entry: 'functions/customers/handlers/delivery.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Customers', access: 'readWrite' },
        { table: 'CustomerKeys', access: 'read' },
      ],
      // Opens a customer's data key to read the address; never creates one.
      usesDataKeys: 'customer',
      opensDataKeysOnly: true,
      sendsMessages: true,
    },
  ],
  api: { functionId: 'CustomersApi', routes: Object.values(customerRoutes) },
  publishes: customersEvents,
  subscriptions: [
    {
      id: 'ComplianceStatusChanged',
      description: 'AML compliance status reports: review cadence and restricted processing of the customer.',
      events: [ComplianceStatusChanged],
      target: { kind: 'function', functionId: 'CustomersComplianceConsumer' },
    },
    {
      id: 'ComplaintAccess',
      description:
        'Complaints received, assigned and closed: the assignee (a service agent) reads the customer while the complaint is open, the head-office complaints unit reads a customer with an open complaint; each grant and its end audited in the customer’s chain.',
      events: [ComplaintReceived, ComplaintAssigned, ComplaintClosed],
      target: { kind: 'function', functionId: 'CustomersComplaintAccess' },
    },
    {
      id: 'WorkingCalendarChanged',
      description:
        'Years of the working-day calendar loaded by an admin: review deadlines count with them, and provisional ones are counted again.',
      events: [WorkingCalendarChanged],
      target: { kind: 'function', functionId: 'CustomersCalendarMirror' },
    },
    {
      id: 'CustomersContactDelivery',
      description:
        "Contacts the engagement capability decided to send: the address and the name are opened and the message sent through the channel's provider; ContactDelivered or ContactDeliveryFailed announces the result.",
      events: [ContactDispatched],
      target: { kind: 'function', functionId: 'CustomersDelivery' },
    },
    {
      id: 'MessageDeliveryReported',
      description:
        "The bank's messaging gateway reports what became of a message it was handed (delivered, failed, bounced): announced as ContactDelivered or ContactDeliveryFailed.",
      events: [MessageDeliveryReported],
      target: { kind: 'function', functionId: 'CustomersDelivery' },
    },
  ],
  schedules: [
    {
      id: 'DailyAuditAnchor',
      description:
        'Writes the head of every customer audit chain to the write-once anchor bucket, so a later rewrite of the trail is detected.',
      expression: 'cron(30 2 * * ? *)',
      target: { kind: 'function', functionId: 'CustomersAuditAnchor' },
    },
  ],
  // One segment each: these are not whole-book passes but small due sets read through one
  // partition of an index (a Query cannot be cut into parallel segments without sharding its
  // key). The segment still hands its cursor back to the pass machine before the function's
  // timeout, so no run is bounded by one invocation, and a customer that fails is
  // dead-lettered while the others go on (docs/architecture.md, "Passes").
  passes: [
    {
      id: 'DailyReviewScan',
      description:
        'Finds customers whose periodic information review is due and starts a review for each; starts again the reviews whose workflow start was lost.',
      expression: 'cron(0 1 * * ? *)',
      functionId: 'CustomersReviewScheduler',
      job: 'review-scan',
      // Reviews fall due every 1 to 5 years by risk: about 1/700 of the book a day (some 14,000
      // at ten million), read from the single REVIEWDUE partition of byDue.
      segments: 1,
      maxConcurrency: 1,
    },
    {
      id: 'DailyShred',
      description:
        'Crypto-shreds customers whose erasure was requested and whose retention period has ended.',
      expression: 'cron(0 2 * * ? *)',
      functionId: 'CustomersShredder',
      job: 'shred',
      // Erasures whose retention ended that day: a handful, from the SHRED partition of byDue.
      segments: 1,
      maxConcurrency: 1,
    },
    {
      id: 'DailySeniors',
      description:
        'Just after 00:00 China Standard Time: makes senior the customers who turn SENIOR_AGE that day (found by a keyed hash of the day, never by decrypting birth dates), audited and announced by CustomerProfileChanged.',
      // 16:05 UTC is 00:05 CST: the day a customer turns 65 begins with the fact published.
      expression: 'cron(5 16 * * ? *)',
      functionId: 'CustomersShredder',
      job: 'senior',
      // Keyed by the day: about 1/29,000 of the book turns SENIOR_AGE on a given day (some 350
      // at ten million), in one partition of bySeniorDay per day.
      segments: 1,
      maxConcurrency: 1,
    },
  ],
  stateMachines: [periodicReviewStateMachine],
  slaBreachMetrics: [
    {
      metricName: 'ReviewsOverdue',
      description: 'A periodic information review passed the RM and the supervisor deadlines',
    },
    {
      metricName: 'ProvisionalDeadlines',
      description:
        'A periodic information review was opened with a deadline counted over a year without working-day calendar data (load the year: PUT /v1/config/calendars/{year})',
    },
    {
      metricName: 'SearchLockouts',
      description:
        'A caller went over the search limit and is locked out of search: read their search audit chain (subject searcher#<sub>)',
    },
    {
      metricName: 'RegistrationsReferred',
      description:
        "A registration was refused because the identity document belongs to a customer outside the caller's scope: a back-office check is in that customer's audit trail (registration.referred)",
    },
  ],
  policy: customersPolicy,
  settings: [
    ...customerSettingSpecs({
      every: EVERY_FUNCTION,
      api: ['CustomersApi'],
      dataKeys: ['CustomersApi', 'CustomersDelivery'],
    }),
    ...deliverySettingSpecs(['CustomersDelivery']),
  ],
});
