import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
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

// Templates are read, not deployed: no bundling needed.
let dev: CrmStack;
let devTemplate: Template;
let prodTemplate: Template;
let functions: DeployedFunction[];
let macKeyId: string;
let anchorsId: string;

beforeAll(() => {
  dev = buildApp({ stage: 'dev', bundle: false }).stack;
  devTemplate = appTemplate(dev);
  prodTemplate = appTemplate(buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack);
  functions = deployedFunctions(dev);
  macKeyId = logicalId(dev.platform.auditMacKey);
  anchorsId = logicalId(dev.platform.auditAnchors);
});

const appendOnlyTables = (): Map<string, string> => {
  const tables = new Map<string, string>();
  for (const capability of dev.capabilities) {
    for (const [id, table] of capability.tables)
      if (table.spec.appendOnly) tables.set(id, logicalId(table.table));
  }
  return tables;
};

function onKey(fn: DeployedFunction): string[] {
  return roleStatements(devTemplate, fn.roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(macKeyId))
    .flatMap(actions);
}

function environment(fn: DeployedFunction): Record<string, unknown> {
  const lambda = devTemplate.findResources('AWS::Lambda::Function')[fn.functionLogicalId];
  return (lambda?.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
}

describe('the audit HMAC key', () => {
  it('is a KMS HMAC_256 key for GENERATE_VERIFY_MAC, kept in prod', () => {
    devTemplate.hasResourceProperties('AWS::KMS::Key', {
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
    });
    const [key] = Object.values(
      prodTemplate.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } }),
    );
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('lets the functions that append to an audit table sign, the ones that read it only verify, no other', () => {
    const audit = new Set(appendOnlyTables().keys());
    const signers: string[] = [];
    for (const fn of functions) {
      const grants = fn.spec.tables.filter((grant) => audit.has(grant.table));
      const appends =
        grants.some((grant) => grant.access === 'append') || fn.spec.writesAuditAnchors === true;
      const reads = grants.length > 0;
      const allowed = onKey(fn);
      if (appends) {
        signers.push(fn.spec.id);
        expect(allowed, fn.spec.id).toEqual(expect.arrayContaining(['kms:GenerateMac', 'kms:VerifyMac']));
      } else if (reads) {
        expect(allowed, fn.spec.id).toEqual(['kms:VerifyMac']);
      } else {
        expect(allowed, fn.spec.id).toEqual([]);
      }
      expect(
        allowed.every((action) => action === 'kms:GenerateMac' || action === 'kms:VerifyMac'),
        fn.spec.id,
      ).toBe(true);
      expect('AUDIT_MAC_KEY_ID' in environment(fn), fn.spec.id).toBe(reads || appends);
    }
    expect(signers).toEqual(
      expect.arrayContaining([
        'CustomersApi',
        'CustomersShredder',
        'CustomersComplianceConsumer',
        'CustomersAuditAnchor',
        'ActivityAuditAnchor',
        'CalendarsAuditAnchor',
      ]),
    );
    expect(signers).not.toContain('CustomersReviewScheduler');
  });
});

