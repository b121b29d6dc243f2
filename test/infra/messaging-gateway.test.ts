import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import type { MessagingGateway } from '../../infra/platform/messaging-gateway.js';
import { allows } from './iam-simulator.js';
import {
  actions,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  referencedIds,
  roleStatements,
  signalAlarms,
} from './support.js';

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let functions: DeployedFunction[];
let customers: CapabilityConstruct;
let gateway: MessagingGateway;

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false }).stack;
  template = Template.fromStack(stack);
  functions = deployedFunctions(stack);
  const found = stack.capabilities.find((capability) => capability.definition.name === 'customers');
  if (found?.messagingGateway === undefined) throw new Error('customers has no messaging gateway');
  customers = found;
  gateway = found.messagingGateway;
});

const keyArn = () => ({ 'Fn::GetAtt': [logicalId(stack.platform.dataKey), 'Arn'] });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const resourceOf = (id: string) => template.toJSON().Resources[id];
const delivery = () => {
  const found = functions.find((fn) => fn.spec.id === 'CustomersDelivery');
  if (found === undefined) throw new Error('no CustomersDelivery');
  return found;
};

describe("the bank's messaging gateway queue", () => {
  it('is the customers capability’s alone', () => {
    const owners = stack.capabilities.filter((capability) => capability.messagingGateway !== undefined);
    expect(owners.map((capability) => capability.definition.name)).toEqual(['customers']);
  });

  it('is encrypted with the customer-managed key, with a dead-letter queue under the same key', () => {
    const queue = resourceOf(logicalId(gateway.queue));
    const deadLetters = resourceOf(logicalId(gateway.deadLetterQueue));

    expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn());
    expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf(logicalId(gateway.deadLetterQueue)),
      maxReceiveCount: 5,
    });
    expect(deadLetters.Properties.KmsMasterKeyId).toEqual(keyArn());
  });

  it('refuses every request without TLS, under the capability’s one queue policy', () => {
    const policy = resourceOf(logicalId(customers.queuePolicy));
    const queues = JSON.stringify(policy.Properties.Queues);

    expect(queues).toContain(logicalId(gateway.queue));
    expect(queues).toContain(logicalId(gateway.deadLetterQueue));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('raises the capability’s dead-letter alarm as soon as one message is dead-lettered', () => {
    const watching = signalAlarms(template, customers, 'DeadLetters').filter((alarm) =>
      alarm.metrics.some((metric) => metric.target === logicalId(gateway.deadLetterQueue)),
    );

    expect(watching).toHaveLength(1);
    expect(watching[0]?.threshold).toBe(1);
    expect(
      watching[0]?.metrics.find((metric) => metric.target === logicalId(gateway.deadLetterQueue)),
    ).toMatchObject({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
    });
  });
});

describe('who sends messages', () => {
  it('gives the delivery function the queue URL, SendMessage on the queue and the key through SQS for it only', () => {
    const fn = delivery();
    const statements = roleStatements(template, fn.roleLogicalId);
    const queueArn = arnOf(logicalId(gateway.queue));
    const viaSqs = (queue: unknown) => ({
      action: 'kms:GenerateDataKey',
      resource: keyArn(),
      context: {
        'kms:ViaService': {
          'Fn::Join': ['', ['sqs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
        },
        'kms:EncryptionContext:aws:sqs:arn': queue,
      },
    });

    expect(
      resourceOf(fn.functionLogicalId).Properties.Environment.Variables.MESSAGING_GATEWAY_QUEUE_URL,
    ).toEqual({
      Ref: logicalId(gateway.queue),
    });
    expect(allows(statements, { action: 'sqs:SendMessage', resource: queueArn })).toBe(true);
    expect(allows(statements, { action: 'sqs:ReceiveMessage', resource: queueArn })).toBe(false);
    expect(allows(statements, { action: 'sqs:DeleteMessage', resource: queueArn })).toBe(false);
    expect(allows(statements, viaSqs(queueArn))).toBe(true);
    expect(allows(statements, viaSqs(arnOf('SomeOtherQueue')))).toBe(false);
  });

  it('lets only the delivery function send e-mail and SMS or write to the gateway queue, and nothing else of SES or SMS', () => {
    const queueId = logicalId(gateway.queue);
    for (const fn of functions) {
      const statements = roleStatements(template, fn.roleLogicalId).filter((s) => s.Effect === 'Allow');
      const sesOrSms = statements
        .flatMap(actions)
        .filter((a) => a.startsWith('ses:') || a.startsWith('sms-voice:'));
      const toGateway = statements.some(
        (statement) =>
          actions(statement).includes('sqs:SendMessage') && referencedIds(statement.Resource).has(queueId),
      );
      const sends = fn.spec.id === 'CustomersDelivery';

      expect(sesOrSms.sort(), fn.spec.id).toEqual(
        sends ? ['ses:SendEmail', 'sms-voice:SendTextMessage'] : [],
      );
      expect(toGateway, fn.spec.id).toBe(sends);
    }
  });

  it('opens a customer’s data key but never creates one, and reads the key table without writing it', () => {
    const statements = roleStatements(template, delivery().roleLogicalId);
    const keyTable = customers.tables.get('CustomerKeys');
    if (keyTable === undefined) throw new Error('no CustomerKeys');
    const keyTableArn = arnOf(logicalId(keyTable.table));

    const context = {
      'kms:EncryptionContext:recordType': 'customer',
      'kms:EncryptionContext:recordId': 'cus_1',
      'kms:EncryptionContextKeys': ['recordType', 'recordId'],
    };
    expect(allows(statements, { action: 'kms:Decrypt', resource: keyArn(), context })).toBe(true);
    expect(allows(statements, { action: 'kms:GenerateDataKey', resource: keyArn(), context })).toBe(false);
    expect(allows(statements, { action: 'dynamodb:GetItem', resource: keyTableArn })).toBe(true);
    expect(allows(statements, { action: 'dynamodb:PutItem', resource: keyTableArn })).toBe(false);
    expect(allows(statements, { action: 'dynamodb:DeleteItem', resource: keyTableArn })).toBe(false);
  });
});

describe('what the delivery function subscribes to', () => {
  it('takes ContactDispatched from engagement and MessageDeliveryReported from the bank’s gateway, nothing else', () => {
    const fnId = delivery().functionLogicalId;
    const patterns = Object.values(template.findResources('AWS::Events::Rule'))
      .filter((rule) => referencedIds(rule.Properties.Targets[0].Arn).has(fnId))
      .map((rule) => rule.Properties.EventPattern);

    expect(patterns).toEqual(
      expect.arrayContaining([
        { source: ['crm.engagement'], 'detail-type': ['ContactDispatched'] },
        { source: ['bank-messaging'], 'detail-type': ['MessageDeliveryReported'] },
      ]),
    );
    expect(patterns).toHaveLength(2);
  });
});
