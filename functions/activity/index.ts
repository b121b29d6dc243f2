import { defineCapability } from '../../shared/capability/define.js';
import { DEFAULT_MAX_DELAY_SECONDS } from '../../shared/coalescing/max-delay.js';
import {
  BalanceSnapshot,
  ComplianceStatusChanged,
  CreditRatingChanged,
  ProductHoldingChanged,
  TransactionPosted,
} from '../../shared/events/external.js';
import { CustomerErased, CustomerProfileChanged, CustomerRegistered } from '../customers/events.js';
import { activityRoutes } from './api/routes.js';
import {
  DEFAULT_TRANSACTION_AMOUNT_CAPS,
  GRADING_WORK,
  gradingMaxDelaySeconds,
  parkingHours,
  postedAtSkewSeconds,
  transactionAmountCaps,
} from './domain/settings.js';
import { activityEvents } from './events.js';
import { activityPolicy } from './policy.js';
import { REGRADE_SHARDS } from './store/grading-keys.js';

/**
 * Customer activity, segmentation and grading: ingests what core banking, credit risk and
 * AML publish (and the customers capability's registrations) into per-customer aggregates,
 * grades every customer (docs/domain-rules.md §14) after its events (requested per event,
 * coalesced per customer by the Grading queue) and daily for what time alone changes, and announces every segment change (CustomerSegmentChanged, through the
 * outbox). One bounded context: grading reads only the aggregates it keeps.
 */
