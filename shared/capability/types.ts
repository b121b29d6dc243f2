import type { Policy } from '../auth/policy.js';
import type { RecordType } from '../crypto/record-cipher.js';
import type { EventDefinition } from '../events/define.js';
import type { AnyRouteContract, HttpMethod } from '../http/contract.js';

/**
 * A capability described as data. The CDK constructs and the local cloud both build from
 * these definitions, so tables, routes, rules, schedules and state machines are written once.
 * Nothing here depends on CDK: product code may import it, infra builds on it.
 */

export type AttributeType = 'S' | 'N';

export interface KeySpec {
  readonly name: string;
  readonly type: AttributeType;
}

export interface TableSpec {
  /** Construct id and logical name, e.g. `Customers`. */
  readonly id: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly globalSecondaryIndexes?: readonly {
    readonly indexName: string;
    readonly partitionKey: KeySpec;
    readonly sortKey?: KeySpec;
  }[];
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  readonly timeToLiveAttribute?: string;
  /** NEW_IMAGE stream for the outbox relay. */
  readonly outboxStream?: boolean;
  /** Environment variable through which functions learn the table name. */
  readonly envVar: string;
  /** Audit tables: no function may delete or update an item. */
  readonly appendOnly?: boolean;
  /**
   * Key tables: no point-in-time recovery and tagged `fincrm:backup=never`, so an item deleted
   * (a shredded customer's data key) is gone from every copy at once (operations.md §9).
   */
  readonly noBackups?: boolean;
  /**
   * The attribute of this table's items that keeps the head of an audit chain (`audit`): only
   * functions that append to an audit table may write it, and only inside a transaction.
   */
  readonly auditHeadAttribute?: string;
}

/**
 * `erase`: read an item and delete it, nothing else (the shredder on a key table). `readAll`:
 * read, and read the whole table (Scan); only on an append-only audit table, whose records name
 * fields and never hold values (the audit anchor reads every chain's head).
 */
export type TableAccess = 'read' | 'readWrite' | 'append' | 'erase' | 'readAll';

export interface FunctionSpec {
  /** Construct id, e.g. `CustomersApi`. */
  readonly id: string;
  /**
   * Path from the repository root to the handler module, e.g. `functions/customers/handlers/api.ts`.
   * It exports `createHandler(runtime)` and `handler = createHandler(lambdaRuntime())`: Lambda
   * calls `handler`, the local cloud builds its own with `createHandler`.
   */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly tables: readonly { readonly table: string; readonly access: TableAccess }[];
  /**
   * Needs the customer-managed key for the data keys of one kind of record (GenerateDataKey and
   * Decrypt, only with that record type's encryption context).
   */
  readonly usesDataKeys?: RecordType;
  /** Only opens existing data keys (kms:Decrypt), never creates one: a reader of sealed fields. */
  readonly opensDataKeysOnly?: boolean;
  /**
   * Indexes the function reads whole, one parallel Scan segment at a time, for a per-customer
   * pass over the book (shared/dynamodb/segment-scan.ts): `dynamodb:Scan` on exactly these
   * indexes of tables it is granted, never on a table itself (which would read every item of
   * every kind). Nothing else of the function may Scan.
   */
  readonly scansIndexes?: readonly { readonly table: string; readonly indexName: string }[];
  /** Needs the blind-index secret. */
  readonly usesBlindIndexKey?: boolean;
  /**
   * Signs survey links (`sign`: kms:GenerateMac and kms:VerifyMac) or only checks them
   * (`verify`: kms:VerifyMac) with the survey token key, `SURVEY_TOKEN_KEY_ID`.
   */
  readonly signsSurveyTokens?: 'sign' | 'verify';
  /** Publishes to the bus directly (only the outbox relay should). */
  readonly putsEvents?: boolean;
  /** Sends task success/failure for these state machines' callbacks, or starts them. */
  readonly startsStateMachines?: readonly string[];
  readonly sendsTaskTokens?: boolean;
  /**
   * Writes the daily anchors of the audit chain heads to the write-once bucket (s3:PutObject,
   * `AUDIT_ANCHOR_BUCKET`) and signs them (kms:GenerateMac).
   */
  readonly writesAuditAnchors?: boolean;
  /**
   * Sends messages to customers: SES e-mail (ses:SendEmail), End User Messaging SMS
   * (sms-voice:SendTextMessage) and the capability's encrypted messaging gateway queue, which the
   * platform creates for the capability (sqs:SendMessage; `MESSAGING_GATEWAY_QUEUE_URL`). The
   * platform also creates the function's SES configuration set (`SES_CONFIGURATION_SET`), whose
   * delivery, bounce, complaint and reject events a rule on the default bus hands back to the
   * function (shared/capability/email-events.ts).
   */
  readonly sendsMessages?: boolean;
  /**
   * Cognito invokes it as the user pool's pre-token-generation trigger (V2). Attached only
   * when the stack has a user pool (not with an external OIDC issuer).
   */
  readonly userPoolTrigger?: 'preTokenGeneration';
  /** Plain environment values (never secrets). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A route as API Gateway sees it: derived from a route contract (see `routeSpecsOf`). */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path, e.g. `/v1/customers/{customerId}`. */
  readonly path: string;
  /** `false` only for public routes (the health check). */
  readonly authorized: boolean;
  /**
   * Which stage throttle applies: `public` for the routes a customer reaches without a token
   * (`action: null` under `/v1/public/`), `lookup` for searches by personal data, `write` for
   * every other method than GET, `read` (the stage's default throttle) for GET.
   */
  readonly throttle: RouteThrottleClass;
}

