import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { REPO_ROOT } from '../../infra/platform/function-code.js';
import { KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from '../../infra/platform/keys.js';
import { ROLES } from '../../shared/auth/types.js';
import { ACCOUNT_ROOT, allows, type SimulatedRequest, viaService } from './iam-simulator.js';
import {
  actions,
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  PROD_SIGN_IN,
  referencedIds,
  roleStatements,
  type Statement,
} from './support.js';

// Templates are read, not deployed: no bundling needed. Every attack below is a request
// evaluated against the synthesised policies (tests cannot call AWS): the IAM verdict comes
// from iam-simulator.ts, which knows exactly the condition operators the stack uses.
let dev: CrmStack;
let template: Template;
let prodTemplate: Template;
let functions: DeployedFunction[];
let keyArn: unknown;
let keyId: string;

const KEY_ADMIN = 'arn:aws:iam::123456789012:role/FinCrmKeyAdmin';

beforeAll(() => {
  dev = buildApp({ stage: 'dev', bundle: false }).stack;
  template = appTemplate(dev);
  prodTemplate = appTemplate(buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack);
  functions = deployedFunctions(dev);
  keyId = logicalId(dev.platform.dataKey);
  keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
});

const fn = (id: string): DeployedFunction => {
  const found = functions.find((entry) => entry.spec.id === id);
  if (found === undefined) throw new Error(`no function ${id}`);
  return found;
};
const policyOf = (id: string): Statement[] => roleStatements(template, fn(id).roleLogicalId);
const keyPolicy = (source: Template): Statement[] => {
  const keys = source.findResources('AWS::KMS::Key');
  const key = Object.entries(keys).find(([id]) => id.startsWith('DataKey'))?.[1];
  return key?.Properties.KeyPolicy.Statement ?? [];
};
const customerContext = (context: Record<string, string>): Record<string, unknown> => ({
  ...Object.fromEntries(
    Object.entries(context).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
  ),
  'kms:EncryptionContextKeys': Object.keys(context),
});
const ref = (construct: Parameters<typeof logicalId>[0]): { Ref: string } => ({ Ref: logicalId(construct) });
const arnOf = (construct: Parameters<typeof logicalId>[0]): unknown => ({
  'Fn::GetAtt': [logicalId(construct), 'Arn'],
});
const capability = (name: string) => {
  const found = dev.capabilities.find((entry) => entry.definition.name === name);
  if (found === undefined) throw new Error(`no capability ${name}`);
  return found;
};

describe('the customer-managed key: administration and use are separate', () => {
  it('gives the administrator statement no cryptographic action at all', () => {
    const admin = keyPolicy(template).filter(
      (statement) => (statement as { Sid?: string }).Sid === 'KeyAdministration',
    );
    expect(admin).toHaveLength(1);
    for (const action of [...KEY_USE_ACTIONS.map((entry) => entry.replace('*', '')), 'kms:GenerateDataKey']) {
      expect(allows(admin, { action, resource: '*' }), action).toBe(false);
    }
    expect(allows(admin, { action: 'kms:ScheduleKeyDeletion', resource: '*' })).toBe(true);
    expect(KEY_ADMIN_ACTIONS).not.toContain('kms:*');
  });

  it('refuses a dedicated key administrator every direct call of the key and every use grant, and lets it administer', () => {
    const policy = keyPolicy(
      appTemplate(buildApp({ stage: 'dev', bundle: false, keyAdminArn: KEY_ADMIN }).stack),
    );
    const asAdmin = (request: SimulatedRequest): boolean =>
      allows(policy, { ...request, principal: KEY_ADMIN });
    expect(asAdmin({ action: 'kms:ScheduleKeyDeletion', resource: '*' })).toBe(true);
    expect(asAdmin({ action: 'kms:PutKeyPolicy', resource: '*' })).toBe(true);
    // Attack: the administrator, even with kms:* in IAM, asks for a customer's data key or
    // grants itself use of the key.
    const context = customerContext({ recordType: 'customer', recordId: 'c-1' });
    expect(asAdmin({ action: 'kms:Decrypt', resource: '*', context })).toBe(false);
    expect(asAdmin({ action: 'kms:GenerateDataKey', resource: '*', context })).toBe(false);
    expect(
      asAdmin({
        action: 'kms:CreateGrant',
        resource: '*',
        context: { 'kms:GrantIsForAWSResource': 'false' },
      }),
    ).toBe(false);
    // Control: the same data-key request from another principal of the account is allowed.
    expect(
      allows(policy, {
        action: 'kms:Decrypt',
        resource: '*',
        context,
        principal: { Ref: 'SomeFunctionRole' },
      }),
    ).toBe(true);
    // And no one else in the account may administer it.
    expect(
      allows(policy, { action: 'kms:ScheduleKeyDeletion', resource: '*', principal: ACCOUNT_ROOT }),
    ).toBe(false);
  });

  it('delegates use to IAM only through the services that use the key, or for a customer record', () => {
    const policy = keyPolicy(template);
    const asAccount = (request: SimulatedRequest): boolean =>
      allows(policy, { ...request, principal: ACCOUNT_ROOT });
    // Attack: a principal of the account decrypts with the key directly, without a record context.
    expect(asAccount({ action: 'kms:Decrypt', resource: '*' })).toBe(false);
    expect(asAccount({ action: 'kms:Encrypt', resource: '*' })).toBe(false);
    expect(
      asAccount({
        action: 'kms:Decrypt',
        resource: '*',
        context: customerContext({ recordType: 'customer', recordId: 'c-1' }),
      }),
    ).toBe(true);
  });
});

describe('data keys: GenerateDataKey and Decrypt only with a customer record context', () => {
  const dataKeyRequest = (action: string, context: Record<string, string>): SimulatedRequest => ({
    action,
    resource: keyArn,
    context: customerContext(context),
  });

  it('lets the customers API generate and open a customer record key', () => {
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      const request = dataKeyRequest(action, { recordType: 'customer', recordId: 'c-1' });
      expect(allows(policyOf('CustomersApi'), request), action).toBe(true);
      expect(
        allows(keyPolicy(template), { ...request, resource: '*', principal: ACCOUNT_ROOT }),
        action,
      ).toBe(true);
    }
  });

  it('refuses a data key for any other context, in the role policy and in the key policy', () => {
    const attacks: Record<string, string>[] = [
      { recordType: 'audit', recordId: 'c-1' },
      { recordType: 'customer' },
      { recordType: 'customer', recordId: 'c-1', purpose: 'export' },
      {},
    ];
    for (const context of attacks) {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        const request = dataKeyRequest(action, context);
        expect(allows(policyOf('CustomersApi'), request), `${action} ${JSON.stringify(context)}`).toBe(false);
        expect(
          allows(keyPolicy(template), { ...request, resource: '*', principal: ACCOUNT_ROOT }),
          `key policy ${action} ${JSON.stringify(context)}`,
        ).toBe(false);
      }
    }
  });

  it('refuses a customer data key to every function that does not declare usesDataKeys customer', () => {
    const request = dataKeyRequest('kms:Decrypt', { recordType: 'customer', recordId: 'c-1' });
    for (const entry of functions.filter((candidate) => candidate.spec.usesDataKeys !== 'customer')) {
      expect(allows(roleStatements(template, entry.roleLogicalId), request), entry.spec.id).toBe(false);
    }
  });

  it('lets the complaints API generate and open a complaint key, and no other function', () => {
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      const request = dataKeyRequest(action, { recordType: 'complaint', recordId: 'cmp-1' });
      expect(allows(policyOf('ComplaintsApi'), request), action).toBe(true);
      expect(
        allows(keyPolicy(template), { ...request, resource: '*', principal: ACCOUNT_ROOT }),
        action,
      ).toBe(true);
      for (const entry of functions.filter((candidate) => candidate.spec.usesDataKeys !== 'complaint')) {
        expect(allows(roleStatements(template, entry.roleLogicalId), request), entry.spec.id).toBe(false);
      }
    }
    // Attack: the complaints API opens a customer's key with its complaint grant.
    const customerKey = dataKeyRequest('kms:Decrypt', { recordType: 'customer', recordId: 'c-1' });
    expect(allows(policyOf('ComplaintsApi'), customerKey)).toBe(false);
  });
});

