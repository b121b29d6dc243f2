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
import {
  type Combination,
  type CombinedMetric,
  combinedMetrics,
  combinedSignals,
  type Member,
} from './combined-metric.js';
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
  /**
   * Where the alarms are created: the capability's nested stack, while the dashboard (it has a
   * fixed name) stays where this construct is (docs/operations.md §1).
   */
  readonly alarmScope: Construct;
}

const FIVE_MINUTES = Duration.minutes(5);

/** p99 duration at or above this share of the function's own timeout is "near timeout". */
const NEAR_TIMEOUT = 0.8;

interface WatchedFunction {
  readonly name: string;
  readonly errors: IMetric;
  readonly throttles: IMetric;
  readonly p99: IMetric;
  readonly timeoutMs: number;
}

interface WatchedMachine {
  readonly name: string;
  readonly failed: IMetric;
  readonly timedOut: IMetric;
}

/**
 * A capability's alarms and its dashboard. Every alarm notifies the alarm topic.
 *
 * Functions, dead-letter queues and state machines are alarmed per capability, one alarm per
 * signal over all of them (metric math), not one per function or queue: four alarms per
 * function took the stack past CloudFormation's 500 resources (docs/operations.md §1). Each
 * alarm's description names what it covers, and the dashboard keeps one graph per function
 * and per queue, where on-call finds which one fired (docs/operations.md §2). They are
 * created once everything is known: `add…` collects and draws, {@link finish} alarms.
 */
