import { Aws, CfnElement, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../shared/capability/types.js';
import { acknowledge } from './nag.js';
import { deadLetterQueue, grantSendToEncryptedQueue, type SharedQueuePolicy } from './queues.js';

export interface CrmScheduleProps {
  readonly spec: ScheduleSpec;
  readonly target: IFunction;
  /** The dead-letter queue's key. */
  readonly key: IKey;
  /** The capability's queue policy: the dead-letter queue joins it (TLS only). */
  readonly queuePolicy: SharedQueuePolicy;
}

/**
 * An EventBridge Scheduler schedule from a ScheduleSpec, in UTC, invoking its function with
 * retries; invocations that still fail land in the schedule's dead-letter queue.
 */
export class CrmSchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CrmScheduleProps) {
    super(scope, id);
    const { spec } = props;
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      `undelivered invocations of schedule ${spec.id}`,
      props.key,
      props.queuePolicy,
    );
    // A role per schedule (not the shared target role), trusted only by this account's Scheduler.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `Scheduler ${spec.id} invokes ${spec.target.functionId}`,
    });
    // Scheduler sends undeliverable invocations to the dead-letter queue with this role.
    grantSendToEncryptedQueue(this.deadLetterQueue, props.key, role);
    this.schedule = new Schedule(this, 'Schedule', {
      description: spec.description,
      schedule: ScheduleExpression.expression(spec.expression, TimeZone.ETC_UTC),
      target: new LambdaInvoke(props.target, {
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        ...(spec.target.input ? { input: ScheduleTargetInput.fromObject(spec.target.input) } : {}),
      }),
    });
    const cfnFunction = props.target.node.defaultChild;
    if (!(cfnFunction instanceof CfnElement))
      throw new Error(`Schedule ${spec.id}: target is not a CDK function`);
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(cfnFunction)}.Arn>:*]`,
      'LambdaInvoke grants the target function and its versions/aliases (`<arn>:*`); no other function is reachable.',
    );
  }
}
