import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { CapabilityMonitoring } from '../../infra/platform/observability.js';
import type { FunctionSpec } from '../../shared/capability/types.js';
import { stubCapability } from '../support/capability-fixtures.js';
import { appTemplate, logicalId, type MathAlarm, PROD_SIGN_IN, signalAlarms } from './support.js';

/** Every function of the capability (its outbox relays included), by logical id. */
function functionIds(capability: CapabilityConstruct): Set<string> {
  return new Set(
    [...capability.functions.values(), ...capability.relays.map((relay) => relay.function)].map((fn) =>
      logicalId(fn.fn),
    ),
  );
}

function targets(alarms: readonly MathAlarm[]): string[] {
  return alarms.flatMap((alarm) => alarm.metrics.map((metric) => String(metric.target)));
}

describe('operations', () => {
  let stack: CrmStack;
  let template: Template;

  beforeAll(() => {
    stack = buildApp({
      stage: 'prod',
      region: 'eu-west-1',
      account: '123456789012',
      bundle: false,
      ...PROD_SIGN_IN,
    }).stack;
    template = appTemplate(stack);
  });

  it('alarms on FunctionErrors once per capability, summed over exactly its functions', () => {
    for (const capability of stack.capabilities) {
      const alarms = signalAlarms(template, capability, 'FunctionErrors');
      const own = functionIds(capability);
      const name = capability.definition.name;
      expect(
        alarms.map((alarm) => alarm.logicalId),
        name,
      ).toHaveLength(Math.ceil(own.size / 10));
      // Each function in exactly one alarm of its own capability, none of another's.
      expect(targets(alarms).sort(), name).toEqual([...own].sort());
      for (const alarm of alarms) {
        expect(alarm.metrics.every((metric) => metric.metricName === 'Errors' && metric.stat === 'Sum')).toBe(
          true,
        );
        expect(alarm.threshold).toBe(1);
        expect(alarm.comparison).toBe('GreaterThanOrEqualToThreshold');
        expect(alarm.actions).toEqual([
          { Ref: logicalId(stack.node.findChild('Alarms').node.findChild('Topic')) },
        ]);
        const fills = alarm.metrics.map((metric) => `FILL(${metric.id}, 0)`);
        expect(alarm.expression).toBe(fills.length === 1 ? fills[0] : `SUM([${fills.join(', ')}])`);
      }
    }
  });

  it('alarms once per 5 functions when any is throttled or its p99 duration reaches 80 % of its own timeout', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    for (const capability of stack.capabilities) {
      const own = functionIds(capability);
      const name = capability.definition.name;
      const alarms = signalAlarms(template, capability, 'ThrottlesOrNearTimeout');
      // Two metrics per function, at most 10 per alarm.
      expect(alarms, name).toHaveLength(Math.ceil(own.size / 5));
      for (const metricName of ['Throttles', 'Duration']) {
        const covered = alarms.flatMap((alarm) =>
          alarm.metrics.filter((metric) => metric.metricName === metricName).map((metric) => metric.target),
        );
        expect(covered.sort(), `${name} ${metricName}`).toEqual([...own].sort());
      }
      for (const alarm of alarms) {
        // At 1: a throttle summed, or the highest p99 ÷ timeout divided by 0.8.
        expect(alarm.threshold).toBe(1);
        expect(alarm.expression.startsWith('MAX([')).toBe(true);
        for (const metric of alarm.metrics) {
          if (metric.metricName === 'Throttles') {
            expect(metric.stat).toBe('Sum');
            expect(alarm.expression).toContain(`FILL(${metric.id}, 0)`);
            continue;
          }
          expect(metric).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Duration', stat: 'p99' });
          const timeoutSeconds = Number(functions[String(metric.target)]?.Properties.Timeout);
          expect(timeoutSeconds).toBeGreaterThan(0);
          expect(alarm.expression).toContain(`FILL(${metric.id}, 0) / ${timeoutSeconds * 1000}`);
        }
        expect(alarm.expression.endsWith(') / 0.8])')).toBe(true);
      }
    }
    // Timeouts differ (3 s to 900 s): one threshold in ms for all would be wrong for most.
    const timeouts = new Set(Object.values(functions).map((fn) => fn.Properties.Timeout));
    expect(timeouts.size).toBeGreaterThan(1);
  });

  it('alarms once on failed or timed-out executions of each capability’s state machines', () => {
    const withMachines = stack.capabilities.filter((capability) => capability.stateMachines.size > 0);
    expect(withMachines.map((capability) => capability.definition.name).sort()).toEqual(
      expect.arrayContaining(['complaints', 'customers']),
    );
    for (const capability of stack.capabilities) {
      const machines = [...capability.stateMachines.values()].map((machine) => logicalId(machine.machine));
      const alarms = signalAlarms(template, capability, 'ExecutionsFailedOrTimedOut');
      expect(alarms, capability.definition.name).toHaveLength(Math.ceil(machines.length / 5));
      for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        const covered = alarms.flatMap((alarm) =>
          alarm.metrics.filter((metric) => metric.metricName === metricName).map((metric) => metric.target),
        );
        expect(covered.sort(), `${capability.definition.name} ${metricName}`).toEqual([...machines].sort());
      }
      for (const alarm of alarms) {
        expect(alarm.threshold).toBe(1);
        const [failed, timedOut] = alarm.metrics.map((metric) => `FILL(${metric.id}, 0)`);
        if (alarm.metrics.length === 2) expect(alarm.expression).toBe(`MAX([${failed}, ${timedOut}])`);
      }
    }
  });

  it('names in each alarm’s description the functions it covers and the dashboard that graphs each', () => {
    const customers = stack.capabilities.find((capability) => capability.definition.name === 'customers');
    if (customers === undefined) throw new Error('no customers capability');
    const [errors] = signalAlarms(template, customers, 'FunctionErrors');
    for (const fn of customers.functions.values()) expect(errors?.description).toContain(fn.spec.id);
    expect(errors?.description).toContain('fincrm-prod-customers');
  });

  it('reads at most 10 metrics in any alarm (CloudWatch’s limit for metric math), described in at most 1,024 characters', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const sizes = alarms.map(
      (alarm) =>
        ((alarm.Properties.Metrics ?? []) as { MetricStat?: unknown }[]).filter(
          (query) => query.MetricStat !== undefined,
        ).length,
    );
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    // And CloudFormation refuses a description past 1,024 characters.
    for (const alarm of alarms)
      expect(String(alarm.Properties.AlarmDescription).length).toBeLessThanOrEqual(1024);
  });

  it('alarms at the first SLA breach of the periodic review, on the metric the review tasks emit', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: 'ReviewsOverdue',
      Dimensions: [{ Name: 'service', Value: 'customers' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
  });

  it('alarms at the first search lockout and the first back-office check of a refused identity document, on the metrics the customers API emits', () => {
    for (const metricName of ['SearchLockouts', 'RegistrationsReferred']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'FinCrm',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'customers' }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: Match.anyValue(),
      });
    }
  });

  it('alarms at the first 500 an API answers, for every capability with an API', () => {
    for (const service of ['platform', 'customers', 'activity', 'calendars']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'FinCrm',
        MetricName: 'ApiServerErrors',
        Dimensions: [{ Name: 'service', Value: service }],
        Threshold: 1,
        AlarmActions: Match.anyValue(),
      });
    }
  });

  it.each([
    ['CalendarYearMissing', 'calendars'],
    ['ProvisionalDeadlines', 'customers'],
  ])('alarms at the first %s, on the metric its capability emits', (metricName, service) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: metricName,
      Dimensions: [{ Name: 'service', Value: service }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
  });

  it('alarms when the open complaints due within one working day reach 10 in an hour, on the level the count emits', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: 'ComplaintsDueSoon',
      Dimensions: [{ Name: 'service', Value: 'complaints' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
  });

  it('gives the functions emitting it the same service name and namespace', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const customers = functions.filter(
      (fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'customers',
    );
    expect(customers.length).toBeGreaterThan(0);
    for (const fn of customers) {
      expect(fn.Properties.Environment?.Variables?.POWERTOOLS_METRICS_NAMESPACE).toBe('FinCrm');
    }
  });
});

