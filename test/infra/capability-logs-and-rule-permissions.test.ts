import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { appTemplate, logicalId, PROD_SIGN_IN, referencedIds } from './support.js';

// docs/operations.md §1: one log group per capability and one EventBridge permission per
// function its rules on the platform bus target, instead of one of each per function and rule.
const { stack } = buildApp({
  stage: 'prod',
  region: 'eu-west-1',
  account: '123456789012',
  bundle: false,
  ...PROD_SIGN_IN,
});
const template: Template = appTemplate(stack);
const busId = logicalId(stack.platform.bus);

interface Resource {
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}
const resources = (type: string) => template.findResources(type) as Record<string, Resource>;

/** An ARN as CloudFormation would render it in eu-west-1 of 123456789012, the bus being `fincrm-prod`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join !== undefined) return join[1].map(render).join(join[0]);
  const known: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'eu-west-1',
    'AWS::AccountId': '123456789012',
    [busId]: 'fincrm-prod',
  };
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined && known[ref] !== undefined) return known[ref];
  throw new Error(`unexpected value in an ARN: ${JSON.stringify(value)}`);
}

/** Lambda compares a permission's source ARN with ArnLike: `*` matches any run of characters. */
const arnLike = (pattern: string, arn: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(arn);

describe('one log group per capability', () => {
  it('takes the logs of every function of the capability, its outbox relays included, as JSON', () => {
    const functions = resources('AWS::Lambda::Function');
    for (const capability of stack.capabilities) {
      const group = logicalId(capability.logGroup);
      const own = [...capability.functions.values(), ...capability.relays.map((relay) => relay.function)];
      expect(own.length).toBeGreaterThan(0);
      for (const fn of own) {
        const config = functions[logicalId(fn.fn)]?.Properties.LoggingConfig as
          | { LogGroup?: unknown; LogFormat?: string }
          | undefined;
        expect([...referencedIds(config?.LogGroup)], fn.spec.id).toEqual([group]);
        expect(config?.LogFormat, fn.spec.id).toBe('JSON');
      }
    }
  });

  it('takes the execution logs of the capability’s state machines', () => {
    const machines = resources('AWS::StepFunctions::StateMachine');
    const withMachines = stack.capabilities.filter((capability) => capability.stateMachines.size > 0);
    expect(withMachines.length).toBeGreaterThan(0);
    for (const capability of withMachines) {
      for (const machine of capability.stateMachines.values()) {
        const logging = machines[logicalId(machine.machine)]?.Properties.LoggingConfiguration;
        expect([...referencedIds(logging)], machine.spec.id).toEqual([logicalId(capability.logGroup)]);
      }
    }
  });

  it('keeps a year under the data key, and is retained when removed from the prod stack', () => {
    const groups = resources('AWS::Logs::LogGroup');
    for (const capability of stack.capabilities) {
      const group = groups[logicalId(capability.logGroup)];
      expect(group?.Properties.RetentionInDays).toBe(365);
      expect([...referencedIds(group?.Properties.KmsKeyId)]).toEqual([logicalId(stack.platform.dataKey)]);
      expect(group?.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('one EventBridge permission per target function', () => {
  const permissions = Object.values(resources('AWS::Lambda::Permission')).filter(
    (permission) => permission.Properties.Principal === 'events.amazonaws.com',
  );
  const rules = Object.entries(resources('AWS::Events::Rule'));
  const onPlatformBus = rules.filter(([, rule]) => referencedIds(rule.Properties.EventBusName).has(busId));
  /** The functions a rule's targets name, by logical id. */
  const targetsOf = (rule: Resource): string[] =>
    (rule.Properties.Targets as { Arn: unknown }[]).flatMap((target) => [...referencedIds(target.Arn)]);
  const functionIds = new Set(Object.keys(resources('AWS::Lambda::Function')));
  const ruleIds = new Set(rules.map(([id]) => id));
  /** A function's permissions for its platform-bus rules: a pattern, naming no rule resource. */
  const permissionsOf = (functionId: string) =>
    permissions.filter(
      (permission) =>
        referencedIds(permission.Properties.FunctionName).has(functionId) &&
        ![...referencedIds(permission.Properties.SourceArn)].some((id) => ruleIds.has(id)),
    );
  const byRule = (functionId: string, ruleId: string) =>
    permissions.filter(
      (permission) =>
        referencedIds(permission.Properties.FunctionName).has(functionId) &&
        referencedIds(permission.Properties.SourceArn).has(ruleId),
    );

  it('lets each rule on the platform bus invoke the function it targets, through the function’s one permission', () => {
    const targeted = new Set<string>();
    for (const [ruleId, rule] of onPlatformBus) {
      const ruleArn = `arn:aws:events:eu-west-1:123456789012:rule/fincrm-prod/${String(rule.Properties.Name)}`;
      for (const functionId of targetsOf(rule).filter((id) => functionIds.has(id))) {
        targeted.add(functionId);
        const own = permissionsOf(functionId);
        expect(own, `${ruleId} → ${functionId}`).toHaveLength(1);
        expect(arnLike(render(own[0]?.Properties.SourceArn), ruleArn), ruleId).toBe(true);
        expect(own[0]?.Properties.Action).toBe('lambda:InvokeFunction');
      }
    }
    // Fewer permissions than rules: several functions have more than one rule.
    expect(targeted.size).toBeGreaterThan(1);
    const functionRules = onPlatformBus.filter(([, rule]) =>
      targetsOf(rule).some((id) => functionIds.has(id)),
    );
    expect(functionRules.length).toBeGreaterThan(targeted.size);
  });

  it('lets no rule of another function, nor a rule on another bus, through a function’s permission', () => {
    for (const [ruleId, rule] of onPlatformBus) {
      const name = String(rule.Properties.Name ?? '');
      for (const functionId of functionIds) {
        if (targetsOf(rule).includes(functionId)) continue;
        for (const permission of permissionsOf(functionId)) {
          const pattern = render(permission.Properties.SourceArn);
          expect(
            arnLike(pattern, `arn:aws:events:eu-west-1:123456789012:rule/fincrm-prod/${name}`),
            ruleId,
          ).toBe(false);
        }
      }
    }
    for (const permission of permissions) {
      if ([...referencedIds(permission.Properties.SourceArn)].some((id) => ruleIds.has(id))) continue;
      const pattern = render(permission.Properties.SourceArn);
      if (!pattern.includes(':rule/fincrm-prod/')) continue;
      expect(pattern).toMatch(/:rule\/fincrm-prod\/[A-Za-z0-9]+-\*$/);
      // The same name on another bus of the account, or on the default bus, is not this rule.
      const name = pattern.slice(pattern.lastIndexOf('/') + 1).replace('*', 'Rule');
      expect(arnLike(pattern, `arn:aws:events:eu-west-1:123456789012:rule/other-bus/${name}`)).toBe(false);
      expect(arnLike(pattern, `arn:aws:events:eu-west-1:123456789012:rule/${name}`)).toBe(false);
    }
  });

  it('keeps a permission naming the rule itself for a rule on the account’s default bus', () => {
    const onDefaultBus = rules.filter(([, rule]) => !referencedIds(rule.Properties.EventBusName).has(busId));
    expect(onDefaultBus.length).toBeGreaterThan(0);
    for (const [ruleId, rule] of onDefaultBus) {
      for (const functionId of targetsOf(rule).filter((id) => functionIds.has(id))) {
        expect(byRule(functionId, ruleId), ruleId).toHaveLength(1);
      }
    }
  });
});