describe('the audit tables and heads (IAM)', () => {
  const denies = (fn: DeployedFunction, tableId: string): Statement[] =>
    roleStatements(devTemplate, fn.roleLogicalId).filter(
      (statement) => statement.Effect === 'Deny' && referencedIds(statement.Resource).has(tableId),
    );
  const outsideTransaction = {
    'ForAllValues:StringNotEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
  };

  it('denies every function of the capability a PutItem on an audit table outside a transaction', () => {
    for (const [tableSpecId, tableId] of appendOnlyTables()) {
      const capabilityFunctions = functions.filter((fn) => fn.ownTables.has(tableId));
      expect(capabilityFunctions.length, tableSpecId).toBeGreaterThan(0);
      for (const fn of capabilityFunctions) {
        expect(denies(fn, tableId), `${fn.spec.id} ${tableSpecId}`).toContainEqual(
          expect.objectContaining({ Action: 'dynamodb:PutItem', Condition: outsideTransaction }),
        );
      }
    }
  });

  it('never lets a function that cannot append write the customer audit head, and the others only in a transaction', () => {
    const customers = dev.capabilities.find((capability) => capability.definition.name === 'customers');
    const table = customers?.tables.get('Customers');
    if (table === undefined) throw new Error('no Customers table');
    const customersId = logicalId(table.table);
    const headWrites = (fn: DeployedFunction) =>
      denies(fn, customersId).filter((statement) =>
        JSON.stringify(statement.Condition ?? {}).includes('"dynamodb:Attributes":["audit"]'),
      );
    for (const fn of functions.filter((candidate) => candidate.ownTables.has(customersId))) {
      const appends = fn.spec.tables.some(
        (grant) => grant.table === 'CustomerAudit' && grant.access === 'append',
      );
      const [deny] = headWrites(fn);
      expect(deny, fn.spec.id).toBeDefined();
      expect(actions(deny as Statement).sort(), fn.spec.id).toEqual([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
      const condition = (deny as Statement).Condition ?? {};
      expect('ForAllValues:StringNotEquals' in condition, fn.spec.id).toBe(appends);
    }
  });
});

describe('the audit anchors', () => {
  it('go to a versioned bucket with Object Lock in COMPLIANCE mode for the audit retention', () => {
    prodTemplate.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } },
      },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
    devTemplate.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
    });
  });

  /** Each capability's anchor function, its audit table and its schedule. */
  const anchorFunctions = [
    {
      id: 'CustomersAuditAnchor',
      capability: 'customers',
      table: 'CustomerAudit',
      cron: 'cron(30 2 * * ? *)',
    },
    { id: 'ActivityAuditAnchor', capability: 'activity', table: 'ActivityAudit', cron: 'cron(40 2 * * ? *)' },
    {
      id: 'CalendarsAuditAnchor',
      capability: 'calendars',
      table: 'CalendarAudit',
      cron: 'cron(50 2 * * ? *)',
    },
    {
      id: 'ComplaintsAuditAnchor',
      capability: 'complaints',
      table: 'ComplaintAudit',
      cron: 'cron(40 2 * * ? *)',
    },
    {
      id: 'ProductsAuditAnchor',
      capability: 'products',
      table: 'ProductAudit',
      cron: 'cron(45 2 * * ? *)',
    },
    {
      id: 'RetentionAuditAnchor',
      capability: 'retention',
      table: 'RetentionAudit',
      cron: 'cron(50 2 * * ? *)',
    },
  ] as const;

  it('are written daily by one function per capability, which alone may put new objects, under anchors/ only', () => {
    const writers = new Map<DeployedFunction, (typeof anchorFunctions)[number]>();
    for (const expected of anchorFunctions) {
      const fn = functions.find((candidate) => candidate.spec.id === expected.id);
      if (fn === undefined) throw new Error(`no ${expected.id}`);
      writers.set(fn, expected);
      devTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expected.cron,
        ScheduleExpressionTimezone: 'Etc/UTC',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fn.functionLogicalId, 'Arn'] } }),
      });
      expect(environment(fn), expected.id).toMatchObject({
        AUDIT_ANCHOR_BUCKET: { Ref: anchorsId },
        AUDIT_MAC_KEY_ID: { 'Fn::GetAtt': [macKeyId, 'Arn'] },
      });
      expect(onKey(fn), expected.id).toEqual(expect.arrayContaining(['kms:GenerateMac']));
    }
    for (const fn of functions) {
      const onBucket = roleStatements(devTemplate, fn.roleLogicalId).filter(
        (statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(anchorsId),
      );
      expect(onBucket.flatMap(actions), fn.spec.id).toEqual(writers.has(fn) ? ['s3:PutObject'] : []);
      for (const statement of onBucket)
        expect(JSON.stringify(statement.Resource), fn.spec.id).toMatch(/"\/anchors\/\*"\]/);
    }
  });

  it('are read, by each anchor function, from its own capability audit table alone (one Scan grant)', () => {
    for (const expected of anchorFunctions) {
      const fn = functions.find((candidate) => candidate.spec.id === expected.id);
      const capability = dev.capabilities.find(
        (candidate) => candidate.definition.name === expected.capability,
      );
      const table = capability?.tables.get(expected.table);
      if (fn === undefined || table === undefined) throw new Error(`no ${expected.id} or ${expected.table}`);
      const scans = roleStatements(devTemplate, fn.roleLogicalId).filter(
        (statement) => statement.Effect === 'Allow' && actions(statement).includes('dynamodb:Scan'),
      );
      expect(scans.length, expected.id).toBeGreaterThan(0);
      for (const statement of scans)
        expect([...referencedIds(statement.Resource)], expected.id).toEqual([logicalId(table.table)]);
      // No other table of the stack is named anywhere in the role.
      const otherTables = dev.capabilities
        .flatMap((candidate) => [...candidate.tables.values()])
        .filter((candidate) => candidate !== table)
        .map((candidate) => logicalId(candidate.table));
      for (const statement of roleStatements(devTemplate, fn.roleLogicalId).filter(
        (s) => s.Effect === 'Allow',
      ))
        for (const other of otherTables)
          expect(referencedIds(statement.Resource).has(other), `${expected.id} reaches ${other}`).toBe(false);
    }
  });
});
