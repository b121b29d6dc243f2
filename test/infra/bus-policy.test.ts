import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { EXTERNAL_SOURCES } from '../../shared/events/external.js';
import {
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  PROD_SIGN_IN,
  type Statement,
} from './support.js';

/**
 * Who may put which source on the bus, read from the synthesised bus policy. Each case is a
 * PutEvents a principal might attempt; the policy's explicit denies are evaluated for it the way
 * IAM does (every condition of a statement must hold), so a forged `crm.customers` event from any
 * role but the customers relay is shown refused.
 */
let functions: DeployedFunction[];
let statements: Statement[];

beforeAll(() => {
  const stack = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  const buses = Object.values(appTemplate(stack).findResources('AWS::Events::EventBus'));
  expect(buses).toHaveLength(1);
  statements = buses[0]?.Properties.Policy.Statement ?? [];
  functions = deployedFunctions(stack);
});

/** A principal as the policy names it: a role's ARN attribute, or an ARN outside the stack. */
type Principal = { readonly 'Fn::GetAtt': readonly [string, 'Arn'] } | string;

const roleOf = (capability: string, id: string): Principal => {
  const fn = functions.find((candidate) => candidate.capability === capability && candidate.spec.id === id);
  if (fn === undefined) throw new Error(`no function ${capability}/${id}`);
  return { 'Fn::GetAtt': [fn.roleLogicalId, 'Arn'] };
};
const relayOf = (capability: string): Principal => {
  const relay = functions.find((fn) => fn.capability === capability && fn.isRelay);
  if (relay === undefined) throw new Error(`no relay in ${capability}`);
  return { 'Fn::GetAtt': [relay.roleLogicalId, 'Arn'] };
};
const CORE_SYSTEM: Principal = 'arn:aws:iam::111122223333:role/core-banking-publisher';

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether one condition operator holds for the request. */
function holds(
  operator: string,
  key: string,
  expected: unknown,
  source: string,
  principal: Principal,
): boolean {
  const actual = key === 'events:source' ? source : key === 'aws:PrincipalArn' ? principal : undefined;
  if (actual === undefined) throw new Error(`the test does not model ${key}`);
  const matches = asList(expected).some((value) => same(value, actual));
  if (operator === 'StringEquals' || operator === 'ArnEquals') return matches;
  if (operator === 'StringNotEquals' || operator === 'ArnNotEquals') return !matches;
  throw new Error(`the test does not model ${operator}`);
}

/** Whether the bus policy denies `principal` putting an event of `source` on the bus. */
function denied(principal: Principal, source: string): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Deny' &&
      asList(statement.Action).includes('events:PutEvents') &&
      Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) => holds(operator, key, expected, source, principal)),
      ),
  );
}

describe('the bus policy', () => {
  it('denies every principal in every account, whatever its own IAM policies allow', () => {
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement).toMatchObject({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
      });
    }
  });

  it('refuses a forged crm.customers event from any role but the customers relay', () => {
    expect(denied(relayOf('customers'), 'crm.customers')).toBe(false);
    for (const forger of [
      roleOf('customers', 'CustomersApi'),
      roleOf('activity', 'ActivityConsumer'),
      relayOf('activity'),
      relayOf('calendars'),
      CORE_SYSTEM,
    ]) {
      expect(denied(forger, 'crm.customers')).toBe(true);
    }
  });

  it('lets each capability’s source come from its own relays only', () => {
    for (const capability of ['calendars', 'customers', 'activity']) {
      expect(denied(relayOf(capability), `crm.${capability}`)).toBe(false);
      const others = ['calendars', 'customers', 'activity'].filter((other) => other !== capability);
      for (const other of others) expect(denied(relayOf(other), `crm.${capability}`)).toBe(true);
    }
  });

  it('refuses a crm.* source no capability relays, and any source outside the catalogue', () => {
    for (const source of ['crm.platform', 'crm.evil', 'crm.*', 'e2e.probe']) {
      expect(denied(CORE_SYSTEM, source)).toBe(true);
      expect(denied(relayOf('customers'), source)).toBe(true);
    }
  });

  it('leaves the external sources to the bank’s systems, and refuses them from the relays', () => {
    for (const source of EXTERNAL_SOURCES) {
      expect(denied(CORE_SYSTEM, source)).toBe(false);
      expect(denied(relayOf('customers'), source)).toBe(true);
    }
  });
});