describe('the outbox relays', () => {
  it('read only their own table stream and decrypt only through DynamoDB, for their own table', () => {
    for (const cap of dev.capabilities) {
      for (const relay of cap.relays) {
        const policy = roleStatements(template, logicalId(relay.function.role));
        const own = [...cap.tables.values()].find((table) => table.spec.outboxStream);
        if (own === undefined) throw new Error('relay without table');
        const ownStream = { 'Fn::GetAtt': [logicalId(own.table), 'StreamArn'] };
        const tableName = ref(own.table);
        expect(allows(policy, { action: 'dynamodb:GetRecords', resource: ownStream })).toBe(true);
        expect(
          allows(policy, {
            action: 'kms:Decrypt',
            resource: keyArn,
            context: {
              'kms:ViaService': viaService('dynamodb'),
              'kms:EncryptionContext:aws:dynamodb:tableName': tableName,
            },
          }),
        ).toBe(true);
        // Attacks: the key directly; DynamoDB for another table; another table's stream; table items.
        expect(allows(policy, { action: 'kms:Decrypt', resource: keyArn }), 'direct decrypt').toBe(false);
        for (const other of dev.capabilities.flatMap((entry) => [...entry.tables.values()])) {
          if (other === own) continue;
          expect(
            allows(policy, {
              action: 'kms:Decrypt',
              resource: keyArn,
              context: {
                'kms:ViaService': viaService('dynamodb'),
                'kms:EncryptionContext:aws:dynamodb:tableName': ref(other.table),
              },
            }),
            `decrypt for ${other.spec.id}`,
          ).toBe(false);
          expect(
            allows(policy, {
              action: 'dynamodb:GetRecords',
              resource: { 'Fn::GetAtt': [logicalId(other.table), 'StreamArn'] },
            }),
          ).toBe(false);
        }
        expect(allows(policy, { action: 'dynamodb:GetItem', resource: arnOf(own.table) })).toBe(false);
      }
    }
  });
});

