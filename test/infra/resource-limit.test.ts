import { NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Policy } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { CrmSchedule } from '../../infra/platform/schedule.js';
import { rulesOf } from '../../shared/capability/define.js';
import { appTemplate, PROD_SIGN_IN } from './support.js';

/** CloudFormation refuses a template with more (CDK: «TooManyResourcesInStack»). */
const CLOUDFORMATION_LIMITS = { resources: 500, parameters: 200, outputs: 200 } as const;

// Synthesised while the tests are collected so the counts and the headroom appear in the tests'
// names, where the next capability reads them (docs/operations.md §1). Not bundled: only the
// templates are read. Prod is the stage that must deploy; dev has the same resources today.
const { stack } = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN });
const template = appTemplate(stack);
const resources = Object.values(template.toJSON().Resources) as {
  Type: string;
  Properties?: Record<string, unknown>;
}[];
const ofType = (type: string) => resources.filter((resource) => resource.Type === type);

/** Every template CloudFormation deploys: the root stack's and each capability's nested stack's. */
const templates: { name: string; stack: Stack }[] = [
  { name: 'root', stack },
  ...stack.capabilities.map((capability) => ({
    name: capability.definition.name,
    stack: capability.resources,
  })),
];
const counts = templates.map(({ name, stack: deployed }) => {
  const json = Template.fromStack(deployed).toJSON();
  const count = (section: string) => Object.keys(json[section] ?? {}).length;
  return { name, resources: count('Resources'), parameters: count('Parameters'), outputs: count('Outputs') };
});

