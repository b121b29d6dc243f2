import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import type { MessagingGateway } from '../../infra/platform/messaging-gateway.js';
import { allows } from './iam-simulator.js';
import {
  actions,
  appTemplate,
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
  template = appTemplate(stack);
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
    const policy = resourceOf(logicalId(customers.nestedQueuePolicy));
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
  it('takes ContactDispatched, MessageDeliveryReported and the SES events of its own configuration set, nothing else', () => {
    const fnId = delivery().functionLogicalId;
    const patterns = Object.values(template.findResources('AWS::Events::Rule'))
      .filter((rule) => referencedIds(rule.Properties.Targets[0].Arn).has(fnId))
      .map((rule) => rule.Properties.EventPattern);

    expect(patterns).toEqual(
      expect.arrayContaining([
        { source: ['crm.engagement'], 'detail-type': ['ContactDispatched'] },
        { source: ['bank-messaging'], 'detail-type': ['MessageDeliveryReported'] },
        {
          source: ['aws.ses'],
          'detail-type': ['Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Rejected'],
          detail: { mail: { tags: { 'ses:configuration-set': ['FinCrm-CustomersDelivery'] } } },
        },
      ]),
    );
    expect(patterns).toHaveLength(3);
  });
});

describe("SES's e-mail events (bounces and complaints come back)", () => {
  const only = (type: string) => {
    const found = Object.entries(template.findResources(type));
    expect(found, type).toHaveLength(1);
    const [entry] = found;
    if (entry === undefined) throw new Error(`no ${type}`);
    return { id: entry[0], resource: entry[1] };
  };
  const defaultBusArn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':events:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':event-bus/default',
      ],
    ],
  };
  const sesRule = () => {
    const rules = Object.entries(template.findResources('AWS::Events::Rule')).filter(
      ([, rule]) => rule.Properties.EventPattern?.source?.[0] === 'aws.ses',
    );
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    if (rule === undefined) throw new Error('no SES rule');
    return { id: rule[0], resource: rule[1] };
  };

  it('creates the delivery function’s configuration set (not in aws-cn) and sends with it', () => {
    const set = only('AWS::SES::ConfigurationSet');

    expect(set.resource.Properties.Name).toBe('FinCrm-CustomersDelivery');
    const condition = template.toJSON().Conditions[set.resource.Condition];
    expect(condition).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] }] });
    expect(
      resourceOf(delivery().functionLogicalId).Properties.Environment.Variables.SES_CONFIGURATION_SET,
    ).toBe('FinCrm-CustomersDelivery');
  });

  it('publishes deliveries, bounces, complaints and rejections of the set to the default bus', () => {
    const set = only('AWS::SES::ConfigurationSet');
    const destination = only('AWS::SES::ConfigurationSetEventDestination').resource;

    expect(destination.Condition).toBe(set.resource.Condition);
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: set.id });
    expect(destination.Properties.EventDestination).toMatchObject({
      Enabled: true,
      EventBridgeDestination: { EventBusArn: defaultBusArn },
    });
    expect([...destination.Properties.EventDestination.MatchingEventTypes].sort()).toEqual([
      'bounce',
      'complaint',
      'delivery',
      'reject',
    ]);
  });

  it('forwards them from the default bus to the delivery function only, with retries and a dead-letter queue', () => {
    const { id, resource } = sesRule();
    const [target] = resource.Properties.Targets;

    // No EventBusName: the rule is on the account's default bus, where SES publishes.
    expect(resource.Properties.EventBusName ?? 'default').toBe('default');
    expect(resource.Properties.Targets).toHaveLength(1);
    expect(referencedIds(target.Arn).has(delivery().functionLogicalId)).toBe(true);
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 });
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toContain(
      target.DeadLetterConfig.Arn['Fn::GetAtt'][0],
    );
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (permission) =>
        permission.Properties.Principal === 'events.amazonaws.com' &&
        referencedIds(permission.Properties.SourceArn).has(id),
    );
    expect(permissions).toHaveLength(1);
    expect(referencedIds(permissions[0]?.Properties.FunctionName).has(delivery().functionLogicalId)).toBe(
      true,
    );
  });
});