describe('task tokens', () => {
  it('are answered only on the state machines that issue them, never on every machine', () => {
    const customers = capability('customers');
    const review = ref(customers.stateMachines.get('PeriodicReview')?.machine ?? customers);
    const otherMachine = { Ref: 'SomeOtherStateMachine' };
    for (const entry of functions) {
      const policy = roleStatements(template, entry.roleLogicalId);
      for (const statement of policy.filter((candidate) =>
        actions(candidate).some((a) => a.startsWith('states:SendTask')),
      )) {
        expect(statement.Resource, entry.spec.id).not.toEqual('*');
      }
      for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']) {
        const mayAnswer = entry.spec.sendsTaskTokens === true && entry.capability === 'customers';
        expect(allows(policy, { action, resource: review }), `${entry.spec.id} ${action}`).toBe(mayAnswer);
        // Attack: a token of a machine that is not the issuer.
        expect(allows(policy, { action, resource: otherMachine }), `${entry.spec.id} other`).toBe(false);
      }
    }
  });
});

describe('queues, logs and the archive under the customer-managed key', () => {
  it('encrypts every queue with the key, never with SQS-managed keys', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn);
      expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
  });

  it('lets a sender use the key through SQS for its own queue only', () => {
    const consumer = capability('customers').functions.get('CustomersComplianceConsumer');
    const daily = capability('calendars').functions.get('CalendarsDailyCheck');
    if (consumer?.deadLetterQueue === undefined || daily?.deadLetterQueue === undefined) {
      throw new Error('missing functions or their dead-letter queues');
    }
    const policy = policyOf('CustomersComplianceConsumer');
    const through = (queue: unknown): SimulatedRequest => ({
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      context: { 'kms:ViaService': viaService('sqs'), 'kms:EncryptionContext:aws:sqs:arn': queue },
    });
    expect(allows(policy, through(arnOf(consumer.deadLetterQueue)))).toBe(true);
    // Attack: writing into (or reading) another function's dead letters.
    expect(allows(policy, through(arnOf(daily.deadLetterQueue)))).toBe(false);
    // An API function has no queue, so no use of the key through SQS at all.
    expect(allows(policyOf('CustomersApi'), through(arnOf(consumer.deadLetterQueue)))).toBe(false);
  });

  it('lets EventBridge deliver dead letters only for rules on the CRM bus and the named default-bus rules, through SQS', () => {
    const statement = keyPolicy(template).find(
      (candidate) => (candidate as { Sid?: string }).Sid === 'EventBridgeRuleDeadLetters',
    );
    expect(statement?.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(JSON.stringify(statement?.Condition)).toContain('kms:ViaService');
    const sources = statement?.Condition?.ArnLike?.['aws:SourceArn'];
    const resourceNames = (Array.isArray(sources) ? sources : [sources]).map((source) => {
      const text = JSON.stringify(source);
      return text.slice(text.indexOf(':rule/') + ':rule/'.length, text.lastIndexOf('"'));
    });
    // The default bus's rules by their fixed names, no wildcard: not every rule of the account.
    const defaultBusRules = Object.values(template.findResources('AWS::Events::Rule'))
      .filter((rule) => rule.Properties.EventBusName === 'default')
      .map((rule) => String(rule.Properties.Name));
    expect(defaultBusRules.length).toBeGreaterThan(0);
    expect(resourceNames.sort()).toEqual(['fincrm-dev/*', ...defaultBusRules].sort());
    for (const name of defaultBusRules) expect(name).toMatch(/^fincrm-dev-[A-Za-z]+$/);
  });

  it('encrypts every log group with the key; CloudWatch Logs may use it for this account’s log groups only', () => {
    for (const source of [template, prodTemplate]) {
      const groups = Object.values(source.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
    }
    const logs = keyPolicy(template).find(
      (candidate) => (candidate as { Sid?: string }).Sid === 'CloudWatchLogs',
    );
    expect(JSON.stringify(logs?.Principal)).toContain('logs.');
    expect(Object.keys(logs?.Condition?.ArnLike ?? {})).toEqual(['kms:EncryptionContext:aws:logs:arn']);
  });

  it('keeps the year-long event archive under the key', () => {
    const archives = Object.values(template.findResources('AWS::Events::Archive'));
    expect(archives).toHaveLength(1);
    expect(archives[0]?.Properties.KmsKeyIdentifier).toEqual(keyArn);
  });
});

