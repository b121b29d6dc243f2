import { CfnElement, Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../shared/capability/types.js';
import { acknowledge, nagReferences } from './nag.js';
import type { Undelivered } from './undelivered.js';

export interface CrmScheduleProps {
  readonly spec: ScheduleSpec;
  readonly target: IFunction;
  /** The capability's undelivered queue and Scheduler role. */
  readonly undelivered: Undelivered;
}

/**
 * An EventBridge Scheduler schedule from a ScheduleSpec, in UTC, invoking its function with
 * retries; invocations Scheduler still could not deliver land in the capability's undelivered queue, with
 * the capability's Scheduler role (docs/operations.md §5.4).
 */
export class CrmSchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CrmScheduleProps) {
    super(scope, id);
    const { spec } = props;
    this.deadLetterQueue = props.undelivered.deadLetterQueue;
    // The capability's role: the target adds lambda:InvokeFunction on this schedule's function.
    const role = props.undelivered.schedulerRole;
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
    for (const reference of nagReferences(role, cfnFunction, 'Arn')) {
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${reference}>:*]`,
        'LambdaInvoke grants this schedule target function and its versions/aliases (`<arn>:*`); the role reaches only the schedule targets of its capability.',
      );
    }
  }
}
