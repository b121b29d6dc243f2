import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import {
  actions,
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  referencedIds,
  roleStatements,
  type Statement,
} from './support.js';

// Templates are read, not deployed: no bundling needed.
let template: Template;
let functions: DeployedFunction[];

beforeAll(() => {
  const { stack } = buildApp({ stage: 'dev', bundle: false });
  template = appTemplate(stack);
  functions = deployedFunctions(stack);
});

/** The resources of a statement as text, so `${TableArn}/index/<name>` joins can be matched. */
const resourceText = (statement: Statement): string => JSON.stringify(statement.Resource ?? null);

/** Whether a statement's resources name exactly the table's index (by its `/index/<name>` suffix). */
const namesIndex = (statement: Statement, tableId: string, indexName: string): boolean => {
  const text = resourceText(statement);
  return text.includes(`"${tableId}"`) && text.includes(`/index/${indexName}"`);
};

/** Whether a statement is a pass worker's Scan of one index it declares (`scansIndexes`). */
const indexScanOf = (fn: DeployedFunction, statement: Statement): boolean =>
  (fn.spec.scansIndexes ?? []).some((scan) =>
    namesIndex(statement, fn.grantedTables.get(scan.table) ?? scan.table, scan.indexName),
  );

describe("the compliance officer's unscoped customer list", () => {
  it('is a Query on the byEntity index: the API role is granted exactly that', () => {
    const api = functions.find((fn) => fn.spec.id === 'CustomersApi');
    const customersTable = api?.grantedTables.get('Customers');
    expect(customersTable).toBeDefined();
    const allowed = roleStatements(template, api?.roleLogicalId ?? '').filter(
      (statement) => statement.Effect === 'Allow' && namesIndex(statement, customersTable ?? '', 'byEntity'),
    );
    expect(allowed.flatMap(actions)).toContain('dynamodb:Query');
  });

  it('grants Scan on no table with customer data: only the anchor reads a whole audit table, a pass worker its one index', () => {
    // The attack: with Scan, a role that may read one customer by key could page through
    // every item of the table, other books and side items included. The Scans allowed are of
    // an append-only audit table (field names, never values), declared `readAll`, and of the
    // one index a per-customer pass reads (declared `scansIndexes`), never its table.
    const stack = buildApp({ stage: 'dev', bundle: false }).stack;
    const auditTables = new Set(
      stack.capabilities.flatMap((capability) =>
        [...capability.tables.values()]
          .filter((table) => table.spec.appendOnly)
          .map((table) => logicalId(table.table)),
      ),
    );
    const scanners: string[] = [];
    for (const fn of functions) {
      const scans = roleStatements(template, fn.roleLogicalId)
        .filter((statement) => statement.Effect === 'Allow')
        .filter((statement) =>
          actions(statement).some((action) => ['dynamodb:Scan', 'dynamodb:*', '*'].includes(action)),
        );
      if (scans.length > 0) scanners.push(fn.spec.id);
      for (const scan of fn.spec.scansIndexes ?? []) {
        const table = fn.grantedTables.get(scan.table) ?? scan.table;
        const indexOnly = scans.filter((statement) => namesIndex(statement, table, scan.indexName));
        expect(indexOnly.map(resourceText), fn.spec.id).toHaveLength(1);
        for (const statement of indexOnly) {
          expect(actions(statement), fn.spec.id).toEqual(['dynamodb:Scan']);
          // The one resource is the index: no table ARN beside it.
          expect(statement.Resource, fn.spec.id).not.toBeInstanceOf(Array);
        }
      }
      for (const statement of scans.filter((candidate) => !indexScanOf(fn, candidate))) {
        expect(actions(statement), fn.spec.id).not.toContain('dynamodb:*');
        expect(actions(statement), fn.spec.id).not.toContain('*');
        const tables = [...referencedIds(statement.Resource)];
        expect(tables.length, fn.spec.id).toBeGreaterThan(0);
        for (const table of tables) expect(auditTables.has(table), `${fn.spec.id} scans ${table}`).toBe(true);
      }
    }
    expect(scanners.sort()).toEqual([
      'ActivityAuditAnchor',
      'CalendarsAuditAnchor',
      'ComplaintsAuditAnchor',
      'CustomersAuditAnchor',
      'EngagementScheduler',
      'ProductsAuditAnchor',
      'RetentionAuditAnchor',
      'RetentionJobs',
    ]);
  });

  it('refuses at synthesis a readAll (Scan) declared on a table that is not append-only', () => {
    const customers = buildApp({ stage: 'dev', bundle: false }).stack.capabilities.find(
      (capability) => capability.definition.name === 'customers',
    );
    const api = customers?.functions.get('CustomersApi');
    const table = customers?.tables.get('Customers');
    if (api === undefined || table === undefined) throw new Error('customers capability not built');
    expect(() => api.grantTable(table, 'readAll')).toThrow(/only for append-only audit tables/);
  });
});
