import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { CrmRule } from '../../infra/platform/rule.js';
import { rulesOf } from '../../shared/capability/define.js';
import { PROD_SIGN_IN } from './support.js';

/** CloudFormation refuses a template with more resources (CDK: «TooManyResourcesInStack»). */
const CLOUDFORMATION_RESOURCE_LIMIT = 500;

// Synthesised while the tests are collected so the count and the headroom appear in the test's
// name, where the next capability reads them (docs/operations.md §1). Not bundled: only the
// template is read. Prod is the stage that must deploy; dev has the same resources today.
const { stack } = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN });
const template = Template.fromStack(stack);
const resources = Object.values(template.toJSON().Resources) as {
  Type: string;
  Properties?: Record<string, unknown>;
}[];
const headroom = CLOUDFORMATION_RESOURCE_LIMIT - resources.length;
const ofType = (type: string) => resources.filter((resource) => resource.Type === type);

describe('CloudFormation resource limit', () => {
  it(`keeps the prod stack below ${CLOUDFORMATION_RESOURCE_LIMIT} resources (${resources.length} now, headroom ${headroom})`, () => {
    expect(
      resources.length,
      `${resources.length} resources, ${headroom} left before CloudFormation's limit of ${CLOUDFORMATION_RESOURCE_LIMIT}`,
    ).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
  });

  it('spends no queue policy per grouped queue and no Lambda permission per route', () => {
    // One shared policy per capability, one of its own per rule dead-letter queue (§5); one API
    // Gateway permission per API function (§1). Either growing with queues or routes would bring
    // back the resources that took the stack past the limit.
    const rules = stack.node.findAll().filter((construct) => construct instanceof CrmRule).length;
    const grouped = [
      stack.queuePolicy,
      ...stack.capabilities.map((capability) => capability.queuePolicy),
    ].filter((policy) => policy.queues.length > 0).length;
    expect(ofType('AWS::SQS::QueuePolicy')).toHaveLength(grouped + rules);
    expect(ofType('AWS::SQS::Queue').length).toBeGreaterThan(grouped + rules);
    const fromApi = ofType('AWS::Lambda::Permission').filter(
      (permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    expect(fromApi).toHaveLength(ofType('AWS::ApiGatewayV2::Integration').length);
    expect(ofType('AWS::ApiGatewayV2::Route').length).toBeGreaterThan(fromApi.length);
  });

  it('spends alarms per capability and signal, not per function, queue or state machine', () => {
    // docs/operations.md §2: errors, throttles and duration over the functions, dead letters over
    // the queues, failed and timed-out executions over the machines, each alarm reading at most
    // 10 metrics; plus the API, SLA-breach and gauge alarms of the definition.
    const groups = (count: number) => Math.ceil(count / 10);
    for (const capability of stack.capabilities) {
      const { definition } = capability;
      const functions = capability.functions.size + capability.relays.length;
      const queues =
        functions +
        capability.relays.length +
        (definition.schedules ?? []).length +
        rulesOf(definition).length +
        (capability.messagingGateway === undefined ? 0 : 1);
      const expected =
        3 * groups(functions) +
        groups(queues) +
        2 * groups(capability.stateMachines.size) +
        (definition.api ? 1 : 0) +
        (definition.slaBreachMetrics ?? []).length +
        (definition.gaugeMetrics ?? []).length;
      expect(capability.monitoring.alarms, definition.name).toHaveLength(expected);
    }
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(
      stack.capabilities.reduce((sum, capability) => sum + capability.monitoring.alarms.length, 0),
    );
  });
});
