import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilities } from '../../functions/capabilities.js';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { synchronousOnlyFunctions } from '../../shared/capability/define.js';
import {
  actions,
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  PROD_SIGN_IN,
  referencedIds,
  roleStatements,
} from './support.js';

// Templates are read, not deployed: no bundling needed.
let dev: CrmStack;
let devTemplate: Template;
let prodTemplate: Template;
let cnJson: string;
let functions: DeployedFunction[];
let dataKeyId: string;

beforeAll(() => {
  dev = buildApp({ stage: 'dev', bundle: false }).stack;
  devTemplate = appTemplate(dev);
  prodTemplate = appTemplate(buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack);
  // aws-cn as recommended there: an external OIDC issuer (CloudFormation in cn-north-1 lacks the
  // Cognito client, group, domain and resource-server types).
  const cn = buildApp({
    stage: 'prod',
    bundle: false,
    region: 'cn-north-1',
    account: '123456789012',
    externalIssuer: { issuer: 'https://idp.example.cn/realms/crm', audience: ['crm-api'] },
  }).stack;
  cnJson = JSON.stringify(appTemplate(cn).toJSON());
  functions = deployedFunctions(dev);
  dataKeyId = logicalId(dev.platform.dataKey);
});

const allTableIds = (): Set<string> =>
  new Set(Object.keys(devTemplate.findResources('AWS::DynamoDB::Table')));

describe('key material', () => {
  it('gives no deployed function a variable that could select local keys or local endpoints', () => {
    // The local cloud hands its key files to functions in process; these names must never reach a
    // deployed function (a function built from them would refuse them anyway).
    const forbidden = /^(KEY_PROVIDER|LOCAL_MASTER_KEY_FILE|BLIND_INDEX_KEY_FILE|AWS_ENDPOINT_URL.*)$/;
    for (const template of [devTemplate, prodTemplate]) {
      const lambdas = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(lambdas.length).toBeGreaterThan(0);
      for (const lambda of lambdas) {
        const variables = Object.keys(lambda.Properties.Environment?.Variables ?? {});
        expect(variables.filter((name) => forbidden.test(name))).toEqual([]);
      }
    }
    const api = functions.find((fn) => fn.spec.id === 'CustomersApi');
    const env = devTemplate.findResources('AWS::Lambda::Function')[api?.functionLogicalId ?? '']?.Properties
      .Environment?.Variables as Record<string, unknown> | undefined;
    expect(Object.keys(env ?? {})).toEqual(expect.arrayContaining(['KMS_KEY_ID', 'BLIND_INDEX_SECRET_ARN']));
  });
});

describe('the event archive', () => {
  it('keeps a year of events under the customer-managed key', () => {
    const archives = Object.values(devTemplate.findResources('AWS::Events::Archive'));
    expect(archives).toHaveLength(1);
    expect(archives[0]?.Properties.KmsKeyIdentifier).toEqual({ 'Fn::GetAtt': [dataKeyId, 'Arn'] });
  });
});

