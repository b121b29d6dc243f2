import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import {
  deadLetterQueue,
  MAX_QUEUE_POLICY_STATEMENTS,
  SharedQueuePolicy,
} from '../../infra/platform/queues.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { allows, type SimulatedRequest } from './iam-simulator.js';
import { logicalId, PROD_SIGN_IN, type Statement } from './support.js';

interface QueuePolicyResource {
  readonly Properties: { readonly Queues: unknown[]; readonly PolicyDocument: { Statement: Statement[] } };
}

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let policies: [string, QueuePolicyResource][];

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  template = Template.fromStack(stack);
  policies = Object.entries(template.findResources('AWS::SQS::QueuePolicy')) as [
    string,
    QueuePolicyResource,
  ][];
});

const arn = (queueId: string) => ({ 'Fn::GetAtt': [queueId, 'Arn'] });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Whatever the queue's owner might allow in IAM: the worst case the Deny must still stop. */
const ALLOW_EVERYTHING: Statement = { Effect: 'Allow', Action: 'sqs:*', Resource: '*' };

/** The policies whose `Queues` list the queue (CloudFormation sets each of them on it). */
function policiesOf(queueId: string): [string, QueuePolicyResource][] {
  return policies.filter(([, policy]) =>
    policy.Properties.Queues.some((queue) => same(queue, { Ref: queueId })),
  );
}

function statementsOf(queueId: string): Statement[] {
  return policiesOf(queueId).flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

function request(queueId: string, secure: boolean, context: Record<string, unknown> = {}): SimulatedRequest {
  return {
    action: 'sqs:ReceiveMessage',
    resource: arn(queueId),
    context: { 'aws:SecureTransport': String(secure), ...context },
  };
}

describe('TLS-only queues under one policy per capability', () => {
  it('puts every queue of the template under exactly one queue policy', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThan(0);
    for (const queueId of queues) expect(policiesOf(queueId), queueId).toHaveLength(1);
  });

  it('denies every SQS request without TLS to every queue, whatever IAM allows', () => {
    for (const queueId of Object.keys(template.findResources('AWS::SQS::Queue'))) {
      const statements = [...statementsOf(queueId), ALLOW_EVERYTHING];
      expect(allows(statements, request(queueId, false)), queueId).toBe(false);
      expect(allows(statements, { ...request(queueId, false), action: 'sqs:SendMessage' }), queueId).toBe(
        false,
      );
      // Control: the same request over TLS is left to IAM.
      expect(allows(statements, request(queueId, true)), queueId).toBe(true);
    }
  });

  it('writes at most one queue policy per capability plus one for the platform', () => {
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.length).toBeLessThanOrEqual(stack.capabilities.length + 1);
    for (const capability of stack.capabilities) {
      const own = capability.queuePolicy.queues.map((queue) => logicalId(queue));
      expect(own.length, capability.definition.name).toBeGreaterThan(0);
      // All of the capability's queues share the one policy of the capability.
      const shared = new Set(own.flatMap((queueId) => policiesOf(queueId).map(([id]) => id)));
      expect([...shared], capability.definition.name).toEqual([logicalId(capability.queuePolicy)]);
    }
  });

  it('lets only its own rule send to a rule dead-letter queue, over TLS', () => {
    const rules = stack.node
      .findAll()
      .filter((construct): construct is CrmRule => construct instanceof CrmRule);
    expect(rules.length).toBeGreaterThan(1);
    for (const rule of rules) {
      const queueId = logicalId(rule.deadLetterQueue);
      const ruleArn = arn(logicalId(rule.rule));
      const statements = statementsOf(queueId);
      const send = (queue: string, source: unknown, secure = true): SimulatedRequest => ({
        ...request(queue, secure, { 'aws:SourceArn': source }),
        action: 'sqs:SendMessage',
      });
      expect(allows(statements, send(queueId, ruleArn)), rule.node.path).toBe(true);
      expect(allows(statements, send(queueId, ruleArn, false)), rule.node.path).toBe(false);
      // Attack: another rule, or this rule's permission used on another queue of the same policy.
      const other = rules.find((candidate) => candidate !== rule);
      if (other === undefined) throw new Error('one rule only');
      expect(allows(statements, send(queueId, arn(logicalId(other.rule)))), rule.node.path).toBe(false);
      const neighbours = policiesOf(queueId)
        .flatMap(([, policy]) => policy.Properties.Queues)
        .filter((queue) => !same(queue, { Ref: queueId }));
      expect(neighbours.length, rule.node.path).toBeGreaterThan(0);
      for (const neighbour of neighbours) {
        const neighbourId = (neighbour as { Ref: string }).Ref;
        expect(allows(statements, send(neighbourId, ruleArn)), `${rule.node.path} → ${neighbourId}`).toBe(
          false,
        );
      }
    }
  });

  it('keeps every policy within the quotas SQS sets on a queue policy', () => {
    // Worst-case lengths for what CloudFormation fills in: an ARN (queue names are at most 80
    // characters) per reference, a region and a partition per pseudo parameter.
    const LONGEST_ARN = `arn:aws-us-gov:sqs:us-gov-west-1:123456789012:${'q'.repeat(80)}`;
    const concrete = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(concrete);
      if (value !== null && typeof value === 'object') {
        if ('Fn::GetAtt' in value || 'Ref' in value || 'Fn::Join' in value) return LONGEST_ARN;
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, concrete(inner)]));
      }
      return value;
    };
    for (const [id, policy] of policies) {
      const document = { Version: '2012-10-17', ...policy.Properties.PolicyDocument };
      expect(document.Statement.length, id).toBeLessThanOrEqual(MAX_QUEUE_POLICY_STATEMENTS);
      expect(JSON.stringify(concrete(document)).length, id).toBeLessThanOrEqual(8192);
    }
  });
});

