import { Template } from 'aws-cdk-lib/assertions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { CrmFunction } from '../../infra/platform/crm-function.js';
import { MessagingGateway } from '../../infra/platform/messaging-gateway.js';
import { OutboxRelay } from '../../infra/platform/outbox-relay.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { CrmSchedule } from '../../infra/platform/schedule.js';
import { actions, logicalId, roleStatements, type Statement, signalAlarms } from './support.js';

interface FunctionView {
  readonly path: string;
  readonly functionId: string;
  readonly roleId: string;
  readonly queueId: string;
  /** An outbox relay's stream on-failure queue: the one other queue Lambda sends to as this role. */
  readonly streamFailuresId?: string;
  /** A function that sends messages to customers: its capability's gateway queue. */
  readonly gatewayQueueId?: string;
}

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let functions: FunctionView[];

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false }).stack;
  template = Template.fromStack(stack);
  const constructs = stack.node.findAll();
  const relays = constructs.filter((construct): construct is OutboxRelay => construct instanceof OutboxRelay);
  const gateways = constructs.filter(
    (construct): construct is MessagingGateway => construct instanceof MessagingGateway,
  );
  functions = constructs
    .filter((construct): construct is CrmFunction => construct instanceof CrmFunction)
    .map((fn) => {
      const relay = relays.find((candidate) => candidate.function === fn);
      return {
        path: fn.node.path,
        functionId: logicalId(fn.fn),
        roleId: logicalId(fn.role),
        queueId: logicalId(fn.deadLetterQueue),
        ...(relay ? { streamFailuresId: logicalId(relay.failures) } : {}),
        ...(fn.spec.sendsMessages
          ? {
              gatewayQueueId: logicalId(
                gateways.find((gateway) => gateway.node.scope === fn.node.scope)?.queue ?? fn.deadLetterQueue,
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
  it('finds every function of the app', () => {
    expect(functions.length).toBeGreaterThan(0);
    expect(new Set(functions.map((fn) => fn.queueId)).size).toBe(functions.length);
  });

  it("hands every function its own dead-letter queue's URL", () => {
    for (const fn of functions) {
      const resource = template.toJSON().Resources[fn.functionId];
      expect(resource.Properties.DeadLetterConfig, fn.path).toEqual({
        TargetArn: { 'Fn::GetAtt': [fn.queueId, 'Arn'] },
      });
      expect(resource.Properties.Environment.Variables.DEAD_LETTER_QUEUE_URL, fn.path).toEqual({
        Ref: fn.queueId,
      });
    }
  });

  it('lets every function send messages to its own dead-letter queue and no other queue', () => {
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(functions.some((fn) => fn.streamFailuresId !== undefined)).toBe(true);
    for (const fn of functions) {
      const sending = roleStatements(template, fn.roleId).filter(allowsSendMessage);
      // Relays also reach their stream's on-failure queue (Lambda sends there with the role), and
      // the delivery function its capability's messaging gateway queue.
      const expected = [
        fn.queueId,
        ...(fn.streamFailuresId ? [fn.streamFailuresId] : []),
        ...(fn.gatewayQueueId ? [fn.gatewayQueueId] : []),
      ].map(arn);
      const granted = sending.flatMap(resources);
      expect(granted, fn.path).toHaveLength(expected.length);
      expect(granted, fn.path).toEqual(expect.arrayContaining(expected));
    }
  });
});

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
        .map((c) => ({ owner: c, queue: c.deadLetterQueue })),
      'outbox relay': constructs
        .filter((c) => c instanceof OutboxRelay)
        .map((c) => ({ owner: c, queue: c.failures })),
      rule: constructs
        .filter((c) => c instanceof CrmRule)
        .map((c) => ({ owner: c, queue: c.deadLetterQueue })),
      schedule: constructs
        .filter((c) => c instanceof CrmSchedule)
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
            c instanceof CrmRule ||
            c instanceof CrmSchedule ||
            c instanceof MessagingGateway
              ? [c.deadLetterQueue]
              : c instanceof OutboxRelay
                ? [c.failures]
                : [],
          )
          .map((queue) => logicalId(queue)),
      );
      const watched = signalAlarms(template, capability, 'DeadLetters').flatMap((alarm) =>
        alarm.metrics.map((metric) => String(metric.target)),
      );
      expect(watched.sort(), capability.definition.name).toEqual([...own].sort());
    }
  });
});