describe('sign-in', () => {
  it('has one Cognito group per role, the head-office complaints unit’s included', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => (group as { Properties: { GroupName: string } }).Properties.GroupName,
    );

    expect(groups.sort()).toEqual([...ROLES].sort());
    expect(groups).toContain('complaints-manager');
  });
});

describe('sign-in in prod', () => {
  it('enforces Cognito threat protection', () => {
    prodTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      UserPoolTier: 'PLUS',
    });
  });

  it('names no local or plain-http redirect', () => {
    const clients = Object.values(prodTemplate.findResources('AWS::Cognito::UserPoolClient'));
    for (const client of clients) {
      for (const url of [
        ...(client.Properties.CallbackURLs ?? []),
        ...(client.Properties.LogoutURLs ?? []),
      ]) {
        expect(url).toMatch(/^https:\/\//);
        expect(url).not.toMatch(/localhost|127\.0\.0\.1/);
      }
    }
  });

  it('refuses to synthesise prod with a localhost or http redirect, or without threat protection', () => {
    const attempts = [
      { ...PROD_SIGN_IN, callbackUrls: ['http://localhost:5173/auth/callback'] },
      { ...PROD_SIGN_IN, callbackUrls: ['https://127.0.0.1/auth/callback'] },
      { ...PROD_SIGN_IN, logoutUrls: ['http://crm.example.com/'] },
      { callbackUrls: [], logoutUrls: [] },
      { ...PROD_SIGN_IN, threatProtection: false },
    ];
    for (const attempt of attempts) {
      expect(() => buildApp({ stage: 'prod', bundle: false, ...attempt }), JSON.stringify(attempt)).toThrow(
        /prod/,
      );
    }
  });

  it('puts branch and rmId into access tokens with the V2 pre-token-generation trigger', () => {
    const trigger = capability('platform').functions.get('PlatformTokenClaims');
    if (trigger === undefined) throw new Error('no PlatformTokenClaims');
    for (const source of [template, prodTemplate]) {
      source.hasResourceProperties('AWS::Cognito::UserPool', {
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arnOf(trigger.fn), LambdaVersion: 'V2_0' } },
      });
    }
  });

  it('lets no user write the branch and rmId attributes the API scopes access with', () => {
    for (const source of [template, prodTemplate]) {
      const clients = Object.values(source.findResources('AWS::Cognito::UserPoolClient'));
      const frontEnd = clients.find((client) => client.Properties.AllowedOAuthFlows?.includes('code'));
      expect(frontEnd?.Properties.WriteAttributes).toBeDefined();
      for (const client of clients) {
        const writable: string[] = client.Properties.WriteAttributes ?? [];
        if (client !== frontEnd && client.Properties.AllowedOAuthFlows?.includes('client_credentials'))
          continue;
        expect(writable).not.toContain('custom:branch');
        expect(writable).not.toContain('custom:rmId');
      }
    }
  });
});