describe('SharedQueuePolicy', () => {
  function group(): { stack: Stack; policy: SharedQueuePolicy; key: Key } {
    const scope = new Stack();
    return { stack: scope, policy: new SharedQueuePolicy(scope, 'Queues'), key: new Key(scope, 'Key') };
  }

  it('writes no policy while no queue has joined', () => {
    const { stack: scope } = group();
    Template.fromStack(scope).resourceCountIs('AWS::SQS::QueuePolicy', 0);
  });

  it('refuses a queue statement that would reach the other queues of the group', () => {
    const { stack: scope, policy, key } = group();
    const first = deadLetterQueue(scope, 'First', 'a test queue', key, policy);
    const second = deadLetterQueue(scope, 'Second', 'a test queue', key, policy);
    const statement = (resources: string[]) =>
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources,
      });
    expect(() => first.addToResourcePolicy(statement([second.queueArn]))).toThrow(/this queue only/);
    expect(() => first.addToResourcePolicy(statement(['*']))).toThrow(/this queue only/);
    expect(() => first.addToResourcePolicy(statement([first.queueArn, second.queueArn]))).toThrow(
      /this queue only/,
    );
    // Its own statement goes into the shared policy, not into a second policy of the queue's own.
    expect(first.addToResourcePolicy(statement([first.queueArn])).statementAdded).toBe(true);
    Template.fromStack(scope).resourceCountIs('AWS::SQS::QueuePolicy', 1);
  });

  it('refuses to synthesise a policy with more statements than SQS accepts', () => {
    const { stack: scope, policy, key } = group();
    const queue = deadLetterQueue(scope, 'Queue', 'a test queue', key, policy);
    for (let index = 0; index < MAX_QUEUE_POLICY_STATEMENTS; index++) {
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: `Rule${index}`,
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: {
            ArnEquals: { 'aws:SourceArn': `arn:aws:events:eu-west-1:123456789012:rule/r${index}` },
          },
        }),
      );
    }
    expect(() => Template.fromStack(scope)).toThrow(/SQS accepts at most 20/);
  });
});
