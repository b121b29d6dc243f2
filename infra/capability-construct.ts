import { NestedStack } from 'aws-cdk-lib';
import { LambdaVersion, type UserPool, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  API_ROUTE_KEYS_ENV,
  apiRouteKeys,
  routeSpecsOf,
  rulesOf,
  synchronousOnlyFunctions,
} from '../shared/capability/define.js';
import { settingsFor } from '../shared/capability/settings.js';
import type { CapabilityDefinition, CoalescedWorkSpec } from '../shared/capability/types.js';
import { passMachineOf } from '../shared/workflows/pass.js';
import { CoalescedWork } from './platform/coalesced-work.js';
import { CrmFunction } from './platform/crm-function.js';
import { EmailEvents } from './platform/email-events.js';
import type { CrmHttpApi } from './platform/http-api.js';
import { capabilityLogGroup } from './platform/log-group.js';
import { MessagingGateway } from './platform/messaging-gateway.js';
import { CapabilityMonitoring } from './platform/observability.js';
import { OutboxRelay } from './platform/outbox-relay.js';
import { PassMachine } from './platform/pass-machine.js';
import { SharedQueuePolicy } from './platform/queues.js';
import { CrmRule, defaultBusRuleName } from './platform/rule.js';
import { CrmSchedule } from './platform/schedule.js';
import { CrmStateMachine } from './platform/state-machine.js';
import { CrmTable } from './platform/table.js';
import { Undelivered } from './platform/undelivered.js';
import type { StageSettings } from './stage.js';

/** What the platform gives every capability. */
export interface CrmPlatform {
  readonly settings: StageSettings;
  readonly dataKey: IKey;
  readonly bus: IEventBus;
  readonly blindIndexSecret: ISecret;
  readonly api: CrmHttpApi;
  readonly alarmTopic: Topic;
  /** The HMAC key that signs audit records (KMS GenerateMac/VerifyMac). */
  readonly auditMacKey: IKey;
  /** The write-once bucket of the audit anchors (Object Lock, COMPLIANCE). */
  readonly auditAnchors: IBucket;
  /** The HMAC key that signs survey links (KMS GenerateMac/VerifyMac). */
  readonly surveyTokenKey: IKey;
  /** The Cognito user pool; undefined with an external OIDC issuer. */
  readonly userPool?: UserPool;
}

export interface CapabilityConstructProps {
  readonly definition: CapabilityDefinition;
  readonly platform: CrmPlatform;
  /** Every capability of the app: the fallback function (`api.fallback`) gets their route table. */
  readonly app: readonly CapabilityDefinition[];
  /** The value of every setting of the app (`resolveSettings`). */
  readonly capabilitySettings: Readonly<Record<string, string>>;
}

function lookup<T>(map: ReadonlyMap<string, T>, id: string, what: string, capability: string): T {
  const found = map.get(id);
  if (found === undefined) throw new Error(`Capability ${capability}: unknown ${what} ${id}`);
  return found;
}

/**
 * One capability built from its definition: tables (and outbox relays), functions with the
 * grants the definition declares, routes, state machines, schedules, rules generated from its
 * subscriptions, alarms and a dashboard. Nothing here names a capability: all of it comes from
 * the definition.
 *
 * Where each resource goes (docs/operations.md §1): what holds data or has a fixed physical name
 * stays in the root stack at its construct path, so an existing deployment keeps it as it is:
 * tables, the log group, the dashboard, the SES configuration sets, the named EventBridge rules
 * and the undelivered queue whose policy names them. So do what the root's own resources must
 * name, which a nested stack that depends on the root could not give them without a cycle: the
 * outbox relays (the bus policy names their roles) and the shared queue policy (a queue policy
 * that moved would, once the old one is deleted, leave the queues it shares with it without
 * one). Everything else is created in {@link resources}, the capability's nested stack, which
 * keeps each template far from CloudFormation's 500 resources.
 */