describe('a capability’s gauge metrics', () => {
  let template: Template;

  beforeAll(() => {
    // A capability of its own, so the platform's generic wiring is what is tested.
    const gauges = stubCapability({
      name: 'gauges',
      gaugeMetrics: [
        {
          metricName: 'ThingsWaiting',
          description: 'things wait too long',
          alarmAtOrAbove: 25,
          periodMinutes: 60,
        },
      ],
    });
    template = appTemplate(buildApp({ stage: 'dev', bundle: false, capabilities: [gauges] }).stack);
  });

  it('alarms when the highest value of a period reaches the threshold, not at the first data point', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: 'ThingsWaiting',
      Dimensions: [{ Name: 'service', Value: 'gauges' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 25,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: Match.anyValue(),
    });
  });

  it('draws the level on the capability’s dashboard', () => {
    const dashboards = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));

    expect(dashboards).toContain('ThingsWaiting');
  });
});

describe('a capability with more functions than one alarm may read', () => {
  const entry = 'functions/platform/handlers/api.ts';
  const fn = (index: number): FunctionSpec => ({
    id: `Worker${index}`,
    entry,
    memoryMb: 256,
    timeoutSeconds: index,
    tables: [],
  });
  let stack: CrmStack;
  let template: Template;
  let many: CapabilityConstruct;

  beforeAll(() => {
    const definition = stubCapability({
      name: 'many',
      functions: Array.from({ length: 12 }, (_unused, index) => fn(index + 1)),
    });
    stack = buildApp({ stage: 'dev', bundle: false, capabilities: [definition] }).stack;
    template = appTemplate(stack);
    const found = stack.capabilities.find((capability) => capability.definition.name === 'many');
    if (found === undefined) throw new Error('the capability was not built');
    many = found;
  });

  it('splits each signal into numbered alarms of at most 10 metrics, covering every function once', () => {
    const ids = many.monitoring.alarms.map((alarm) => alarm.node.id).sort();
    expect(ids).toEqual(
      [
        'DeadLetters',
        'DeadLetters2',
        'FunctionErrors',
        'FunctionErrors2',
        'ThrottlesOrNearTimeout',
        'ThrottlesOrNearTimeout2',
        'ThrottlesOrNearTimeout3',
      ].sort(),
    );
    const errors = signalAlarms(template, many, 'FunctionErrors');
    expect(errors.map((alarm) => alarm.metrics.length)).toEqual([10, 2]);
    expect(targets(errors).sort()).toEqual([...functionIds(many)].sort());
    expect(errors[1]?.description).toContain('Worker11, Worker12');
    expect(errors[1]?.description).not.toContain('Worker1,');
  });

  it('divides each function’s p99 by its own timeout in the numbered alarms too', () => {
    const [, , third] = signalAlarms(template, many, 'ThrottlesOrNearTimeout');
    expect(third?.expression).toBe(
      'MAX([SUM([FILL(worker11Throttles, 0), FILL(worker12Throttles, 0)]), (MAX([FILL(worker11P99, 0) / 11000, FILL(worker12P99, 0) / 12000])) / 0.8])',
    );
    expect(third?.description).toContain('Worker11, Worker12');
  });
});

