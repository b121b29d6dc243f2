import type { Template } from 'aws-cdk-lib/assertions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { CoalescedWork } from '../../infra/platform/coalesced-work.js';
import { CrmFunction } from '../../infra/platform/crm-function.js';
import { MessagingGateway } from '../../infra/platform/messaging-gateway.js';
import { OutboxRelay } from '../../infra/platform/outbox-relay.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { CrmSchedule } from '../../infra/platform/schedule.js';
import { Undelivered } from '../../infra/platform/undelivered.js';
import { synchronousOnlyFunctions } from '../../shared/capability/define.js';
import { passMachineId } from '../../shared/workflows/pass.js';
import {
  actions,
  appTemplate,
  logicalId,
  referencedIds,
  roleStatements,
  type Statement,
  signalAlarms,
} from './support.js';

interface FunctionView {
  readonly path: string;
  readonly functionId: string;
  readonly roleId: string;
  /** None for a function Lambda only ever invokes synchronously. */
  readonly queueId: string | undefined;
  /** An outbox relay's stream on-failure queue: the one other queue Lambda sends to as this role. */
  readonly streamFailuresId?: string;
  /** A function that sends messages to customers: its capability's gateway queue. */
  readonly gatewayQueueId?: string;
  /** The FIFO queues of the coalesced work this function requests (coalesced-work.ts). */
  readonly workQueueIds: readonly string[];
}

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let functions: FunctionView[];

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false }).stack;
  template = appTemplate(stack);
  const constructs = stack.node.findAll();
  const relays = constructs.filter((construct): construct is OutboxRelay => construct instanceof OutboxRelay);
  const gateways = constructs.filter(
    (construct): construct is MessagingGateway => construct instanceof MessagingGateway,
  );
  const works = stack.capabilities.flatMap((capability) =>
    (capability.definition.coalescedWork ?? []).map((spec) => ({
      capability,
      spec,
      queue: capability.coalescedWork.get(spec.id)?.queue,
    })),
  );
  functions = constructs
    .filter((construct): construct is CrmFunction => construct instanceof CrmFunction)
    .map((fn) => {
      const relay = relays.find((candidate) => candidate.function === fn);
      const workQueueIds = works
        .filter(
          ({ capability, spec }) =>
            capability.functions.get(fn.spec.id) === fn && spec.senders.includes(fn.spec.id),
        )
        .flatMap(({ queue }) => (queue === undefined ? [] : [logicalId(queue)]));
      return {
        workQueueIds,
        path: fn.node.path,
        functionId: logicalId(fn.fn),
        roleId: logicalId(fn.role),
        queueId: fn.deadLetterQueue === undefined ? undefined : logicalId(fn.deadLetterQueue),
        ...(relay ? { streamFailuresId: logicalId(relay.failures) } : {}),
        ...(fn.spec.sendsMessages
          ? {
              gatewayQueueId: logicalId(
                gateways.find((gateway) => gateway.node.scope === fn.node.scope)?.queue ?? fn,
              ),
            }
          : {}),
      };
    });
});

/** Whether a statement's action list covers sqs:SendMessage (wildcards included). */
function allowsSendMessage(statement: Statement): boolean {
  return (
    statement.Effect === 'Allow' &&
    actions(statement).some((action) => ['sqs:SendMessage', 'sqs:*', '*'].includes(action))
  );
}

