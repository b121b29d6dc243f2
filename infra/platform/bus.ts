import type { Duration } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { type CfnArchive, EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface CrmBusProps {
  readonly busName: string;
  readonly key: IKey;
  readonly archiveRetention: Duration;
}

/**
 * The one custom event bus: capabilities publish through their outbox relays, core systems
 * publish directly. Encrypted with the customer-managed key; every event is archived so it
 * can be replayed into a rebuilt or new consumer.
 */
export class CrmBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: CrmBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'FinCrm integration events (ids and non-sensitive attributes only)',
      kmsKey: props.key,
    });
    const archive = this.bus.archive('Archive', {
      description: 'Every event on the bus, for replay',
      // An archive needs a pattern; matching every account's events keeps all of them.
      eventPattern: { account: [this.bus.stack.account] },
      retention: props.archiveRetention,
    });
    // EventBus.archive() drops a kmsKey option, and the Archive construct's own key policy
    // refers to the bus's ARN attribute, a dependency cycle with the key the bus uses. So the
    // archive (365 days of events) is put under our key here, with a key policy naming the bus
    // by its ARN as formatted from its name.
    (archive.node.defaultChild as CfnArchive).kmsKeyIdentifier = props.key.keyArn;
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeArchive',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'kms:EncryptionContext:aws:events:event-bus:arn': Stack.of(this).formatArn({
              service: 'events',
              resource: 'event-bus',
              resourceName: props.busName,
            }),
          },
        },
      }),
    );
  }
}