describe('the monitoring construct', () => {
  function monitoring(): { stack: Stack; monitor: CapabilityMonitoring } {
    const stack = new Stack(new App(), 'Probe');
    const monitor = new CapabilityMonitoring(stack, 'Monitoring', {
      capability: 'probe',
      stage: 'dev',
      topic: new Topic(stack, 'Topic'),
      alarmScope: stack,
    });
    return { stack, monitor };
  }

  it('alarms a queue once finished', () => {
    const { stack, monitor } = monitoring();
    monitor.addQueue('ThingDeadLetters', new Queue(stack, 'Queue'));
    monitor.finish();

    expect(monitor.alarms.map((alarm) => alarm.node.id)).toEqual(['DeadLetters']);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(thingDeadLetters, 0)', ReturnData: true }),
      ]),
    });
  });

  it('refuses to synthesise queues that were never alarmed, and anything added after the alarms', () => {
    const unfinished = monitoring();
    unfinished.monitor.addQueue('ThingDeadLetters', new Queue(unfinished.stack, 'Queue'));
    expect(() => Template.fromStack(unfinished.stack)).toThrow(/finish\(\) was never called/);

    const finished = monitoring();
    finished.monitor.finish();
    expect(() => finished.monitor.addQueue('Late', new Queue(finished.stack, 'Queue'))).toThrow(
      /Late added after finish\(\)/,
    );
  });
});
