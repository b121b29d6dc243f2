import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { GaugeMetricSpec, SlaBreachMetricSpec } from '../../shared/capability/types.js';
import { type CrmFunction, METRICS_NAMESPACE } from './crm-function.js';

export interface AlarmTopicProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The SNS topic every alarm notifies (subscribe on-call tooling to it). Encrypted with a key
 * of its own, so CloudWatch may use it without any access to the customer-data key.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: `FinCrm ${props.stage}: operational notifications`,
      alias: `alias/fincrm-${props.stage}-ops`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: `FinCrm ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
  }
}

export interface CapabilityMonitoringProps {
  readonly capability: string;
  readonly stage: string;
  readonly topic: Topic;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * A capability's alarms (Lambda errors, throttles and p99 duration; DLQ depth; failed and
 * timed-out executions) and its dashboard. Every alarm notifies the alarm topic.
 */
export class CapabilityMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  readonly #action: SnsAction;

  constructor(scope: Construct, id: string, props: CapabilityMonitoringProps) {
    super(scope, id);
    this.#action = new SnsAction(props.topic);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `fincrm-${props.stage}-${props.capability}`,
    });
  }

  /** Errors ≥ 1, throttles ≥ 1 and p99 duration above 80 % of the timeout. */
  addFunction(fn: CrmFunction): void {
    const id = fn.spec.id;
    const errors = fn.fn.metricErrors({ period: FIVE_MINUTES });
    const throttles = fn.fn.metricThrottles({ period: FIVE_MINUTES });
    const p99 = fn.fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' });
    this.#alarm(`${id}Errors`, errors, 1, `${id}: invocations failed`);
    this.#alarm(`${id}Throttles`, throttles, 1, `${id}: invocations throttled`);
    this.#alarm(
      `${id}DurationP99`,
      p99,
      fn.spec.timeoutSeconds * 1000 * 0.8,
      `${id}: p99 duration near timeout`,
    );
    this.addQueue(`${id}DeadLetters`, fn.deadLetterQueue);
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${id} invocations and errors`,
        left: [fn.fn.metricInvocations(), errors, throttles],
      }),
      new GraphWidget({ title: `${id} duration p99 (ms)`, left: [p99] }),
    );
  }

  /** Any message in a dead-letter queue is a lost delivery until someone looks. */
  addQueue(id: string, queue: IQueue): void {
    const visible = queue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    this.#alarm(`${id}Depth`, visible, 1, `${id}: messages in a dead-letter queue`);
    this.dashboard.addWidgets(new GraphWidget({ title: `${id} depth`, left: [visible] }));
  }

  /** Failed and timed-out executions (a timeout past every escalation is an SLA breach). */
  addStateMachine(id: string, machine: IStateMachine): void {
    const failed = machine.metricFailed({ period: FIVE_MINUTES });
    const timedOut = machine.metricTimedOut({ period: FIVE_MINUTES });
    this.#alarm(`${id}ExecutionsFailed`, failed, 1, `${id}: executions failed`);
    this.#alarm(`${id}ExecutionsTimedOut`, timedOut, 1, `${id}: executions timed out`);
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${id} executions`,
        left: [machine.metricStarted(), machine.metricSucceeded(), failed, timedOut],
      }),
    );
  }

  /**
   * The API's own 500s: the HTTP handler turns an unexpected error into a problem response, so
   * the function does not fail and its Errors metric stays at zero; the handler counts each as
   * `ApiServerErrors` (EMF), alarmed at the first one.
   */
  addApi(capability: string): void {
    const serverErrors = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'ApiServerErrors',
      dimensionsMap: { service: capability },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.#alarm('ApiServerErrors', serverErrors, 1, `${capability}: the API answered 500`);
    this.dashboard.addWidgets(new GraphWidget({ title: 'API server errors (500)', left: [serverErrors] }));
  }

  /** A business metric every data point of which is an SLA breach: alarmed at the first one. */
  addSlaBreachMetric(capability: string, spec: SlaBreachMetricSpec): void {
    const breaches = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: spec.metricName,
      dimensionsMap: { service: capability },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.#alarm(`${spec.metricName}Breach`, breaches, 1, `${capability}: ${spec.description}`);
    this.dashboard.addWidgets(
      new GraphWidget({ title: `${spec.metricName} (SLA breaches)`, left: [breaches] }),
    );
  }

  /**
   * A level (emitted on a schedule): the highest value of each period against the spec's
   * threshold, not the first data point; a period without a value is not a breach.
   */
  addGaugeMetric(capability: string, spec: GaugeMetricSpec): void {
    const level = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: spec.metricName,
      dimensionsMap: { service: capability },
      statistic: 'Maximum',
      period: Duration.minutes(spec.periodMinutes),
    });
    this.#alarm(`${spec.metricName}High`, level, spec.alarmAtOrAbove, `${capability}: ${spec.description}`);
    this.dashboard.addWidgets(new GraphWidget({ title: spec.metricName, left: [level] }));
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.#action);
    this.alarms.push(alarm);
  }
}