export class CapabilityConstruct extends Construct {
  readonly definition: CapabilityDefinition;
  /**
   * The capability's nested stack: the scope of its functions, roles, queues, state machines,
   * schedules, routes and alarms. A new stateless resource of the capability belongs here.
   */
  readonly resources: NestedStack;
  readonly tables = new Map<string, CrmTable>();
  readonly functions = new Map<string, CrmFunction>();
  readonly stateMachines = new Map<string, CrmStateMachine>();
  /** The FIFO queues of the capability's coalesced work, by spec id. */
  readonly coalescedWork = new Map<string, CoalescedWork>();
  readonly relays: OutboxRelay[] = [];
  readonly monitoring: CapabilityMonitoring;
  /** Where every function and state machine of the capability logs (docs/operations.md §1). */
  readonly logGroup: LogGroup;
  /**
   * One TLS-only policy for the queues of the capability that need no statement of their own
   * (all but the undelivered queue, which has its own): docs/operations.md §5.
   */
  readonly queuePolicy: SharedQueuePolicy;
  /**
   * The same for the queues of the nested stack (function dead letters, the messaging gateway):
   * a policy in the root naming them would hide them from the checks of their own template.
   * {@link queuePolicy} keeps the root's (the relays' failure queues).
   */
  readonly nestedQueuePolicy: SharedQueuePolicy;
  /**
   * The queue for what the capability's rules and schedules could not deliver, and its Scheduler
   * role; undefined for a capability with neither.
   */
  readonly undelivered: Undelivered | undefined;
  /** The queue of the bank's messaging gateway, when a function of the capability sends messages. */
  readonly messagingGateway: MessagingGateway | undefined;