export type RouteThrottleClass = 'read' | 'write' | 'lookup' | 'public';

/** The capability's HTTP API: one function serves every route. */
export interface ApiSpec {
  readonly functionId: string;
  /** The route contracts (method, path, policy action, request and response schemas). */
  readonly routes: readonly AnyRouteContract[];
  /**
   * This function also answers every request no route matches (API Gateway's `$default`
   * route), with the API's route table in `API_ROUTE_KEYS`. One capability of the app: the platform.
   */
  readonly fallback?: boolean;
}

/**
 * A subscription to events on the bus, by reference to their definitions: the rule's pattern
 * is generated from them (`rulesOf`), never written by hand. All events of one subscription
 * come from one source.
 */
export interface SubscriptionSpec {
  readonly id: string;
  readonly description: string;
  readonly events: readonly EventDefinition[];
  /**
   * Content filters on the events' detail, in EventBridge's pattern language (the subset the
   * local bus supports, e.g. `{ level: [{ numeric: ['>=', 2] }] }`), when only some of them matter.
   */
  readonly detailFilter?: Readonly<Record<string, unknown>>;
  readonly target:
    | { readonly kind: 'function'; readonly functionId: string }
    | { readonly kind: 'stateMachine'; readonly stateMachineId: string };
}

/**
 * An EventBridge rule, as generated from a subscription (on the platform bus) or for a function
 * that sends messages (its SES e-mail events, on the account's default bus: SES publishes
 * nowhere else). The local cloud has one bus and routes both.
 */
export interface RuleSpec {
  readonly id: string;
  readonly description: string;
  /** Which bus the rule is on; absent: the platform bus. */
  readonly bus?: 'default';
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly target:
    | { readonly kind: 'function'; readonly functionId: string }
    | {
        readonly kind: 'stateMachine';
        readonly stateMachineId: string;
      };
}

/** An EventBridge Scheduler schedule (UTC). */
export interface ScheduleSpec {
  readonly id: string;
  readonly description: string;
  /** `cron(...)` or `rate(...)` as Scheduler accepts them. */
  readonly expression: string;
  readonly target: {
    readonly kind: 'function';
    readonly functionId: string;
    readonly input?: Readonly<Record<string, unknown>>;
  };
}

/**
 * A Standard state machine in JSONPath ASL. Task states name their Lambda with the
 * placeholder `${Fn_<FunctionSpec.id>}` in `Parameters.FunctionName`, and service
 * integrations are written `arn:${Partition}:states:::lambda:invoke[.waitForTaskToken]`.
 * CDK fills both through DefinitionSubstitutions (the function ARN, the stack's partition);
 * the local cloud binds the placeholders to in-process handlers.
 */
export interface StateMachineSpec {
  readonly id: string;
  readonly definition: Readonly<Record<string, unknown>>;
  /** Functions the state machine invokes. */
  readonly invokes: readonly string[];
}

/**
 * Work coalesced per key (shared/coalescing/requests.ts): an SQS FIFO queue (the key, a customer
 * id, as message group; its own dead-letter queue after 5 receives) feeding `functionId` in
 * batches of up to 10 through an event source mapping with ReportBatchItemFailures. The
 * `senders` get `sqs:SendMessage` on it and its URL in `envVar`. The capability setting named
 * `maxDelaySetting` (seconds) is how long a request may wait: the queue's age of oldest message
 * is alarmed above it.
 */
export interface CoalescedWorkSpec {
  /** Construct id, e.g. `Grading`. */
  readonly id: string;
  readonly description: string;
  /** The function that does the work, from the queue's batches. */
  readonly functionId: string;
  /** The functions that request the work. */
  readonly senders: readonly string[];
  /** Environment variable of the senders holding the queue URL, e.g. `GRADING_QUEUE_URL`. */
  readonly envVar: string;
  /** At most this many batches at once (the mapping's MaximumConcurrency, 2 to 1000). */
  readonly maxConcurrency: number;
  /** A setting of the capability (kind positive-integer, seconds): the longest a request should wait. */
  readonly maxDelaySetting: string;
}

