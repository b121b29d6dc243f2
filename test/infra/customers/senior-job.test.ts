import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/build-app.js';
import type { CrmStack } from '../../../infra/crm-stack.js';
import { passMachineId, passMachineInput } from '../../../shared/workflows/pass.js';
import {
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  PROD_SIGN_IN,
} from '../support.js';

// Templates are read, not deployed: no bundling needed.
let stack: CrmStack;
let template: Template;
let functions: DeployedFunction[];

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  template = appTemplate(stack);
  functions = deployedFunctions(stack);
});

function deployed(id: string): DeployedFunction {
  const fn = functions.find((candidate) => candidate.spec.id === id);
  if (fn === undefined) throw new Error(`no ${id}`);
  return fn;
}

/** The daily senior job (docs/domain-rules.md §19.3) as deployed. */
describe('the daily senior job', () => {
  it('runs at 00:05 China Standard Time as a pass of the customers’ daily-jobs function, naming its job', () => {
    const shredder = deployed('CustomersShredder');
    const customers = stack.capabilities.find((capability) => capability.definition.name === 'customers');
    const machine = customers?.stateMachines.get(passMachineId('customers'));
    if (customers === undefined || machine === undefined) throw new Error('no customers pass machine');
    const pass = (id: string) => {
      const spec = customers.definition.passes?.find((candidate) => candidate.id === id);
      if (spec === undefined) throw new Error(`no pass ${id}`);
      return spec;
    };
    // Each pass's schedule starts the pass machine with the pass's input (architecture §7.1) ...
    for (const [expression, id] of [
      ['cron(5 16 * * ? *)', 'DailySeniors'],
      ['cron(0 2 * * ? *)', 'DailyShred'],
    ] as const) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Etc/UTC',
        Target: Match.objectLike({
          Arn: { Ref: logicalId(machine.machine) },
          Input: JSON.stringify(passMachineInput(pass(id))),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
    expect(pass('DailySeniors')).toMatchObject({ functionId: 'CustomersShredder', job: 'senior' });
    expect(pass('DailyShred')).toMatchObject({ functionId: 'CustomersShredder', job: 'shred' });
    // ... and the machine invokes the daily-jobs function with it.
    const definition = JSON.stringify(
      template.toJSON().Resources[logicalId(machine.machine)].Properties.DefinitionSubstitutions,
    );
    expect(definition).toContain(shredder.functionLogicalId);
  });

  it('finds the customers by a sparse index of the hashed day, with the blind-index key and no data key', () => {
    const shredder = deployed('CustomersShredder');
    const customers = stack.capabilities
      .find((capability) => capability.definition.name === 'customers')
      ?.tables.get('Customers');
    if (customers === undefined) throw new Error('no Customers table');
    const table = template.toJSON().Resources[logicalId(customers.table)];

    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          IndexName: 'bySeniorDay',
          KeySchema: [
            { AttributeName: 'seniorDayIndex', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
        }),
      ]),
    );
    const environment =
      template.toJSON().Resources[shredder.functionLogicalId].Properties.Environment.Variables;
    expect(Object.keys(environment)).toContain('BLIND_INDEX_SECRET_ARN');
    expect(Object.keys(environment)).not.toContain('KMS_KEY_ID');
  });
});