export const activityCapability = defineCapability({
  name: 'activity',
  summary:
    'Customer activity, segmentation and grading: what core banking, credit risk, AML and the customers capability report, kept as per-customer aggregates; every customer graded after each event and daily for what time alone changes; every segment change announced.',
  tables: [
    {
      // Single-table design: monthly buckets, summaries, idempotency records, mirrored facts,
      // segments and their history, parked events, summary counters and the configuration.
      // See functions/activity/store/keys.ts and grading-keys.ts. No stream: nearly every
      // write here is a counter; the events go through ActivityOutbox.
      id: 'Activity',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        {
          // Sparse: segments items, by when time alone next changes the grading.
          indexName: 'byRegrade',
          partitionKey: { name: 'regradeShard', type: 'S' },
          sortKey: { name: 'regradeAt', type: 'S' },
        },
        {
          // Sparse: events parked for an unknown customer, by when they expire to the DLQ.
          indexName: 'byParkExpiry',
          partitionKey: { name: 'parkShard', type: 'S' },
          sortKey: { name: 'parkExpiresAt', type: 'S' },
        },
      ],
      // Monthly buckets age out after the 12-month window, idempotency records after 400 days.
      timeToLiveAttribute: 'expiresAt',
      envVar: 'ACTIVITY_TABLE',
    },
    {
      // The outbox of CustomerSegmentChanged events, written in the same transaction as the
      // grading they announce. A table of its own so that its stream (and the relay) carries
      // events only, not the counter updates of every transaction.
      id: 'ActivityOutbox',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'ACTIVITY_OUTBOX_TABLE',
    },
    {
      // Append-only audit trail of configuration changes (hash chain per subject).
      id: 'ActivityAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'ACTIVITY_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'ActivityApi',
      entry: 'functions/activity/handlers/api.ts',
      memoryMb: 1024,
      // A batch of 500 transactions within API Gateway's 30 s.
      timeoutSeconds: 29,
      tables: [
        { table: 'Activity', access: 'readWrite' },
        { table: 'ActivityOutbox', access: 'append' },
        { table: 'ActivityAudit', access: 'append' },
      ],
    },
    {
      id: 'ActivityConsumer',
      entry: 'functions/activity/handlers/consumer.ts',
      memoryMb: 512,
      timeoutSeconds: 30,
      tables: [
        { table: 'Activity', access: 'readWrite' },
        { table: 'ActivityOutbox', access: 'append' },
      ],
    },
    {
      // Grades the customers of the Grading queue's batches, each distinct customer once.
      id: 'ActivityGrader',
      entry: 'functions/activity/handlers/grader.ts',
      memoryMb: 512,
      // A batch of 10 customers graded at once, each a read and at most a few transaction
      // attempts: seconds. Short, because the queue's visibility timeout is six times this, and
      // that is how long a failed batch waits before its requests are given out again.
      timeoutSeconds: 30,
      tables: [
        { table: 'Activity', access: 'readWrite' },
        { table: 'ActivityOutbox', access: 'append' },
      ],
    },
    {
      id: 'ActivityDailyJobs',
      entry: 'functions/activity/handlers/daily-jobs.ts',
      memoryMb: 512,
      timeoutSeconds: 900,
      tables: [
        { table: 'Activity', access: 'readWrite' },
        { table: 'ActivityOutbox', access: 'append' },
      ],
    },
    {
      // Writes the head of the configuration's audit chain to the write-once anchor bucket.
      id: 'ActivityAuditAnchor',
      entry: 'functions/activity/handlers/audit-anchor.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      // Reads the head of every chain: a Scan of the audit table, which holds no values.
      tables: [{ table: 'ActivityAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
  ],
  api: { functionId: 'ActivityApi', routes: Object.values(activityRoutes) },
  coalescedWork: [
    {
      // A customer's grading, requested after every event (and batch) that may change it and
      // done by the grader, each customer of a batch once (docs/architecture.md, "Coalesced
      // work"): a burst for one busy customer becomes a few gradings in a row, not one per event
      // racing the others for the grading's version.
      id: GRADING_WORK,
      description:
        "Customers' gradings requested by the consumer and the batch ingestion, done by the grader.",
      functionId: 'ActivityGrader',
      senders: ['ActivityConsumer', 'ActivityApi'],
      envVar: 'GRADING_QUEUE_URL',
      // Each batch grades up to 10 customers, a consistent read and at most a transaction each;
      // 20 batches at once keep DynamoDB and the outbox relay busy well within their limits, and a
      // backlog only makes each batch cover more events.
      maxConcurrency: 20,
      maxDelaySetting: 'GRADING_MAX_DELAY_SECONDS',
    },
  ],
  publishes: activityEvents,
  subscriptions: [
    {
      id: 'CoreBankingActivity',
      description: 'Transactions, balance snapshots and product holdings from core banking.',
      events: [TransactionPosted, BalanceSnapshot, ProductHoldingChanged],
      target: { kind: 'function', functionId: 'ActivityConsumer' },
    },
    {
      id: 'CreditRatingsForGrading',
      description: 'Credit grades from the credit-risk system, for the credit dimension.',
      events: [CreditRatingChanged],
      target: { kind: 'function', functionId: 'ActivityConsumer' },
    },
    {
      id: 'ComplianceStatusesForGrading',
      description: 'Compliance statuses from AML, for the compliance dimension.',
      events: [ComplianceStatusChanged],
      target: { kind: 'function', functionId: 'ActivityConsumer' },
    },
    {
      id: 'CustomerFactsForGrading',
      description:
        'Registrations and profile changes (onboarding date, branch, RM, relationship), and erasures, which remove everything kept about the customer.',
      events: [CustomerRegistered, CustomerProfileChanged, CustomerErased],
      target: { kind: 'function', functionId: 'ActivityConsumer' },
    },
  ],
  passes: [
    {
      id: 'DailyRegrade',
      description: 'Regrades customers whose grading time alone changes (dormancy, new ending, a new month).',
      // 01:00 in China Standard Time, after the calendar day (and month) has turned.
      expression: 'cron(0 17 * * ? *)',
      functionId: 'ActivityDailyJobs',
      job: 'regrade',
      // One segment per shard of the regrade index (store/grading-keys.ts REGRADE_SHARDS), the
      // most workers the pass can use; 32 at once halves the peak on the table and on Lambda
      // concurrency and still regrades 50 million customers in a night (docs/operations.md,
      // "Passes at scale").
      segments: REGRADE_SHARDS,
      maxConcurrency: 32,
    },
  ],
  schedules: [
    {
      id: 'ParkedEventExpiry',
      description: 'Sends events whose customer never registered to the dead-letter queue.',
      expression: 'rate(1 hour)',
      target: { kind: 'function', functionId: 'ActivityDailyJobs', input: { job: 'expire-parked' } },
    },
    {
      id: 'DailyActivityAuditAnchor',
      description:
        'Writes the head of the segmentation configuration audit chain to the write-once anchor bucket, so a later rewrite of the trail is detected.',
      expression: 'cron(40 2 * * ? *)',
      target: { kind: 'function', functionId: 'ActivityAuditAnchor' },
    },
  ],
  // No SLA metric of its own: an expired parked event lands in ActivityDailyJobs' DLQ, whose
  // depth is alarmed like every DLQ's.
  policy: activityPolicy,
  settings: [
    {
      name: 'PARKED_EVENT_HOURS',
      description:
        'How long an event for a customer not registered yet waits for the registration before it goes to the dead-letter queue (hours)',
      default: '72',
      kind: 'positive-integer',
      functions: ['ActivityApi', 'ActivityConsumer', 'ActivityDailyJobs'],
      check: (value) => parkingHours({ PARKED_EVENT_HOURS: value }),
    },
    {
      name: 'POSTED_AT_SKEW_SECONDS',
      description:
        "How far in the future a transaction's postedAt may lie when it arrives: the clock skew allowed between a core system and the CRM (seconds, at most 86400)",
      default: '300',
      kind: 'non-negative-integer',
      functions: ['ActivityApi', 'ActivityConsumer'],
      check: (value) => postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: value }),
    },
    {
      name: 'TRANSACTION_AMOUNT_CAPS',
      description:
        'The largest amount one transaction may carry, per currency, in minor units (CODE=amount, comma-separated; * for every other currency, required); a transaction above it is refused before anything is written',
      default: DEFAULT_TRANSACTION_AMOUNT_CAPS,
      kind: 'currency-amounts',
      functions: ['ActivityApi', 'ActivityConsumer'],
      check: (value) => transactionAmountCaps({ TRANSACTION_AMOUNT_CAPS: value }),
    },
    {
      name: 'GRADING_MAX_DELAY_SECONDS',
      description:
        "The longest a customer's requested grading should wait in the Grading queue (seconds): nothing waits on purpose, the grader counts requests older than this (CoalescedWorkLate) and the queue's oldest message is alarmed above it",
      default: String(DEFAULT_MAX_DELAY_SECONDS),
      kind: 'positive-integer',
      functions: ['ActivityGrader'],
      check: (value) => gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: value }),
    },
  ],
});
