import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { z } from 'zod';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import type { Quantities, QuantityKey } from './model.js';

/**
 * What a deployment pays every month whatever it does, read from the app CDK synthesises for
 * prod (the construct tree, nested stacks included, without bundling): customer managed keys,
 * secrets, alarm metrics (a metric math alarm is billed per metric it reads), dashboards, and
 * the empty receives of the pollers of every SQS event source mapping.
 */

/**
 * Lambda polls an SQS event source with long polls of up to 20 s from at least five pollers
 * while the queue is idle: about 5 × 3 receives a minute, whether or not anything arrives
 * (a modelled figure from Lambda's documented polling, not counted locally).
 */
export const IDLE_RECEIVES_PER_QUEUE_MONTH = 5 * 3 * 60 * 24 * 30;

/** X-Ray's default sampling rule records the first request each second: 30 days of seconds. */
export const XRAY_RESERVOIR_TRACES_PER_MONTH = 60 * 60 * 24 * 30;

export interface Infrastructure {
  readonly fixedPerMonth: Quantities;
  /** Resources by CloudFormation type, for the report. */
  readonly counts: Readonly<Record<string, number>>;
}

export function infrastructure(capabilities?: readonly CapabilityDefinition[]): Infrastructure {
  const { stack } = buildApp({
    stage: 'prod',
    bundle: false,
    ...(capabilities === undefined ? {} : { capabilities }),
    callbackUrls: ['https://crm.example.com/auth/callback'],
    logoutUrls: ['https://crm.example.com/'],
  });
  const counts: Record<string, number> = {};
  const fixed: Partial<Record<QuantityKey, number>> = {};
  const add = (key: QuantityKey, amount: number): void => {
    fixed[key] = (fixed[key] ?? 0) + amount;
  };
  for (const construct of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(construct)) continue;
    const type = construct.cfnResourceType;
    counts[type] = (counts[type] ?? 0) + 1;
    // A nested stack is named by its capability (its path ends `<Capability>/Resources`).
    const owner = Stack.of(construct);
    const where = owner === stack ? 'root stack' : owner.node.path.split('/').slice(-2).join('/');
    if (type === 'AWS::KMS::Key') add('kms.keyMonths|customer managed keys', 1);
    if (type === 'AWS::SecretsManager::Secret') add('secretsmanager.secretMonths|secrets', 1);
    if (type === 'AWS::CloudWatch::Dashboard') add('cloudwatch.dashboardMonths|dashboards', 1);
    if (construct instanceof CfnAlarm)
      add(`cloudwatch.alarmMetricMonths|alarms (${where})`, alarmMetrics(construct));
    if (construct instanceof CfnEventSourceMapping && construct.startingPosition === undefined) {
      // Without a starting position the source is a queue (streams need one).
      const queue = queueOf(construct);
      const item = queue?.fifoQueue === true ? 'sqs.fifoRequests' : 'sqs.standardRequests';
      add(
        `${item}|idle receives of ${queue?.node.path.split('/').slice(-2, -1)[0] ?? 'a queue'}`,
        IDLE_RECEIVES_PER_QUEUE_MONTH,
      );
    }
  }
  add('xray.traces|sampling reservoir (1 a second)', XRAY_RESERVOIR_TRACES_PER_MONTH);
  return { fixedPerMonth: fixed, counts };
}

const getAttSchema = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.string()]) });

/** The queue an event source mapping reads (its ARN is a GetAtt of the queue in the same template). */
function queueOf(mapping: CfnEventSourceMapping): CfnQueue | undefined {
  const stack = Stack.of(mapping);
  const getAtt = getAttSchema.safeParse(stack.resolve(mapping.eventSourceArn));
  const logicalId = getAtt.success ? getAtt.data['Fn::GetAtt'][0] : undefined;
  return stack.node
    .findAll()
    .find((c): c is CfnQueue => c instanceof CfnQueue && stack.resolve(c.logicalId) === logicalId);
}

/** A metric math alarm is billed per metric it reads; a single-metric alarm as one. */
function alarmMetrics(alarm: CfnAlarm): number {
  const metrics = alarm.metrics;
  if (!Array.isArray(metrics)) return 1;
  const read = metrics.filter(
    (query) =>
      typeof query === 'object' && query !== null && 'metricStat' in query && query.metricStat !== undefined,
  ).length;
  return Math.max(1, read);
}
