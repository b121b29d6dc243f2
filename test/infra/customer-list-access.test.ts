import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import {
  actions,
  type DeployedFunction,
  deployedFunctions,
  roleStatements,
  type Statement,
} from './support.js';

// Templates are read, not deployed: no bundling needed.
let template: Template;
let functions: DeployedFunction[];

beforeAll(() => {
  const { stack } = buildApp({ stage: 'dev', bundle: false });
  template = Template.fromStack(stack);
  functions = deployedFunctions(stack);
});

/** The resources of a statement as text, so `${TableArn}/index/<name>` joins can be matched. */
const resourceText = (statement: Statement): string => JSON.stringify(statement.Resource ?? null);

/** Whether a statement's resources name exactly the table's index (by its `/index/<name>` suffix). */
const namesIndex = (statement: Statement, tableId: string, indexName: string): boolean => {
  const text = resourceText(statement);
  return text.includes(`"${tableId}"`) && text.includes(`/index/${indexName}"`);
};

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

  it('grants no function Scan on any table or index, so nobody reads a whole table', () => {
    // The attack: with Scan, a role that may read one customer by key could page through
    // every item of the table, other books and side items included.
    for (const fn of functions) {
      const scans = roleStatements(template, fn.roleLogicalId)
        .filter((statement) => statement.Effect === 'Allow')
        .flatMap(actions)
        .filter((action) => action === 'dynamodb:Scan' || action === 'dynamodb:*' || action === '*');
      expect(scans, fn.spec.id).toEqual([]);
    }
  });
});
