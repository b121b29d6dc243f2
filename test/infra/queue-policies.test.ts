import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { deadLetterQueue, SharedQueuePolicy } from '../../infra/platform/queues.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { allows, type SimulatedRequest } from './iam-simulator.js';
import { appTemplate, logicalId, PROD_SIGN_IN, referencedIds, type Statement } from './support.js';

interface QueuePolicyResource {
  readonly Properties: { readonly Queues: unknown[]; readonly PolicyDocument: { Statement: Statement[] } };
}

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let policies: [string, QueuePolicyResource][];

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  template = appTemplate(stack);
  policies = Object.entries(template.findResources('AWS::SQS::QueuePolicy')) as [
    string,
    QueuePolicyResource,
  ][];
});

const arn = (queueId: string) => ({ 'Fn::GetAtt': [queueId, 'Arn'] });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Whatever the queue's owner might allow in IAM: the worst case the Deny must still stop. */
const ALLOW_EVERYTHING: Statement = { Effect: 'Allow', Action: 'sqs:*', Resource: '*' };
/** SQS's own quota on a queue policy: more statements are refused. */
const MAX_QUEUE_POLICY_STATEMENTS = 20;

/** The policies whose `Queues` list the queue (CloudFormation sets each of them on it). */
function policiesOf(queueId: string): [string, QueuePolicyResource][] {
  return policies.filter(([, policy]) =>
    policy.Properties.Queues.some((queue) => same(queue, { Ref: queueId })),
  );
}

