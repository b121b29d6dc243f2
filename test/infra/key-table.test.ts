import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { BACKUP_TAG } from '../../infra/platform/table.js';
import {
  actions,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  PROD_SIGN_IN,
  referencedIds,
  roleStatements,
} from './support.js';

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let functions: DeployedFunction[];
let keyTableId: string;

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  template = Template.fromStack(stack);
  functions = deployedFunctions(stack);
  const customers = stack.capabilities.find((capability) => capability.definition.name === 'customers');
  const keys = customers?.tables.get('CustomerKeys');
  if (keys === undefined) throw new Error('no CustomerKeys table');
  keyTableId = logicalId(keys.table);
});

/** The DynamoDB actions a function's role is allowed on the key table. */
function keyTableActions(fn: DeployedFunction): string[] {
  return roleStatements(template, fn.roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(keyTableId))
    .flatMap(actions)
    .filter((action) => action.startsWith('dynamodb:'))
    .sort();
}

describe('the customers key table', () => {
  it('has no point-in-time recovery, no stream and a tag that keeps it out of backup plans', () => {
    // A copy of the key table would keep a shredded customer's data key, and with it the means
    // to open the sealed values a restore of Customers still holds.
    const table = template.toJSON().Resources[keyTableId];
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    expect(table.Properties.StreamSpecification).toBeUndefined();
    expect(table.Properties.Tags).toEqual(expect.arrayContaining([{ Key: BACKUP_TAG, Value: 'never' }]));
    // Losing it loses every customer's C2 data: protected and retained like the others.
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(template.findResources('AWS::Backup::BackupSelection')).toEqual({});
  });

  it('keeps point-in-time recovery on every other table', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    for (const [id, table] of Object.entries(tables)) {
      if (id === keyTableId) continue;
      expect(table.Properties.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });

  it('lets the API write a key once and read it, the shredder delete it, and no one else touch it', () => {
    const reaching = functions.filter((fn) => keyTableActions(fn).length > 0).map((fn) => fn.spec.id);
    expect(reaching.sort()).toEqual(['CustomersApi', 'CustomersShredder']);
    const api = functions.find((fn) => fn.spec.id === 'CustomersApi');
    const shredder = functions.find((fn) => fn.spec.id === 'CustomersShredder');
    if (api === undefined || shredder === undefined) throw new Error('missing function');
    // No UpdateItem for anyone: a key is never rewritten, so a bug cannot corrupt the only copy.
    expect(keyTableActions(api)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(keyTableActions(shredder)).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem']);
  });
});