describe('CloudFormation resource limit', () => {
  it.each(counts)(
    `keeps the $name template below ${CLOUDFORMATION_LIMITS.resources} resources ($resources now), ${CLOUDFORMATION_LIMITS.parameters} parameters ($parameters) and ${CLOUDFORMATION_LIMITS.outputs} outputs ($outputs)`,
    (count) => {
      expect(count.resources, `${count.name}: resources`).toBeLessThan(CLOUDFORMATION_LIMITS.resources);
      expect(count.parameters, `${count.name}: parameters`).toBeLessThan(CLOUDFORMATION_LIMITS.parameters);
      expect(count.outputs, `${count.name}: outputs`).toBeLessThan(CLOUDFORMATION_LIMITS.outputs);
    },
  );

  it('deploys each capability in a nested stack of its own, and nothing else nested', () => {
    // §1: the root holds the platform and one AWS::CloudFormation::Stack per capability.
    const nested = stack.node.findAll().filter((construct) => NestedStack.isNestedStack(construct));
    expect(nested).toHaveLength(stack.capabilities.length);
    const stackResources = Template.fromStack(stack).findResources('AWS::CloudFormation::Stack');
    expect(Object.keys(stackResources)).toHaveLength(stack.capabilities.length);
    // The app's resources are those of the templates above, less the nested stacks' own.
    const total = counts.reduce((sum, count) => sum + count.resources, 0);
    expect(resources).toHaveLength(total);
  });

  it('spends no queue policy per grouped queue and no Lambda permission per route', () => {
    // One shared policy per capability, one of its own for each capability's undelivered queue
    // (§5); one API Gateway permission per API function (§1). Either growing with queues or
    // routes would bring back the resources that took the stack past the limit.
    const grouped = [
      stack.queuePolicy,
      ...stack.capabilities.flatMap((capability) => [capability.queuePolicy, capability.nestedQueuePolicy]),
    ].filter((policy) => policy.queues.length > 0).length;
    const undelivered = stack.capabilities.filter((capability) => capability.undelivered).length;
    expect(ofType('AWS::SQS::QueuePolicy')).toHaveLength(grouped + undelivered);
    const fromApi = ofType('AWS::Lambda::Permission').filter(
      (permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    expect(fromApi).toHaveLength(ofType('AWS::ApiGatewayV2::Integration').length);
    expect(ofType('AWS::ApiGatewayV2::Route').length).toBeGreaterThan(fromApi.length);
  });

  it('spends one dead-letter queue and one Scheduler role per capability on its rules and schedules', () => {
    // Not one queue (and queue policy) per rule, nor a queue, role and policy per schedule (§1, §5).
    const constructs = stack.node.findAll();
    const rules = constructs.filter((construct) => construct instanceof CrmRule).length;
    const schedules = constructs.filter((construct) => construct instanceof CrmSchedule).length;
    const withUndelivered = stack.capabilities.filter((capability) => capability.undelivered).length;
    const withSchedules = stack.capabilities.filter(
      (capability) => (capability.definition.schedules ?? []).length > 0,
    ).length;
    expect(rules).toBeGreaterThan(withUndelivered);
    expect(schedules).toBeGreaterThan(withSchedules);
    const functionQueues = stack.capabilities.flatMap((capability) =>
      [...capability.functions.values()].filter((fn) => fn.deadLetterQueue !== undefined),
    ).length;
    const gateways = stack.capabilities.filter((capability) => capability.messagingGateway).length;
    const relays = stack.capabilities.reduce((sum, capability) => sum + capability.relays.length, 0);
    const coalesced = stack.capabilities.reduce((sum, capability) => sum + capability.coalescedWork.size, 0);
    // A function's DLQ, each relay's failure queue, each gateway's queue and its DLQ, one
    // undelivered queue per capability, each coalesced work's FIFO queue and its DLQ: nothing
    // per rule or schedule.
    expect(ofType('AWS::SQS::Queue')).toHaveLength(
      functionQueues + relays + 2 * gateways + withUndelivered + 2 * coalesced,
    );
    const schedulerRoles = ofType('AWS::IAM::Role').filter((role) =>
      JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(schedulerRoles).toHaveLength(withSchedules);
  });

  it('spends one log group per capability, not one per function or state machine', () => {
    // §1: every function (relays too) and state machine of a capability logs to its group; the
    // API's access logs have the one other group.
    expect(ofType('AWS::Logs::LogGroup')).toHaveLength(stack.capabilities.length + 1);
    expect(ofType('AWS::Lambda::Function').length).toBeGreaterThan(stack.capabilities.length);
  });

  it('spends one EventBridge permission per function its platform-bus rules target, not one per rule', () => {
    const fromRules = ofType('AWS::Lambda::Permission').filter(
      (permission) => permission.Properties?.Principal === 'events.amazonaws.com',
    );
    const rules = stack.capabilities.flatMap((capability) => rulesOf(capability.definition));
    const targets = new Set(
      rules.flatMap((rule) =>
        rule.target.kind === 'function' && rule.bus !== 'default' ? [rule.target.functionId] : [],
      ),
    );
    const onDefaultBus = rules.filter((rule) => rule.bus === 'default' && rule.target.kind === 'function');
    expect(fromRules).toHaveLength(targets.size + onDefaultBus.length);
    expect(rules.filter((rule) => rule.target.kind === 'function').length).toBeGreaterThan(fromRules.length);
  });

  it('spends alarms per capability and signal, not per function, queue or state machine', () => {
    // docs/operations.md §2: errors over the functions (10 metrics an alarm), throttles and
    // near-timeout together (two metrics a function: 5 functions an alarm), dead letters over the
    // queues (a coalesced work's DLQ among them), failed or timed-out executions together over the machines (5 an alarm); plus the
    // API, SLA-breach and gauge alarms of the definition.
    const groups = (count: number, perAlarm = 10) => Math.ceil(count / perAlarm);
    for (const capability of stack.capabilities) {
      const { definition } = capability;
      const functions = capability.functions.size + capability.relays.length;
      const queues =
        [...capability.functions.values()].filter((fn) => fn.deadLetterQueue !== undefined).length +
        capability.relays.length +
        (capability.undelivered === undefined ? 0 : 1) +
        (capability.messagingGateway === undefined ? 0 : 1) +
        capability.coalescedWork.size;
      const expected =
        groups(functions) +
        groups(functions, 5) +
        groups(queues) +
        groups(capability.stateMachines.size, 5) +
        (definition.api ? 1 : 0) +
        (definition.slaBreachMetrics ?? []).length +
        (definition.gaugeMetrics ?? []).length +
        // The coalesced works' oldest requests, each against its own bound, in one alarm
        // (CoalescedWorkDelayed, up to 10 queues).
        groups(capability.coalescedWork.size);
      expect(capability.monitoring.alarms, definition.name).toHaveLength(expected);
    }
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(
      stack.capabilities.reduce((sum, capability) => sum + capability.monitoring.alarms.length, 0),
    );
  });

  it('spends a task-token policy of its own only on a function a token-issuing machine invokes', () => {
    // The others answer tokens through their default policy (crm-function.ts sendTaskTokens).
    const taskTokenPolicies = stack.node
      .findAll()
      .filter((construct) => construct.node.id === 'TaskTokens' && construct instanceof Policy);
    const invokedAnswerers = stack.capabilities.flatMap((capability) => {
      const invoked = new Set(
        [...capability.stateMachines.values()]
          .filter((machine) => machine.issuesTaskTokens)
          .flatMap((machine) => machine.spec.invokes),
      );
      return capability.definition.functions.filter((fn) => fn.sendsTaskTokens && invoked.has(fn.id));
    });
    const answerers = stack.capabilities.flatMap((capability) =>
      capability.definition.functions.filter((fn) => fn.sendsTaskTokens),
    );
    expect(taskTokenPolicies).toHaveLength(invokedAnswerers.length);
    expect(answerers.length).toBeGreaterThan(invokedAnswerers.length);
  });
});