/** The capabilities with queues under their shared policy (one of synchronous functions only has none). */
function withQueues() {
  return stack.capabilities.filter((capability) => capability.queuePolicy.queues.length > 0);
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

  it('writes shared policies that name no queue, so the document is the same valid one on each', () => {
    const grouped = new Set(withQueues().map((capability) => logicalId(capability.queuePolicy)));
    const shared = policies.filter(([id]) => grouped.has(id));
    // A capability of synchronous functions only (platform) has no queue, so no policy.
    expect(shared.length).toBe(withQueues().length);
    expect(shared.length).toBeGreaterThan(1);
    for (const [id, policy] of shared) {
      const { Statement: statements } = policy.Properties.PolicyDocument;
      // No ARN, Ref or GetAtt: `*` in a queue's policy is the queue it is attached to.
      expect([...referencedIds(statements)], id).toEqual([]);
      expect(
        statements.map((statement) => statement.Resource),
        id,
      ).toEqual(['*']);
    }
  });

  it('writes one shared policy per capability plus one for the platform, and single-queue ones', () => {
    const undelivered = stack.capabilities.filter((capability) => capability.undelivered !== undefined);
    // One shared policy per capability in each of its templates (root and nested stack).
    expect(policies.length).toBeLessThanOrEqual(2 * stack.capabilities.length + 1 + undelivered.length);
    const sharedPolicies = stack.capabilities.flatMap((capability) => [
      capability.queuePolicy,
      capability.nestedQueuePolicy,
    ]);
    for (const sharedPolicy of sharedPolicies) {
      const own = sharedPolicy.queues.map((queue) => logicalId(queue));
      if (own.length === 0) continue;
      // All of the grouped queues of a template share its one policy.
      const shared = new Set(own.flatMap((queueId) => policiesOf(queueId).map(([id]) => id)));
      expect([...shared], sharedPolicy.node.path).toEqual([logicalId(sharedPolicy)]);
    }
    // Any other policy is a queue's own, and carries statements about that queue alone.
    const grouped = new Set(
      sharedPolicies.filter((policy) => policy.queues.length > 0).map((policy) => logicalId(policy)),
    );
    for (const [id, policy] of policies.filter(([policyId]) => !grouped.has(policyId))) {
      expect(policy.Properties.Queues, id).toHaveLength(1);
      const queueId = (policy.Properties.Queues[0] as { Ref: string }).Ref;
      expect([...referencedIds(policy.Properties.PolicyDocument.Statement)].sort(), id).toEqual(
        expect.arrayContaining([queueId]),
      );
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        expect(referencedIds(statement.Resource), id).toEqual(new Set([queueId]));
      }
    }
  });

  it("lets each of a capability's rules, and no other, send to its undelivered queue, over TLS, through a policy of its own", () => {
    const rules = stack.node
      .findAll()
      .filter((construct): construct is CrmRule => construct instanceof CrmRule);
    const capabilityOf = (rule: CrmRule) =>
      stack.capabilities.find((capability) => rule.node.scope === capability);
    const withRules = stack.capabilities.filter((capability) =>
      rules.some((rule) => capabilityOf(rule) === capability),
    );
    expect(withRules.length).toBeGreaterThan(1);
    for (const capability of withRules) {
      const name = capability.definition.name;
      if (capability.undelivered === undefined) throw new Error(`${name} has rules but no undelivered queue`);
      const queueId = logicalId(capability.undelivered.deadLetterQueue);
      // Not in the capability's shared policy: one policy, for this queue only.
      const [policy, ...others] = policiesOf(queueId);
      expect(others, name).toEqual([]);
      expect(policy?.[1].Properties.Queues, name).toEqual([{ Ref: queueId }]);
      const statements = statementsOf(queueId);
      const send = (source: unknown, secure = true): SimulatedRequest => ({
        ...request(queueId, secure, { 'aws:SourceArn': source }),
        action: 'sqs:SendMessage',
      });
      const own = rules.filter((rule) => capabilityOf(rule) === capability);
      // The TLS deny and one statement per rule of the capability.
      expect(statements, name).toHaveLength(1 + own.length);
      for (const rule of own) {
        expect(rule.deadLetterQueue, rule.node.path).toBe(capability.undelivered.deadLetterQueue);
        const ruleArn = arn(logicalId(rule.rule));
        expect(allows(statements, send(ruleArn)), rule.node.path).toBe(true);
        expect(allows(statements, send(ruleArn, false)), rule.node.path).toBe(false);
      }
      // Attack: a rule of another capability sending to this capability's queue.
      for (const other of rules.filter((rule) => capabilityOf(rule) !== capability)) {
        expect(allows(statements, send(arn(logicalId(other.rule)))), `${name} <- ${other.node.path}`).toBe(
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

  it('refuses any statement of a grouped queue, rather than share it or add a second policy', () => {
    const { stack: scope, policy, key } = group();
    const first = deadLetterQueue(scope, 'First', 'a test queue', key, policy);
    deadLetterQueue(scope, 'Second', 'a test queue', key, policy);
    const own = new PolicyStatement({
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [first.queueArn],
    });
    expect(() => first.addToResourcePolicy(own)).toThrow(/takes no statement of its own/);
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    expect(JSON.stringify(template.toJSON())).not.toContain('events.amazonaws.com');
  });

  it("gives a queue with a policy of its own ('own') the TLS deny and its statements, for it alone", () => {
    const { stack: scope, policy, key } = group();
    deadLetterQueue(scope, 'Grouped', 'a test queue', key, policy);
    const alone = deadLetterQueue(scope, 'Alone', 'a test queue', key, 'own');
    alone.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [alone.queueArn],
      }),
    );
    const own = Object.values(Template.fromStack(scope).findResources('AWS::SQS::QueuePolicy')).filter(
      (resource) => same(resource.Properties.Queues, [{ Ref: logicalId(alone) }]),
    );
    expect(own).toHaveLength(1);
    const statements: Statement[] = own[0]?.Properties.PolicyDocument.Statement ?? [];
    const queueId = logicalId(alone);
    expect(allows([...statements, ALLOW_EVERYTHING], request(queueId, false))).toBe(false);
    // Its own statement is there too, naming this queue only.
    expect(allows(statements, { ...request(queueId, true), action: 'sqs:SendMessage' })).toBe(true);
    expect(statements.map((statement) => [...referencedIds(statement.Resource)])).toEqual([
      [queueId],
      [queueId],
    ]);
  });
});