/**
 * Every call a function makes, as its definition declares it (the grant helpers turn these
 * declarations into policy): the role allows exactly these actions on exactly these resources,
 * nothing more. Keys are `action @ logical id` (`*` for actions without resource-level permissions), and
 * for the KMS key how it may be used (through which service, for a customer record).
 */
function declaredCalls(stack: CrmStack, entry: DeployedFunction): Set<string> {
  const calls = new Set<string>();
  const add = (names: readonly string[], resource: string): void => {
    for (const name of names) calls.add(`${name} @ ${resource}`);
  };
  const cap = stack.capabilities.find((candidate) => candidate.definition.name === entry.capability);
  if (cap === undefined) throw new Error(`no capability ${entry.capability}`);
  const keyId = logicalId(stack.platform.dataKey);
  const construct = entry.isRelay
    ? cap.relays.find((relay) => relay.function.spec.id === entry.spec.id)?.function
    : cap.functions.get(entry.spec.id);
  if (construct === undefined) throw new Error(`no construct for ${entry.spec.id}`);
  // Every function: its log group, its dead-letter queue if it has one (and the key through SQS
  // for it), X-Ray.
  add(['logs:CreateLogStream', 'logs:PutLogEvents'], logicalId(construct.logGroup));
  if (construct.deadLetterQueue !== undefined) {
    add(['sqs:SendMessage'], logicalId(construct.deadLetterQueue));
    add(['kms:GenerateDataKey', 'kms:Decrypt'], `${keyId} via sqs`);
  }
  add(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*');
  const reads = [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
  ];
  const writes = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];
  const byAccess = {
    read: reads,
    readWrite: [...reads, ...writes],
    append: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    erase: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
    readAll: [...reads, 'dynamodb:Scan'],
  };
  const macKey = `${logicalId(stack.platform.auditMacKey)} with no condition`;
  for (const grant of entry.spec.tables) {
    add(byAccess[grant.access], entry.grantedTables.get(grant.table) ?? grant.table);
    add(['kms:Decrypt', 'kms:DescribeKey'], `${keyId} via dynamodb`);
    // Whoever appends to an audit table signs its records; whoever only reads it verifies.
    const table = cap.tables.get(grant.table);
    if (table?.spec.appendOnly) {
      add(grant.access === 'append' ? ['kms:GenerateMac', 'kms:VerifyMac'] : ['kms:VerifyMac'], macKey);
    }
  }
  // A pass worker's Scan, of its one index (the statement names the index, joined on the table).
  for (const scan of entry.spec.scansIndexes ?? []) {
    add(['dynamodb:Scan'], entry.grantedTables.get(scan.table) ?? scan.table);
  }
  if (entry.spec.writesAuditAnchors) {
    add(['s3:PutObject'], logicalId(stack.platform.auditAnchors));
    add(['kms:GenerateMac', 'kms:VerifyMac'], macKey);
  }
  // Whoever sends survey links signs them; the API that answers them only verifies.
  if (entry.spec.signsSurveyTokens !== undefined) {
    add(
      entry.spec.signsSurveyTokens === 'sign' ? ['kms:GenerateMac', 'kms:VerifyMac'] : ['kms:VerifyMac'],
      `${logicalId(stack.platform.surveyTokenKey)} with no condition`,
    );
  }
  if (entry.spec.usesDataKeys !== undefined) {
    add(
      entry.spec.opensDataKeysOnly ? ['kms:Decrypt'] : ['kms:GenerateDataKey', 'kms:Decrypt'],
      `${keyId} for a ${entry.spec.usesDataKeys} record`,
    );
  }
  if (entry.spec.usesBlindIndexKey) {
    add(
      ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      logicalId(stack.platform.blindIndexSecret),
    );
    add(['kms:Decrypt'], `${keyId} via secretsmanager`);
  }
  if (entry.spec.putsEvents) add(['events:PutEvents'], logicalId(stack.platform.bus));
  if (entry.spec.sendsMessages) {
    const gateway = cap.messagingGateway;
    if (gateway === undefined) throw new Error(`${entry.spec.id} sends messages without a gateway queue`);
    add(['sqs:SendMessage'], logicalId(gateway.queue));
    add(['kms:GenerateDataKey', 'kms:Decrypt'], `${keyId} via sqs`);
    // Authorised on identities that are deployment settings (crm-function.ts sendMessages).
    add(['ses:SendEmail', 'sms-voice:SendTextMessage'], '*');
  }
  // Coalesced work (docs/architecture.md, "Coalesced work"): its senders send requests, its
  // worker receives them (the key through SQS for both).
  for (const spec of cap.definition.coalescedWork ?? []) {
    const work = cap.coalescedWork.get(spec.id);
    if (work === undefined || entry.isRelay) continue;
    if (spec.senders.includes(entry.spec.id)) {
      add(['sqs:SendMessage'], logicalId(work.queue));
      add(['kms:GenerateDataKey', 'kms:Decrypt'], `${keyId} via sqs`);
    }
    if (spec.functionId === entry.spec.id) {
      add(
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        logicalId(work.queue),
      );
      add(['kms:Decrypt'], `${keyId} via sqs`);
    }
  }
  for (const machine of entry.spec.startsStateMachines ?? []) {
    const found = cap.stateMachines.get(machine);
    if (found) add(['states:StartExecution'], logicalId(found.machine));
  }
  if (entry.spec.sendsTaskTokens) {
    for (const machine of cap.stateMachines.values()) {
      if (machine.issuesTaskTokens) {
        add(
          ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          logicalId(machine.machine),
        );
      }
    }
  }
  // A coalesced work's FIFO queue (coalesced-work.ts): its senders send to it, its worker
  // receives, deletes and hides its messages; the key through SQS for it either way.
  for (const spec of cap.definition.coalescedWork ?? []) {
    const work = cap.coalescedWork.get(spec.id);
    if (work === undefined) throw new Error(`no queue for coalesced work ${spec.id}`);
    if (!entry.isRelay && spec.senders.includes(entry.spec.id)) {
      add(['sqs:SendMessage'], logicalId(work.queue));
      add(['kms:GenerateDataKey', 'kms:Decrypt'], `${keyId} via sqs`);
    }
    if (!entry.isRelay && spec.functionId === entry.spec.id) {
      add(
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        logicalId(work.queue),
      );
      add(['kms:Decrypt'], `${keyId} via sqs`);
    }
  }
  if (entry.isRelay) {
    const relay = cap.relays.find((candidate) => candidate.function.spec.id === entry.spec.id);
    const table = [...cap.tables.values()].find((candidate) => candidate.spec.outboxStream);
    if (relay === undefined || table === undefined) throw new Error('relay without table');
    add(
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      logicalId(table.table),
    );
    add(['dynamodb:ListStreams'], '*');
    add(['kms:Decrypt'], `${keyId} via dynamodb`);
    add(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], logicalId(relay.failures));
    add(['kms:GenerateDataKey', 'kms:Decrypt'], `${keyId} via sqs`);
  }
  return calls;
}