  constructor(scope: Construct, id: string, props: CapabilityConstructProps) {
    super(scope, id);
    const { definition, platform } = props;
    const { settings } = platform;
    this.definition = definition;
    const name = definition.name;
    this.resources = new NestedStack(this, 'Resources', {
      description: `FinCrm ${settings.stage}: the ${name} capability's functions, queues, machines, routes and alarms`,
    });
    const { resources } = this;
    this.monitoring = new CapabilityMonitoring(this, 'Monitoring', {
      capability: name,
      stage: settings.stage,
      topic: platform.alarmTopic,
      alarmScope: resources,
    });
    this.queuePolicy = new SharedQueuePolicy(this, 'QueuePolicy');
    this.nestedQueuePolicy = new SharedQueuePolicy(resources, 'QueuePolicy');
    const { queuePolicy, nestedQueuePolicy } = this;
    this.logGroup = capabilityLogGroup(this, settings, platform.dataKey);
    const { logGroup } = this;

    for (const spec of definition.tables) {
      const table = new CrmTable(this, spec.id, {
        spec,
        key: platform.dataKey,
        removalPolicy: settings.removalPolicy,
        deletionProtection: settings.deletionProtection,
      });
      this.tables.set(spec.id, table);
      if (spec.outboxStream) {
        const relay = new OutboxRelay(this, `${spec.id}Outbox`, {
          table,
          bus: platform.bus,
          capability: name,
          settings,
          key: platform.dataKey,
          logGroup,
          queuePolicy,
        });
        this.relays.push(relay);
        this.monitoring.addFunction(relay.function);
        this.monitoring.addQueue(`${spec.id}OutboxFailures`, relay.failures);
      }
    }

    this.messagingGateway = definition.functions.some((spec) => spec.sendsMessages)
      ? new MessagingGateway(resources, 'MessagingGateway', {
          key: platform.dataKey,
          queuePolicy: nestedQueuePolicy,
        })
      : undefined;
    if (this.messagingGateway !== undefined) {
      this.monitoring.addQueue('MessagingGatewayDeadLetters', this.messagingGateway.deadLetterQueue);
    }

    const synchronousOnly = synchronousOnlyFunctions(definition);
    for (const spec of definition.functions) {
      const fn = new CrmFunction(resources, spec.id, {
        spec,
        capability: name,
        settings,
        key: platform.dataKey,
        logGroup,
        deadLetters: synchronousOnly.has(spec.id) ? 'none' : nestedQueuePolicy,
      });
      this.functions.set(spec.id, fn);
      for (const [variable, value] of Object.entries(
        settingsFor(definition, spec.id, props.capabilitySettings),
      )) {
        fn.fn.addEnvironment(variable, value);
      }
      for (const grant of spec.tables) {
        const table = lookup(this.tables, grant.table, 'table', name);
        fn.grantTable(table, grant.access);
        // Whoever appends to an audit table signs its records; whoever only reads it verifies.
        if (table.spec.appendOnly)
          fn.useAuditKey(platform.auditMacKey, grant.access === 'append' ? 'sign' : 'verify');
      }
      for (const scan of spec.scansIndexes ?? []) {
        fn.grantIndexScan(lookup(this.tables, scan.table, 'table', name), scan.indexName);
      }
      if (spec.writesAuditAnchors) fn.writeAuditAnchors(platform.auditAnchors, platform.auditMacKey);
      if (spec.signsSurveyTokens !== undefined)
        fn.useSurveyTokenKey(platform.surveyTokenKey, spec.signsSurveyTokens);
      if (spec.usesDataKeys !== undefined) {
        fn.useDataKeys(
          platform.dataKey,
          spec.usesDataKeys,
          spec.opensDataKeysOnly ? 'open' : 'seal-and-open',
        );
      }
      if (spec.usesBlindIndexKey) fn.useBlindIndexSecret(platform.blindIndexSecret);
      if (spec.putsEvents) fn.putEvents(platform.bus);
      if (spec.sendsMessages && this.messagingGateway !== undefined) {
        const email = new EmailEvents(this, `${spec.id}EmailConfiguration`, {
          functionId: spec.id,
          defaultBus: this.defaultBus(),
        });
        fn.sendMessages(this.messagingGateway, platform.dataKey, email.configurationSetName);
      }
      if (spec.userPoolTrigger === 'preTokenGeneration' && platform.userPool) {
        platform.userPool.addTrigger(
          UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
          fn.fn,
          LambdaVersion.V2_0,
        );
      }
      this.monitoring.addFunction(fn);
    }

    // Append-only tables: an explicit Deny on every function of the capability, whatever
    // else it was granted, so no later grant can open deletes or updates by accident.
    const everyFunction = [...this.functions.values(), ...this.relays.map((relay) => relay.function)];
    for (const table of this.tables.values()) {
      if (!table.spec.appendOnly) continue;
      for (const fn of everyFunction) fn.denyMutation(table);
    }
    // The audit heads kept on audited items: written only inside the transaction that appends,
    // and never by a function that cannot append (crm-function.ts `guardAuditHead` says what IAM
    // can and cannot express here).
    const appenders = new Set(
      definition.functions
        .filter((spec) =>
          spec.tables.some(
            (grant) => grant.access === 'append' && this.tables.get(grant.table)?.spec.appendOnly,
          ),
        )
        .map((spec) => spec.id),
    );
    for (const table of this.tables.values()) {
      const head = table.spec.auditHeadAttribute;
      if (head === undefined) continue;
      for (const fn of everyFunction) fn.guardAuditHead(table, head, appenders.has(fn.spec.id));
    }

    for (const spec of definition.coalescedWork ?? []) {
      this.#addCoalescedWork(spec, platform.dataKey, props.capabilitySettings[spec.maxDelaySetting]);
    }

    const lambdas = new Map<string, IFunction>([...this.functions].map(([key, fn]) => [key, fn.fn]));
    for (const spec of definition.stateMachines ?? []) {
      const machine = new CrmStateMachine(resources, spec.id, {
        spec,
        functions: lambdas,
        logGroup,
      });
      this.stateMachines.set(spec.id, machine);
      this.monitoring.addStateMachine(spec.id, machine.machine);
    }
    for (const metric of definition.slaBreachMetrics ?? []) {
      this.monitoring.addSlaBreachMetric(name, metric);
    }
    for (const metric of definition.gaugeMetrics ?? []) {
      this.monitoring.addGaugeMetric(name, metric);
    }
    // Task tokens come only from the capability's machines with a `.waitForTaskToken` task.
    const issuing = [...this.stateMachines.values()].filter((machine) => machine.issuesTaskTokens);
    const issuers = issuing.map((machine) => machine.machine);
    for (const spec of definition.functions) {
      if (spec.sendsTaskTokens) {
        const invokedByIssuer = issuing.some((machine) => machine.spec.invokes.includes(spec.id));
        lookup(this.functions, spec.id, 'function', name).sendTaskTokens(issuers, invokedByIssuer);
      }
      for (const machineId of spec.startsStateMachines ?? []) {
        const machine = lookup(this.stateMachines, machineId, 'state machine', name);
        lookup(this.functions, spec.id, 'function', name).startStateMachine(machineId, machine.machine);
      }
    }

    if (definition.api) {
      const handler = lookup(this.functions, definition.api.functionId, 'function', name);
      platform.api.addRoutes(resources, definition.api.functionId, handler.fn, routeSpecsOf(definition));
      this.monitoring.addApi(name);
      if (definition.api.fallback) {
        handler.fn.addEnvironment(API_ROUTE_KEYS_ENV, apiRouteKeys(props.app));
        platform.api.addFallback(resources, definition.api.functionId, handler.fn);
      }
    }

    const schedules = definition.schedules ?? [];
    const passes = definition.passes ?? [];
    const rules = rulesOf(definition);
    // One queue for whatever the capability's rules and schedules (passes' too) could not
    // deliver. It stays in the root stack with the rules: its policy names each rule, and a rule
    // targets it.
    this.undelivered =
      schedules.length + passes.length + rules.length === 0
        ? undefined
        : new Undelivered(this, 'Undelivered', { capability: name, key: platform.dataKey });
    if (this.undelivered !== undefined) {
      this.monitoring.addQueue('UndeliveredDeadLetters', this.undelivered.deadLetterQueue);
    }
    const { undelivered } = this;
    for (const spec of schedules) {
      const target = lookup(lambdas, spec.target.functionId, 'function', name);
      if (undelivered === undefined) throw new Error(`Capability ${name}: schedule ${spec.id} has no queue`);
      new CrmSchedule(resources, spec.id, {
        description: spec.description,
        expression: spec.expression,
        target: { kind: 'function', fn: target, ...(spec.target.input ? { input: spec.target.input } : {}) },
        undelivered,
      });
    }

    // The pass machine and its schedules: every pass of the capability fanned out over segments.
    const passMachine = passMachineOf(definition);
    if (passMachine !== undefined) {
      if (undelivered === undefined) throw new Error(`Capability ${name}: its passes have no queue`);
      const built = new PassMachine(resources, 'Passes', {
        spec: passMachine,
        passes,
        functions: lambdas,
        logGroup,
        undelivered,
      });
      this.stateMachines.set(passMachine.id, built.machine);
      this.monitoring.addStateMachine(passMachine.id, built.machine.machine);
    }

    const machines = new Map<string, IStateMachine>(
      [...this.stateMachines].map(([key, machine]) => [key, machine.machine]),
    );
    // The rules stay in the root stack: each has a fixed name (rule.ts), which a rule created in
    // the nested stack beside the old one would collide with during an update.
    for (const spec of rules) {
      if (undelivered === undefined) throw new Error(`Capability ${name}: rule ${spec.id} has no queue`);
      new CrmRule(this, spec.id, {
        spec,
        ...(spec.bus === 'default'
          ? { bus: this.defaultBus(), ruleName: defaultBusRuleName(settings.stage, spec.id) }
          : { bus: platform.bus }),
        functions: lambdas,
        stateMachines: machines,
        deadLetterQueue: undelivered.deadLetterQueue,
      });
    }
    // Last: the capability's alarms cover every function, queue and machine added above.
    this.monitoring.finish();
  }

