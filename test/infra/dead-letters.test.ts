import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { CrmFunction } from '../../infra/platform/crm-function.js';
import { MessagingGateway } from '../../infra/platform/messaging-gateway.js';
import { OutboxRelay } from '../../infra/platform/outbox-relay.js';
import { actions, logicalId, roleStatements, type Statement } from './support.js';

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
let template: Template;
let functions: FunctionView[];

beforeAll(() => {
  const { stack } = buildApp({ stage: 'dev', bundle: false });
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