/** How a statement lets the key be used: through which service, for a record type, or freely. */
function keyUse(statement: Statement): string {
  if (!actions(statement).some((action) => action.startsWith('kms:'))) return '';
  const via = statement.Condition?.StringEquals?.['kms:ViaService'];
  if (via !== undefined) {
    const [first] = Array.isArray(via) ? via : [via];
    const service = JSON.stringify(first).match(/"([a-z]+)\."/)?.[1];
    return ` via ${service}`;
  }
  const recordType = statement.Condition?.StringEquals?.['kms:EncryptionContext:recordType'];
  if (recordType !== undefined) return ` for a ${[recordType].flat().join(' or ')} record`;
  return ' with no condition';
}

function grantedCalls(source: Template, entry: DeployedFunction): Set<string> {
  const calls = new Set<string>();
  for (const statement of roleStatements(source, entry.roleLogicalId)) {
    if (statement.Effect !== 'Allow') continue;
    const ids = statement.Resource === '*' ? ['*'] : [...referencedIds(statement.Resource)];
    const how = keyUse(statement);
    for (const action of actions(statement)) for (const id of ids) calls.add(`${action} @ ${id}${how}`);
  }
  return calls;
}

describe('every call a function makes is granted, and nothing more', () => {
  it('matches each role to its declared calls exactly', () => {
    expect(functions.length).toBeGreaterThan(0);
    for (const entry of functions) {
      expect([...grantedCalls(template, entry)].sort(), entry.spec.id).toEqual(
        [...declaredCalls(dev, entry)].sort(),
      );
    }
  });

  it('notices a grant no declaration asked for (control)', () => {
    // Prepare: the health function, which declares nothing, given key use behind the helpers' back.
    const { stack } = buildApp({ stage: 'dev', bundle: false });
    const health = stack.capabilities
      .flatMap((entry) => [...entry.functions.values()])
      .find((entry) => entry.spec.id === 'PlatformApi');
    if (health === undefined) throw new Error('no PlatformApi');
    stack.platform.dataKey.grantDecrypt(health.role);
    // Act
    const entry = deployedFunctions(stack).find((candidate) => candidate.spec.id === 'PlatformApi');
    if (entry === undefined) throw new Error('no PlatformApi');
    // Assess
    expect([...grantedCalls(appTemplate(stack), entry)].sort()).not.toEqual(
      [...declaredCalls(stack, entry)].sort(),
    );
  });
});