function resources(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

describe('dead letters with reasons', () => {
  it('finds every function of the app, each with a queue of its own or none', () => {
    const queued = functions.flatMap((fn) => (fn.queueId === undefined ? [] : [fn.queueId]));
    expect(queued.length).toBeGreaterThan(0);
    expect(new Set(queued).size).toBe(queued.length);
  });

  it("hands every function with a queue its own dead-letter queue's URL", () => {
    for (const fn of functions) {
      if (fn.queueId === undefined) continue;
      const resource = template.toJSON().Resources[fn.functionId];
      expect(resource.Properties.DeadLetterConfig, fn.path).toEqual({
        TargetArn: { 'Fn::GetAtt': [fn.queueId, 'Arn'] },
      });
      expect(resource.Properties.Environment.Variables.DEAD_LETTER_QUEUE_URL, fn.path).toEqual({
        Ref: fn.queueId,
      });
    }
  });

  it('gives a function only ever invoked synchronously no queue and no DEAD_LETTER_QUEUE_URL', () => {
    const withoutQueue = (capability: CapabilityConstruct) =>
      [...capability.functions.values()].filter((fn) => fn.deadLetterQueue === undefined);
    for (const capability of stack.capabilities) {
      const { definition } = capability;
      // Exactly the API function, the workflow tasks and the user-pool trigger nothing else invokes.
      expect(
        withoutQueue(capability)
          .map((fn) => fn.spec.id)
          .sort(),
        definition.name,
      ).toEqual([...synchronousOnlyFunctions(definition)].sort());
      if (definition.api) {
        expect(capability.functions.get(definition.api.functionId)?.deadLetterQueue).toBeUndefined();
      }
    }
    const relays = stack.capabilities.flatMap((capability) =>
      capability.relays.map((relay) => relay.function),
    );
    const synchronous = [...stack.capabilities.flatMap(withoutQueue), ...relays];
    expect(synchronous.map((fn) => fn.spec.id)).toEqual(
      expect.arrayContaining(['CustomersApi', 'ComplaintsWorkflowTasks', 'PlatformTokenClaims']),
    );
    for (const fn of synchronous) {
      const resource = template.toJSON().Resources[logicalId(fn.fn)];
      expect(resource.Properties.DeadLetterConfig, fn.node.path).toBeUndefined();
      expect(resource.Properties.Environment.Variables, fn.node.path).not.toHaveProperty(
        'DEAD_LETTER_QUEUE_URL',
      );
    }
  });

  it('lets every function send messages to its own dead-letter queue and no other queue', () => {
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(functions.some((fn) => fn.streamFailuresId !== undefined)).toBe(true);
    for (const fn of functions) {
      const sending = roleStatements(template, fn.roleId).filter(allowsSendMessage);
      // Relays reach their stream's on-failure queue (Lambda sends there with the role), the
      // delivery function its capability's messaging gateway queue, and a coalesced work's
      // senders its FIFO queue.
      const expected = [
        ...(fn.queueId ? [fn.queueId] : []),
        ...(fn.streamFailuresId ? [fn.streamFailuresId] : []),
        ...(fn.gatewayQueueId ? [fn.gatewayQueueId] : []),
        ...fn.workQueueIds,
      ].map(arn);
      const granted = sending.flatMap(resources);
      expect(granted, fn.path).toHaveLength(expected.length);
      expect(granted, fn.path).toEqual(expect.arrayContaining(expected));
    }
  });
});

describe('what rules and schedules could not deliver', () => {
  const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

  it('goes to one undelivered queue per capability, from every rule and schedule target of it', () => {
    const constructs = stack.node.findAll();
    let checked = 0;
    for (const capability of stack.capabilities) {
      const rules = constructs.filter(
        (c): c is CrmRule => c instanceof CrmRule && capabilityOf(c) === capability,
      );
      const schedules = constructs.filter(
        (c): c is CrmSchedule => c instanceof CrmSchedule && capabilityOf(c) === capability,
      );
      const undelivered = constructs.filter(
        (c) => c instanceof Undelivered && capabilityOf(c) === capability,
      );
      expect(undelivered, capability.definition.name).toHaveLength(
        rules.length + schedules.length > 0 ? 1 : 0,
      );
      if (capability.undelivered === undefined) continue;
      const queue = arn(logicalId(capability.undelivered.deadLetterQueue));
      expect(logicalId(capability.undelivered.deadLetterQueue)).toMatch(
        /^Capability[A-Za-z]+UndeliveredDeadLetterQueue[0-9A-F]{8}$/,
      );
      for (const rule of rules) {
        const targets = template.toJSON().Resources[logicalId(rule.rule)].Properties.Targets;
        expect(targets, rule.node.path).toHaveLength(1);
        expect(targets[0].DeadLetterConfig, rule.node.path).toEqual({ Arn: queue });
        checked += 1;
      }
      for (const schedule of schedules) {
        const target = template.toJSON().Resources[logicalId(schedule.schedule)].Properties.Target;
        expect(target.DeadLetterConfig, schedule.node.path).toEqual({ Arn: queue });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(stack.capabilities.length);
  });

  it('invokes the schedules of a capability with its one Scheduler role, which reaches only their targets', () => {
    const constructs = stack.node.findAll();
    const withSchedules = stack.capabilities.filter(
      (capability) =>
        (capability.definition.schedules ?? []).length + (capability.definition.passes ?? []).length > 0,
    );
    expect(withSchedules.length).toBeGreaterThan(1);
    for (const capability of withSchedules) {
      const name = capability.definition.name;
      const undelivered = capability.undelivered;
      if (undelivered === undefined) throw new Error(`${name} has schedules but no undelivered queue`);
      const roleId = logicalId(undelivered.schedulerRole);
      const schedules = constructs.filter(
        (c): c is CrmSchedule => c instanceof CrmSchedule && capabilityOf(c) === capability,
      );
      const targets = new Set<string>();
      // A pass's schedule starts the capability's pass machine instead of invoking a function.
      const machines = new Set<string>();
      for (const schedule of schedules) {
        const target = template.toJSON().Resources[logicalId(schedule.schedule)].Properties.Target;
        expect(target.RoleArn, schedule.node.path).toEqual(arn(roleId));
        if ((capability.definition.passes ?? []).some((pass) => pass.id === schedule.node.id)) {
          const machine = capability.stateMachines.get(passMachineId(name));
          if (machine === undefined) throw new Error(`${schedule.node.path}: no pass machine`);
          machines.add(logicalId(machine.machine));
          continue;
        }
        const fn = capability.functions.get(scheduleTarget(capability, schedule));
        if (fn === undefined) throw new Error(`${schedule.node.path}: no target`);
        targets.add(logicalId(fn.fn));
      }
      const role = template.toJSON().Resources[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement, name).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      ]);
      const statements = roleStatements(template, roleId).filter((statement) => statement.Effect === 'Allow');
      const invokes = statements.filter((statement) => actions(statement).includes('lambda:InvokeFunction'));
      // Each target and its versions (`<arn>:*`); no function of another capability, no `*`.
      const invoked = new Set(invokes.flatMap((statement) => [...referencedIds(statement.Resource)]));
      expect([...invoked].sort(), name).toEqual([...targets].sort());
      expect(JSON.stringify(invokes.map((statement) => statement.Resource))).not.toMatch(/"\*"/);
      const starts = statements.filter((statement) => actions(statement).includes('states:StartExecution'));
      expect(starts.flatMap(actions), name).toEqual(starts.map(() => 'states:StartExecution'));
      const started = new Set(starts.flatMap((statement) => [...referencedIds(statement.Resource)]));
      expect([...started].sort(), name).toEqual([...machines].sort());
      // Besides invoking and starting: sending to the undelivered queue, and the key through SQS for it only.
      const others = statements.filter(
        (statement) => !invokes.includes(statement) && !starts.includes(statement),
      );
      expect(others.flatMap(actions).sort(), name).toEqual(
        ['kms:Decrypt', 'kms:GenerateDataKey', 'sqs:SendMessage'].sort(),
      );
      const queueArn = arn(logicalId(undelivered.deadLetterQueue));
      for (const statement of others) {
        if (actions(statement).includes('sqs:SendMessage')) expect(statement.Resource).toEqual(queueArn);
        else
          expect(statement.Condition?.StringEquals?.['kms:EncryptionContext:aws:sqs:arn'], name).toEqual(
            queueArn,
          );
      }
    }
  });
});

/** The function id a schedule of the capability targets, from the definition. */
function scheduleTarget(capability: CapabilityConstruct, schedule: CrmSchedule): string {
  const spec = (capability.definition.schedules ?? []).find((candidate) => candidate.id === schedule.node.id);
  if (spec === undefined) throw new Error(`${schedule.node.path}: not in the definition`);
  return spec.target.functionId;
}

/** The capability a construct belongs to. */
function capabilityOf(construct: IConstruct): CapabilityConstruct {
  const found = construct.node.scopes.find((scope) => scope instanceof CapabilityConstruct);
  if (!(found instanceof CapabilityConstruct)) throw new Error(`${construct.node.path} is in no capability`);
  return found;
}

describe('dead letters are seen', () => {
  it('watches every dead-letter queue of every kind with its capability’s DeadLetters alarm, once', () => {
    const constructs = stack.node.findAll();
    const kinds: Record<string, { owner: IConstruct; queue: IQueue }[]> = {
      function: constructs
        .filter((c) => c instanceof CrmFunction)
        .flatMap((c) => (c.deadLetterQueue === undefined ? [] : [{ owner: c, queue: c.deadLetterQueue }])),
      'outbox relay': constructs
        .filter((c) => c instanceof OutboxRelay)
        .map((c) => ({ owner: c, queue: c.failures })),
      'rules and schedules': constructs
        .filter((c) => c instanceof Undelivered)
        .map((c) => ({ owner: c, queue: c.deadLetterQueue })),
    };
    const alarmsOf = new Map(
      stack.capabilities.map((capability) => [capability, signalAlarms(template, capability, 'DeadLetters')]),
    );
    for (const [kind, queues] of Object.entries(kinds)) {
      expect(queues.length, kind).toBeGreaterThan(0);
      for (const { owner, queue } of queues) {
        const alarms = alarmsOf.get(capabilityOf(owner)) ?? [];
        const watching = alarms.filter((alarm) =>
          alarm.metrics.some((metric) => metric.target === logicalId(queue)),
        );
        expect(watching, `${kind} ${owner.node.path}`).toHaveLength(1);
        const metric = watching[0]?.metrics.find((candidate) => candidate.target === logicalId(queue));
        expect(metric).toMatchObject({
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          stat: 'Maximum',
        });
        // The deepest queue decides: one message in any of them is enough.
        expect(watching[0]?.threshold).toBe(1);
        expect(watching[0]?.expression).toMatch(/^(MAX\(\[|FILL\()/);
      }
    }
  });

  it('watches no queue but dead-letter ones, and none of another capability', () => {
    for (const capability of stack.capabilities) {
      const own = new Set(
        capability.node
          .findAll()
          .flatMap((c) =>
            c instanceof CrmFunction ||
            c instanceof Undelivered ||
            c instanceof MessagingGateway ||
            c instanceof CoalescedWork
              ? c.deadLetterQueue === undefined
                ? []
                : [c.deadLetterQueue]
              : c instanceof OutboxRelay
                ? [c.failures]
                : [],
          )
          .concat([...capability.coalescedWork.values()].map((work) => work.deadLetterQueue))
          .map((queue) => logicalId(queue)),
      );
      const watched = signalAlarms(template, capability, 'DeadLetters').flatMap((alarm) =>
        alarm.metrics.map((metric) => String(metric.target)),
      );
      expect(watched.sort(), capability.definition.name).toEqual([...own].sort());
    }
  });
});