describe('data at rest', () => {
  it('encrypts every table with the customer-managed key and keeps point-in-time recovery on', () => {
    const tables = Object.values(devTemplate.findResources('AWS::DynamoDB::Table'));
    expect(tables.length).toBe(capabilities.flatMap((capability) => capability.tables).length);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
      });
      // Key tables have none on purpose (key-table.test.ts); every other table keeps it.
      const isKeyTable = table.Properties.Tags?.some(
        (tag: { Key: string; Value: string }) => tag.Key === 'fincrm:backup' && tag.Value === 'never',
      );
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: isKeyTable !== true,
      });
    }
  });

  it('rotates every encryption key (KMS cannot rotate the audit HMAC key, docs/operations.md §9)', () => {
    const keys = Object.values(devTemplate.findResources('AWS::KMS::Key'));
    const encryption = keys.filter((key) => key.Properties.KeySpec === undefined);
    expect(encryption.length).toBeGreaterThan(0);
    for (const key of encryption) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('protects and retains tables and the data key in prod', () => {
    const tables = Object.values(prodTemplate.findResources('AWS::DynamoDB::Table'));
    for (const table of tables) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
    for (const key of Object.values(prodTemplate.findResources('AWS::KMS::Key'))) {
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });

  it('lets dev tables be deleted with the stack', () => {
    for (const table of Object.values(devTemplate.findResources('AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('least privilege', () => {
  it('lets each function reach only the tables its definition grants, in its own capability', () => {
    const tableIds = allTableIds();
    for (const fn of functions) {
      const reached = new Set<string>();
      for (const statement of roleStatements(devTemplate, fn.roleLogicalId)) {
        if (statement.Effect !== 'Allow') continue;
        for (const id of referencedIds(statement.Resource)) if (tableIds.has(id)) reached.add(id);
      }
      const expected = new Set(fn.grantedTables.values());
      if (fn.isRelay) for (const id of fn.ownTables) if (reached.has(id)) expected.add(id); // its stream
      expect([...reached].sort(), fn.spec.id).toEqual([...expected].sort());
      for (const id of reached) expect(fn.ownTables.has(id), `${fn.spec.id} → ${id}`).toBe(true);
    }
    const health = functions.find((fn) => fn.spec.id === 'PlatformApi');
    expect(health?.grantedTables.size).toBe(0);
  });

  it('grants append-only access as PutItem, GetItem and Query and nothing else', () => {
    for (const fn of functions) {
      for (const grant of fn.spec.tables.filter((entry) => entry.access === 'append')) {
        const tableId = fn.grantedTables.get(grant.table);
        const allowed = roleStatements(devTemplate, fn.roleLogicalId)
          .filter(
            (statement) =>
              statement.Effect === 'Allow' && tableId && referencedIds(statement.Resource).has(tableId),
          )
          .flatMap(actions)
          .filter((action) => action.startsWith('dynamodb:'));
        expect(allowed.sort(), fn.spec.id).toEqual([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
        ]);
      }
    }
  });

  it('denies deletes and updates on append-only tables to every function of the capability', () => {
    for (const capability of dev.capabilities) {
      for (const table of [...capability.tables.values()].filter((entry) => entry.spec.appendOnly)) {
        const tableId = logicalId(table.table);
        for (const fn of functions.filter((entry) => entry.capability === capability.definition.name)) {
          const denied = roleStatements(devTemplate, fn.roleLogicalId)
            .filter(
              (statement) => statement.Effect === 'Deny' && referencedIds(statement.Resource).has(tableId),
            )
            .flatMap(actions);
          expect(denied, fn.spec.id).toEqual(
            expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:UpdateItem']),
          );
        }
      }
    }
  });

  it('gives direct KMS data-key use only to usesDataKeys functions (creating keys only to those that seal); every other key use goes through a service', () => {
    for (const fn of functions) {
      // The HMAC keys are checked in audit-integrity.test.ts and survey-tokens.test.ts.
      const macKeys = [logicalId(dev.platform.auditMacKey), logicalId(dev.platform.surveyTokenKey)];
      const kms = roleStatements(devTemplate, fn.roleLogicalId).filter(
        (statement) =>
          statement.Effect === 'Allow' &&
          actions(statement).some((action) => action.startsWith('kms:')) &&
          !macKeys.some((key) => referencedIds(statement.Resource).has(key)),
      );
      const direct = kms.filter(
        (statement) => !JSON.stringify(statement.Condition).includes('kms:ViaService'),
      );
      const generatesDirectly = direct.some((statement) =>
        actions(statement).some((action) => action.startsWith('kms:GenerateDataKey')),
      );
      const decryptsDirectly = direct.some((statement) => actions(statement).includes('kms:Decrypt'));
      expect(generatesDirectly, fn.spec.id).toBe(
        fn.spec.usesDataKeys !== undefined && !fn.spec.opensDataKeysOnly,
      );
      expect(decryptsDirectly, fn.spec.id).toBe(fn.spec.usesDataKeys !== undefined);
      if (fn.spec.usesDataKeys === undefined) expect(direct, fn.spec.id).toEqual([]);
    }
  });

  it('lets only usesBlindIndexKey functions read the blind-index secret', () => {
    const secretId = logicalId(dev.platform.blindIndexSecret);
    for (const fn of functions) {
      const reads = roleStatements(devTemplate, fn.roleLogicalId).some(
        (statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(secretId),
      );
      expect(reads, fn.spec.id).toBe(fn.spec.usesBlindIndexKey === true);
    }
  });

  it('lets only putsEvents functions put events on the bus', () => {
    for (const fn of functions) {
      const puts = roleStatements(devTemplate, fn.roleLogicalId).some((statement) =>
        actions(statement).includes('events:PutEvents'),
      );
      expect(puts, fn.spec.id).toBe(fn.spec.putsEvents === true);
    }
  });
});

describe('functions', () => {
  it('run Node.js 24 on arm64 with tracing, a log group that has retention, and a DLQ unless only ever invoked synchronously', () => {
    const groups = devTemplate.findResources('AWS::Logs::LogGroup');
    const lambdas = devTemplate.findResources('AWS::Lambda::Function');
    expect(Object.keys(lambdas).length).toBe(functions.length);
    const synchronous = new Map(
      capabilities.map((definition) => [definition.name, synchronousOnlyFunctions(definition)]),
    );
    for (const deployed of functions) {
      const fn = lambdas[deployed.functionLogicalId];
      if (fn === undefined) throw new Error(`${deployed.spec.id}: no function in the template`);
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      // API Gateway, Step Functions, Cognito and a stream's event source mapping invoke
      // synchronously: Lambda never dead-letters for them (docs/operations.md §5).
      const invokedOnlySynchronously =
        deployed.isRelay || synchronous.get(deployed.capability)?.has(deployed.spec.id) === true;
      expect(fn.Properties.DeadLetterConfig?.TargetArn !== undefined, deployed.spec.id).toBe(
        !invokedOnlySynchronously,
      );
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      const [groupId] = [...referencedIds(fn.Properties.LoggingConfig.LogGroup)];
      expect(groupId && groups[groupId]?.Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('partitions', () => {
  it('names no aws partition ARN when synthesised for cn-north-1', () => {
    expect(cnJson).not.toContain('arn:aws:');
    expect(cnJson).toContain('AWS::Partition');
  });

  it('hard-codes no partition in the default template either', () => {
    expect(JSON.stringify(devTemplate.toJSON())).not.toContain('arn:aws:');
  });
});