/** The IAM action each AWS SDK command the product sends needs (DynamoDB document client included). */
const ACTION_OF_COMMAND: Readonly<Record<string, string>> = {
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  // Authorised per contained action; every transaction of the product puts an item.
  TransactWriteCommand: 'dynamodb:PutItem',
  GenerateDataKeyCommand: 'kms:GenerateDataKey',
  DecryptCommand: 'kms:Decrypt',
  GenerateMacCommand: 'kms:GenerateMac',
  VerifyMacCommand: 'kms:VerifyMac',
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
  PutEventsCommand: 'events:PutEvents',
  SendMessageCommand: 'sqs:SendMessage',
  SendEmailCommand: 'ses:SendEmail',
  SendTextMessageCommand: 'sms-voice:SendTextMessage',
  StartExecutionCommand: 'states:StartExecution',
  SendTaskSuccessCommand: 'states:SendTaskSuccess',
  SendTaskFailureCommand: 'states:SendTaskFailure',
  PutObjectCommand: 's3:PutObject',
};

/** The SDK commands constructed anywhere in the modules `entry` imports (relative imports, transitively). */
function commandsReachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const commands = new Set<string>();
  const pending = [resolve(REPO_ROOT, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/new ([A-Z][A-Za-z]+Command)\(/g)) if (match[1]) commands.add(match[1]);
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      const imported = resolve(dirname(file), `${match[1]}.ts`);
      if (existsSync(imported)) pending.push(imported);
    }
  }
  return commands;
}

describe('the SDK calls in the code', () => {
  it('are found by following the imports of a handler (control)', () => {
    expect([...commandsReachableFrom('functions/outbox-relay/handler.ts')]).toContain('PutEventsCommand');
    expect([...commandsReachableFrom('functions/customers/handlers/api.ts')]).toEqual(
      expect.arrayContaining(['GenerateDataKeyCommand', 'DecryptCommand', 'GetSecretValueCommand']),
    );
  });

  it('are each granted to a function of the capability whose code makes them', () => {
    for (const cap of dev.capabilities) {
      const members = functions.filter((entry) => entry.capability === cap.definition.name);
      const granted = new Set(
        members.flatMap((entry) => [...grantedCalls(template, entry)].map((call) => call.split(' @ ')[0])),
      );
      for (const entry of members) {
        for (const command of commandsReachableFrom(entry.spec.entry)) {
          const action = ACTION_OF_COMMAND[command];
          expect(action, `${entry.spec.id}: ${command} has no known IAM action`).toBeDefined();
          expect(
            granted.has(action ?? ''),
            `${cap.definition.name}: ${command} (${action}) is granted to none of its functions`,
          ).toBe(true);
        }
      }
    }
  });
});
