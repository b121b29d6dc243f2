import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { stubCapability } from '../support/capability-fixtures.js';
import { PROD_SIGN_IN } from './support.js';

describe('operations', () => {
  let template: Template;

  beforeAll(() => {
    const { stack } = buildApp({
      stage: 'prod',
      region: 'eu-west-1',
      account: '123456789012',
      bundle: false,
      ...PROD_SIGN_IN,
    });
    template = Template.fromStack(stack);
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
    template = Template.fromStack(buildApp({ stage: 'dev', bundle: false, capabilities: [gauges] }).stack);
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