export class CapabilityMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  readonly #action: SnsAction;
  readonly #capability: string;
  readonly #dashboardName: string;
  readonly #functions: WatchedFunction[] = [];
  readonly #queues: Member[] = [];
  readonly #machines: WatchedMachine[] = [];
  /** Coalesced work queues: the age of the oldest request ÷ the work's longest delay. */
  readonly #workQueues: Member[] = [];
  #finished = false;
  readonly #alarmScope: Construct;

  constructor(scope: Construct, id: string, props: CapabilityMonitoringProps) {
    super(scope, id);
    this.#alarmScope = new Construct(props.alarmScope, `${id}Alarms`);
    this.#action = new SnsAction(props.topic);
    this.#capability = props.capability;
    this.#dashboardName = `fincrm-${props.stage}-${props.capability}`;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: this.#dashboardName });
    this.node.addValidation({
      validate: () =>
        this.#finished || this.#collected() === 0
          ? []
          : [`${this.node.path}: finish() was never called, so its functions and queues have no alarm`],
    });
  }

  /** Errors, throttles and p99 duration (against its own timeout), and its dead-letter queue if it has one. */
  addFunction(fn: CrmFunction): void {
    this.#open(fn.spec.id);
    const id = fn.spec.id;
    const errors = fn.fn.metricErrors({ period: FIVE_MINUTES });
    const throttles = fn.fn.metricThrottles({ period: FIVE_MINUTES });
    const p99 = fn.fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' });
    this.#functions.push({ name: id, errors, throttles, p99, timeoutMs: fn.spec.timeoutSeconds * 1000 });
    if (fn.deadLetterQueue !== undefined) this.addQueue(`${id}DeadLetters`, fn.deadLetterQueue);
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
    this.#open(id);
    const visible = queue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    this.#queues.push({ name: id, metric: visible });
    this.dashboard.addWidgets(new GraphWidget({ title: `${id} depth`, left: [visible] }));
  }

  /**
   * A coalesced work's queue (coalesced-work.ts): the age of its oldest request against the
   * longest a request should wait (`maxDelaySeconds`, the work's setting), alarmed in
   * {@link finish} as `CoalescedWorkDelayed`. Its dead-letter queue is added with {@link addQueue}.
   * The graph also draws the requests the worker found late (`CoalescedWorkLate`).
   */
  addWorkQueue(id: string, queue: IQueue, maxDelaySeconds: number): void {
    this.#open(id);
    const age = queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' });
    this.#workQueues.push({ name: `${id}OldestRequest`, metric: age, divisor: maxDelaySeconds });
    const late = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'CoalescedWorkLate',
      dimensionsMap: { service: this.#capability, work: id },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${id}: oldest request (s; longest delay ${maxDelaySeconds} s) and late requests`,
        left: [
          age,
          queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        ],
        right: [late],
        leftAnnotations: [{ value: maxDelaySeconds, label: 'longest delay' }],
      }),
    );
  }

  /** Failed and timed-out executions (a timeout past every escalation is an SLA breach). */
  addStateMachine(id: string, machine: IStateMachine): void {
    this.#open(id);
    const failed = machine.metricFailed({ period: FIVE_MINUTES });
    const timedOut = machine.metricTimedOut({ period: FIVE_MINUTES });
    this.#machines.push({ name: id, failed, timedOut });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${id} executions`,
        left: [machine.metricStarted(), machine.metricSucceeded(), failed, timedOut],
      }),
    );
  }

  /**
   * The capability's alarms over everything added: `FunctionErrors` (sum ≥ 1),
   * `ThrottlesOrNearTimeout` (throttles sum ≥ 1, or highest p99 ÷ own timeout ≥ 0.8),
   * `DeadLetters` (deepest queue ≥ 1 message), `CoalescedWorkDelayed` (highest oldest request ÷
   * its work's longest delay ≥ 1), `ExecutionsFailedOrTimedOut` (either sum ≥ 1);
   * numbered (`FunctionErrors2`, …) past 10 metrics (5 functions or machines for the alarms of
   * two signals). Called once, last.
   */
  finish(): void {
    if (this.#finished) throw new Error(`${this.node.path}: finish() called twice`);
    this.#finished = true;
    const functions = this.#functions;
    this.#combined(
      'FunctionErrors',
      'invocations failed',
      'SUM',
      1,
      functions.map(({ name, errors }) => ({ name, metric: errors })),
    );
    // Throttling and running near the timeout both say "more load than the function was sized
    // for": one alarm, so a capability spends one on them, not two (docs/operations.md §1, §2).
    this.#alarms(
      'ThrottlesOrNearTimeout',
      `invocations throttled, or p99 duration at ${NEAR_TIMEOUT * 100} % of the timeout or more`,
      combinedSignals(
        functions.map(({ name, throttles, p99, timeoutMs }) => ({
          name,
          metrics: [
            { name: `${name}Throttles`, metric: throttles },
            { name: `${name}P99`, metric: p99, divisor: timeoutMs },
          ],
        })),
        [
          { combination: 'SUM', threshold: 1 },
          { combination: 'MAX', threshold: NEAR_TIMEOUT },
        ],
        'throttled invocations, or p99 duration ÷ timeout ÷ 0.8',
        FIVE_MINUTES,
      ),
      1,
    );
    this.#combined('DeadLetters', 'messages in a dead-letter queue', 'MAX', 1, this.#queues);
    // A request waiting past its work's longest delay: the grade (or churn score) it asks for is
    // late. Each queue's age is divided by its own bound, so one alarm covers them all.
    this.#combined(
      'CoalescedWorkDelayed',
      "oldest request ÷ its work's longest delay at 1 or more",
      'MAX',
      1,
      this.#workQueues,
    );
    // A failed and a timed-out execution both end a case outside its workflow: one alarm.
    this.#alarms(
      'ExecutionsFailedOrTimedOut',
      'executions failed or timed out',
      combinedSignals(
        this.#machines.map(({ name, failed, timedOut }) => ({
          name,
          metrics: [
            { name: `${name}Failed`, metric: failed },
            { name: `${name}TimedOut`, metric: timedOut },
          ],
        })),
        [
          { combination: 'SUM', threshold: 1 },
          { combination: 'SUM', threshold: 1 },
        ],
        'executions failed or timed out',
        FIVE_MINUTES,
      ),
      1,
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

  /** One alarm per group of at most 10 members: `<id>`, `<id>2`, … */
  #combined(
    id: string,
    what: string,
    combination: Combination,
    threshold: number,
    members: readonly Member[],
  ): void {
    this.#alarms(id, what, combinedMetrics(members, combination, what, FIVE_MINUTES), threshold);
  }

  /** One alarm per combined group: `<id>`, `<id>2`, …, each naming its members. */
  #alarms(id: string, what: string, groups: readonly CombinedMetric[], threshold: number): void {
    groups.forEach((group, index) => {
      this.#alarm(
        index === 0 ? id : `${id}${index + 1}`,
        group.expression,
        threshold,
        `${this.#capability}: ${what} in ${group.names.join(', ')} (one graph each on the dashboard ${this.#dashboardName})`,
      );
    });
  }

  #open(name: string): void {
    if (this.#finished)
      throw new Error(`${this.node.path}: ${name} added after finish(); it would have no alarm`);
  }

  #collected(): number {
    return this.#functions.length + this.#queues.length + this.#machines.length + this.#workQueues.length;
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this.#alarmScope, id, {
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
