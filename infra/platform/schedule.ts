import { CfnElement, Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge, nagReference } from './nag.js';
import type { Undelivered } from './undelivered.js';

/** What a schedule does: invoke a function (a ScheduleSpec) or start a state machine (a pass). */
export type CrmScheduleTarget =
  | { readonly kind: 'function'; readonly fn: IFunction; readonly input?: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'stateMachine';
      readonly machine: IStateMachine;
      readonly input: Readonly<Record<string, unknown>>;
    };

export interface CrmScheduleProps {
  readonly description: string;
  /** `cron(...)` or `rate(...)`, in UTC. */
  readonly expression: string;
  readonly target: CrmScheduleTarget;
  /** The capability's undelivered queue and Scheduler role. */
  readonly undelivered: Undelivered;
}

/**
 * An EventBridge Scheduler schedule, in UTC, invoking its function (a ScheduleSpec) or starting
 * its capability's pass machine (a PassSpec) with retries; what Scheduler still could not deliver
 * lands in the capability's undelivered queue. Every schedule of a capability uses the
 * capability's Scheduler role, to which each target adds the right to reach itself only
 * (docs/operations.md §5.4).
 */
export class CrmSchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CrmScheduleProps) {
    super(scope, id);
    const { target } = props;
    this.deadLetterQueue = props.undelivered.deadLetterQueue;
    const role = props.undelivered.schedulerRole;
    const delivery = {
      role,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 3,
      maxEventAge: Duration.hours(1),
      ...(target.input ? { input: ScheduleTargetInput.fromObject(target.input) } : {}),
    };
    this.schedule = new Schedule(this, 'Schedule', {
      description: props.description,
      schedule: ScheduleExpression.expression(props.expression, TimeZone.ETC_UTC),
      // The target adds lambda:InvokeFunction (or states:StartExecution) on its own resource.
      target:
        target.kind === 'function'
          ? new LambdaInvoke(target.fn, delivery)
          : new StepFunctionsStartExecution(target.machine, delivery),
    });
    if (target.kind === 'function') {
      const cfnFunction = target.fn.node.defaultChild;
      if (!(cfnFunction instanceof CfnElement))
        throw new Error(`Schedule ${id}: target is not a CDK function`);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${nagReference(role, cfnFunction, 'Arn')}>:*]`,
        'LambdaInvoke grants this schedule target function and its versions/aliases (`<arn>:*`); the role reaches only the schedule targets of its capability.',
      );
    }
  }
}
