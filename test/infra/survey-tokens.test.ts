import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { dataKeyConditions } from '../../infra/platform/keys.js';
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
let functions: DeployedFunction[];
let surveyKeyId: string;
let auditKeyId: string;

beforeAll(() => {
  dev = buildApp({ stage: 'dev', bundle: false }).stack;
  devTemplate = appTemplate(dev);
  prodTemplate = appTemplate(buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack);
  functions = deployedFunctions(dev);
  surveyKeyId = logicalId(dev.platform.surveyTokenKey);
  auditKeyId = logicalId(dev.platform.auditMacKey);
});

const onKey = (fn: DeployedFunction, keyId: string): string[] =>
  roleStatements(devTemplate, fn.roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(keyId))
    .flatMap(actions)
    .sort();

function environment(fn: DeployedFunction): Record<string, unknown> {
  const lambda = devTemplate.findResources('AWS::Lambda::Function')[fn.functionLogicalId];
  return (lambda?.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
}

describe('the survey token key', () => {
  it('is a KMS HMAC_256 key of its own for GENERATE_VERIFY_MAC, kept in prod, removed with a dev stack', () => {
    const key = devTemplate.findResources('AWS::KMS::Key')[surveyKeyId];
    expect(key?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(key?.Properties.EnableKeyRotation).toBeUndefined();
    expect(surveyKeyId).not.toBe(auditKeyId);
    expect(key?.DeletionPolicy).toBe('Delete');
    const prodKey = prodTemplate.findResources('AWS::KMS::Key')[surveyKeyId];
    expect(prodKey?.DeletionPolicy).toBe('Retain');
    devTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/fincrm-dev-survey-token' });
  });

  it('lets the consumer and the scheduler sign links, the API only verify them, and no other function use it', () => {
    const expected: Record<string, string[]> = {
      EngagementApi: ['kms:VerifyMac'],
      EngagementConsumer: ['kms:GenerateMac', 'kms:VerifyMac'],
      EngagementScheduler: ['kms:GenerateMac', 'kms:VerifyMac'],
    };
    for (const fn of functions) {
      const granted = expected[fn.spec.id] ?? [];
      expect(onKey(fn, surveyKeyId), fn.spec.id).toEqual(granted);
      const variables = environment(fn);
      if (granted.length === 0) {
        expect('SURVEY_TOKEN_KEY_ID' in variables, fn.spec.id).toBe(false);
      } else {
        expect(variables.SURVEY_TOKEN_KEY_ID, fn.spec.id).toEqual({ 'Fn::GetAtt': [surveyKeyId, 'Arn'] });
      }
    }
    // The engagement functions neither sign nor verify audit records: they have no audit table.
    for (const fn of functions.filter((candidate) => candidate.spec.id in expected)) {
      expect(onKey(fn, auditKeyId), fn.spec.id).toEqual([]);
    }
  });
});

describe('engagement data keys', () => {
  it('are admitted by the data key policy and granted to the API only for record type engagement', () => {
    const dataKeyId = logicalId(dev.platform.dataKey);
    const policy = devTemplate.findResources('AWS::KMS::Key')[dataKeyId]?.Properties.KeyPolicy as {
      Statement: { Sid?: string; Condition?: Record<string, Record<string, unknown>> }[];
    };
    const recordKeys = policy.Statement.find((statement) => statement.Sid === 'RecordDataKeys');
    expect(recordKeys?.Condition?.StringEquals?.['kms:EncryptionContext:recordType']).toContain('engagement');
    const api = functions.find((fn) => fn.spec.id === 'EngagementApi');
    if (api === undefined) throw new Error('EngagementApi is not deployed');
    const direct = roleStatements(devTemplate, api.roleLogicalId).filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        referencedIds(statement.Resource).has(dataKeyId) &&
        statement.Condition?.StringEquals?.['kms:EncryptionContext:recordType'] !== undefined,
    );
    expect(direct.map((statement) => statement.Condition)).toEqual([dataKeyConditions(['engagement'])]);
  });
});
