import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { routeSpecsOf } from '../../shared/capability/define.js';
import rootLogicalIds from './fixtures/root-logical-ids.json' with { type: 'json' };
import { PROD_SIGN_IN } from './support.js';

/**
 * What a deployment made before the nested stacks must find where it was (docs/operations.md
 * §1): the data and the named resources keep their logical ids in the root stack, so an update
 * neither replaces a table nor creates a second resource under a name that is taken. The fixture
 * lists them as the single stack named them (prod, before the capabilities were nested): tables,
 * log groups, keys and their aliases, the bus and its archive, the user pool, the API, the
 * dashboards, the SES configuration set, the named rules, the undelivered and relay-failure
 * queues.
 */
let stack: CrmStack;
let root: Record<string, { Type: string }>;

beforeAll(() => {
  stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  root = Template.fromStack(stack).toJSON().Resources;
});

describe('the nested stacks of the capabilities', () => {
  it('keep every table and named resource of the single stack in the root, under its logical id', () => {
    const expected = Object.entries(rootLogicalIds);
    expect(expected.filter(([, type]) => type === 'AWS::DynamoDB::Table').length).toBeGreaterThan(10);

    const missing = expected.filter(([id, type]) => root[id]?.Type !== type).map(([id]) => id);

    expect(missing).toEqual([]);
  });

  it('keep every table of every capability in the root stack, and create its functions in its nested stack', () => {
    for (const capability of stack.capabilities) {
      const name = capability.definition.name;
      for (const table of capability.tables.values()) expect(Stack.of(table.table), name).toBe(stack);
      expect(Stack.of(capability.logGroup), name).toBe(stack);
      for (const fn of capability.functions.values())
        expect(Stack.of(fn.fn), name).toBe(capability.resources);
      for (const machine of capability.stateMachines.values())
        expect(Stack.of(machine.machine), name).toBe(capability.resources);
      for (const alarm of capability.monitoring.alarms)
        expect(Stack.of(alarm), name).toBe(capability.resources);
    }
  });

  it('create each capability’s routes in its nested stack, none in the root', () => {
    expect(Object.values(root).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')).toEqual(
      [],
    );
    for (const capability of stack.capabilities) {
      const { api } = capability.definition;
      if (api === undefined) continue;
      const routes = Template.fromStack(capability.resources).findResources('AWS::ApiGatewayV2::Route');
      const expected = routeSpecsOf(capability.definition).length + (api.fallback ? 1 : 0);
      expect(Object.keys(routes), capability.definition.name).toHaveLength(expected);
    }
  });
});
