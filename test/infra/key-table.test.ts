import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { BACKUP_TAG } from '../../infra/platform/table.js';
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
let stack: CrmStack;
let template: Template;
let functions: DeployedFunction[];

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  template = appTemplate(stack);
  functions = deployedFunctions(stack);
});

/** The logical id of a capability's key table. */
function keyTableIdOf(capability: string, tableId: string): string {
  const table = stack.capabilities
    .find((candidate) => candidate.definition.name === capability)
    ?.tables.get(tableId);
  if (table === undefined) throw new Error(`no ${tableId} table`);
  return logicalId(table.table);
}

/** The DynamoDB actions a function's role is allowed on a key table. */
function keyTableActions(fn: DeployedFunction, keyTableId: string): string[] {
  return roleStatements(template, fn.roleLogicalId)
    .filter((statement) => statement.Effect === 'Allow' && referencedIds(statement.Resource).has(keyTableId))
    .flatMap(actions)
    .filter((action) => action.startsWith('dynamodb:'))
    .sort();
}

// Each record type with data keys keeps them in a table of their own: customers (their C2
// fields), complaints (their free text) and engagement (each customer's survey free text and
// visit notes). The writer puts a key once and reads it; the eraser deletes it; a reader (the
// customers' delivery function, which opens an address to send) only reads it; no one else
// touches it.
const KEY_TABLES = [
  {
    capability: 'customers',
    table: 'CustomerKeys',
    writer: 'CustomersApi',
    eraser: 'CustomersShredder',
    readers: ['CustomersDelivery'],
  },
  {
    capability: 'complaints',
    table: 'ComplaintKeys',
    writer: 'ComplaintsApi',
    eraser: 'ComplaintsConsumer',
    readers: [],
  },
  {
    capability: 'engagement',
    table: 'EngagementKeys',
    writer: 'EngagementApi',
    eraser: 'EngagementConsumer',
    readers: [],
  },
] as const;

describe.each(KEY_TABLES)(
  'the $table key table',
  ({ capability, table: tableId, writer, eraser, readers }) => {
    it('has no point-in-time recovery, no stream and a tag that keeps it out of backup plans', () => {
      // A copy of the key table would keep an erased record's data key, and with it the means
      // to open the sealed values a restore of the record's table still holds.
      const table = template.toJSON().Resources[keyTableIdOf(capability, tableId)];
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: false,
      });
      expect(table.Properties.StreamSpecification).toBeUndefined();
      expect(table.Properties.Tags).toEqual(expect.arrayContaining([{ Key: BACKUP_TAG, Value: 'never' }]));
      // Losing it loses every record's C2 data: protected and retained like the others.
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(template.findResources('AWS::Backup::BackupSelection')).toEqual({});
    });

    it('lets the writer put a key once and read it, the eraser delete it, a reader read it, and no one else touch it', () => {
      const keyTableId = keyTableIdOf(capability, tableId);
      const reaching = functions
        .filter((fn) => keyTableActions(fn, keyTableId).length > 0)
        .map((fn) => fn.spec.id);
      expect(reaching.sort()).toEqual([writer, eraser, ...readers].sort());
      for (const reader of readers) {
        const reading = functions.find((fn) => fn.spec.id === reader);
        if (reading === undefined) throw new Error(`missing function ${reader}`);
        expect(keyTableActions(reading, keyTableId)).toEqual([
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:Query',
        ]);
      }
      const writing = functions.find((fn) => fn.spec.id === writer);
      const erasing = functions.find((fn) => fn.spec.id === eraser);
      if (writing === undefined || erasing === undefined) throw new Error('missing function');
      // No UpdateItem for anyone: a key is never rewritten, so a bug cannot corrupt the only copy.
      expect(keyTableActions(writing, keyTableId)).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ]);
      expect(keyTableActions(erasing, keyTableId)).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem']);
    });
  },
);

describe('the tables that are not key tables', () => {
  it('keep point-in-time recovery', () => {
    const keyTables = new Set(KEY_TABLES.map(({ capability, table }) => keyTableIdOf(capability, table)));
    for (const [id, table] of Object.entries(template.findResources('AWS::DynamoDB::Table'))) {
      if (keyTables.has(id)) continue;
      expect(table.Properties.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });
});