/**
 * A per-customer pass (shared/passes/segment.ts): the schedule `expression` starts the
 * capability's pass machine (one Standard state machine per capability with passes) for this
 * pass; its Distributed Map runs `segments` child workflows, at most `maxConcurrency` at once,
 * each invoking `functionId` with a PassSegmentInput (`job`, the segment, the cursor it
 * returned) until it returns no cursor. An invocation that fails is retried; a segment that
 * still fails lets every other segment finish, then fails the execution (alarmed). A customer
 * whose work fails is dead-lettered by the worker and the segment goes on.
 */
export interface PassSpec {
  /** E.g. `DailyRegrade`; also the schedule's construct id. */
  readonly id: string;
  readonly description: string;
  /** `cron(...)` as Scheduler accepts it (UTC). */
  readonly expression: string;
  /** The worker function. */
  readonly functionId: string;
  /** The worker's job name (PassSegmentInput.job). */
  readonly job: string;
  /** How many segments the book is cut into (1 to 1000). */
  readonly segments: number;
  /** Segments worked at once (the map's MaxConcurrency). */
  readonly maxConcurrency: number;
}

/** A business metric (EMF, namespace FinCrm, dimension `service` = capability) whose every data point is an SLA breach. */
export interface SlaBreachMetricSpec {
  readonly metricName: string;
  readonly description: string;
}

/**
 * A business metric that is a level, not a count of incidents (open complaints due soon): the
 * capability emits its current value on a schedule (EMF, namespace FinCrm, dimension `service`
 * = capability, no other dimension). Alarmed when the highest value of a period reaches
 * `alarmAtOrAbove`, and drawn on the dashboard; a period without a value is not a breach.
 */
export interface GaugeMetricSpec {
  readonly metricName: string;
  readonly description: string;
  readonly alarmAtOrAbove: number;
  /** The alarm's period: at least the schedule's interval, so every period holds a value. */
  readonly periodMinutes: number;
}

/** How a setting's value is checked, when the app is synthesised and in the local cloud. */
export type SettingKind =
  | 'positive-integer'
  | 'non-negative-integer'
  | 'month-day'
  | 'branch-lists'
  | 'currency-amounts'
  | 'yes-no'
  | 'code-list'
  | 'time-of-day'
  | 'time-zone'
  | 'url'
  | 'code'
  | 'risk-level'
  | 'identifier';

/**
 * A value a bank sets per deployment (a retention period, a grace time): an environment
 * variable of the functions that read it. CDK takes it from the context
 * (`npx cdk deploy -c PARKED_EVENT_HOURS=96`, or `context` in cdk.json), the local cloud from
 * its own environment; either falls back to the default. `check` is the functions' own reading,
 * run at synthesis as well.
 */
export interface SettingSpec {
  /** The environment variable, UPPER_SNAKE (also the CDK context key). */
  readonly name: string;
  readonly description: string;
  readonly default: string;
  readonly kind: SettingKind;
  /** The capability's functions that receive it. */
  readonly functions: readonly string[];
  /**
   * How the functions read the value at cold start (throwing on a value they refuse). Run at
   * synthesis too, so a value the functions would refuse fails `cdk synth`, not every cold start.
   * `settings` holds the deployment's other resolved values, for a rule that ties settings
   * together (a limit no larger than a maximum set beside it).
   */
  readonly check: (value: string, settings: Readonly<Record<string, string>>) => unknown;
}

/** Everything one capability is: its folder's `index.ts` exports one of these. */
export interface CapabilityDefinition {
  /** Lower-case capability name; its events' source is `crm.<name>`. */
  readonly name: string;
  /** One paragraph for the documentation: what the capability is responsible for. */
  readonly summary: string;
  readonly tables: readonly TableSpec[];
  readonly functions: readonly FunctionSpec[];
  readonly api?: ApiSpec;
  /** The events the capability announces (through its outbox). */
  readonly publishes: readonly EventDefinition[];
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly schedules?: readonly ScheduleSpec[];
  readonly stateMachines?: readonly StateMachineSpec[];
  /** Per-customer passes fanned out over segments (instead of one function looping over the book). */
  readonly passes?: readonly PassSpec[];
  /** Work coalesced per customer through a FIFO queue. */
  readonly coalescedWork?: readonly CoalescedWorkSpec[];
  /** Alarmed at the first breach and drawn on the capability's dashboard. */
  readonly slaBreachMetrics?: readonly SlaBreachMetricSpec[];
  /** Levels emitted on a schedule, alarmed at a threshold and drawn on the capability's dashboard. */
  readonly gaugeMetrics?: readonly GaugeMetricSpec[];
  /** The capability's policy actions (deny by default). */
  readonly policy: Policy;
  /** Values a bank may set per deployment. */
  readonly settings?: readonly SettingSpec[];
}
