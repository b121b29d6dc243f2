import type { Duration } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
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
    this.bus.archive('Archive', {
      description: 'Every event on the bus, for replay',
      // An archive needs a pattern; matching every account's events keeps all of them.
      eventPattern: { account: [this.bus.stack.account] },
      retention: props.archiveRetention,
      kmsKey: props.key,
    });
  }
}
