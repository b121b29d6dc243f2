import { CfnCondition, type CfnResource, Fn } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { emailConfigurationSetName } from '../../shared/capability/email-events.js';

export interface EmailEventsProps {
  /** The function that sends e-mail with the set (its id names the set). */
  readonly functionId: string;
  /** The account's default bus: the only bus SES publishes e-mail events to. */
  readonly defaultBus: IEventBus;
}

/**
 * The SES configuration set a function sends e-mail with, and its event destination to the
 * default EventBridge bus for deliveries, bounces, complaints and rejections
 * (docs/operations.md §14); the rule that forwards them to the function is generated with the
 * capability's rules (shared/capability/email-events.ts). Created only where SES is offered:
 * not in `aws-cn`, where e-mail goes through the bank's gateway.
 */
export class EmailEvents extends Construct {
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    this.configurationSetName = emailConfigurationSetName(props.functionId);
    const offered = new CfnCondition(this, 'SesOffered', {
      expression: Fn.conditionNot(Fn.conditionEquals(Fn.ref('AWS::Partition'), 'aws-cn')),
    });
    const set = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
    });
    const destination = new ConfigurationSetEventDestination(this, 'ToDefaultBus', {
      configurationSet: set,
      destination: EventDestination.eventBus(props.defaultBus),
      events: [
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });
    for (const construct of [set, destination]) {
      const resource = construct.node.defaultChild as CfnResource;
      resource.cfnOptions.condition = offered;
    }
  }
}