  /**
   * A coalesced work's queues, mapping and grants (coalesced-work.ts), its dead-letter queue
   * alarmed with the others and its oldest request against the work's longest delay (the value
   * of its `maxDelaySetting`).
   */
  #addCoalescedWork(spec: CoalescedWorkSpec, key: IKey, maxDelay: string | undefined): void {
    const name = this.definition.name;
    const maxDelaySeconds = Number(maxDelay);
    if (!Number.isInteger(maxDelaySeconds) || maxDelaySeconds < 1) {
      throw new Error(
        `Capability ${name}: coalesced work ${spec.id} has no longest delay (${spec.maxDelaySetting})`,
      );
    }
    // No fixed name, and requests are transient (the daily pass covers any a replacement loses):
    // the nested stack, under its policy.
    const work = new CoalescedWork(this.resources, spec.id, {
      spec,
      worker: lookup(this.functions, spec.functionId, 'function', name),
      senders: spec.senders.map((id) => lookup(this.functions, id, 'function', name)),
      key,
      queuePolicy: this.nestedQueuePolicy,
    });
    this.coalescedWork.set(spec.id, work);
    this.monitoring.addQueue(`${spec.id}DeadLetters`, work.deadLetterQueue);
    this.monitoring.addWorkQueue(spec.id, work.queue, maxDelaySeconds);
  }

  #defaultBus: IEventBus | undefined;

  /** The account's default bus (SES publishes e-mail events there only), imported once. */
  private defaultBus(): IEventBus {
    this.#defaultBus ??= EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    return this.#defaultBus;
  }
}
