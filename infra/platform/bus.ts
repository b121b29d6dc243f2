import type { Duration } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { type CfnArchive, CfnEventBus, EventBus } from 'aws-cdk-lib/aws-events';
import {
  AnyPrincipal,
  Effect,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Who may put which sources on the bus (docs/architecture.md §6, "Who may publish what"). */
export interface SourcePublishers {
  /** Our sources (`crm.<capability>`), each with the only roles that may publish it: its outbox relays. */
  readonly own: ReadonlyMap<string, readonly IRole[]>;
  /** The sources the bank's systems publish: the external events of the catalogue. */
  readonly external: readonly string[];
}

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
  readonly #arn: string;

  constructor(scope: Construct, id: string, props: CrmBusProps) {
    super(scope, id);
    // The ARN as formatted from the name: the bus's own policy cannot refer to its ARN attribute.
    this.#arn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: props.busName,
    });
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

  /**
   * The bus's resource policy: explicit denies, which hold for every principal of every account
   * whatever its IAM policies allow. A `crm.<capability>` source is put only by that capability's
   * outbox relays, so a consumer can believe the source of an event from its own capabilities; no
   * source outside the event catalogue is accepted; the relays put no external source. Which
   * system publishes which external source is the bank's IAM (docs/operations.md).
   */
  restrictPublishers(publishers: SourcePublishers): void {
    const resource = this.bus.node.defaultChild;
    if (!(resource instanceof CfnEventBus)) throw new Error('The bus has no CfnEventBus resource');
    const relayArns = (roles: readonly IRole[]) => roles.map((role) => role.roleArn);
    const published = [...publishers.own].filter(([, roles]) => roles.length > 0);
    const deny = (sid: string, conditions: Record<string, Record<string, unknown>>) =>
      new PolicyStatement({
        sid,
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.#arn],
        conditions,
      });
    const statements = [
      ...published.map(([source, roles]) =>
        deny(`OnlyRelaysPublish${sidOf(source)}`, {
          StringEquals: { 'events:source': source },
          ArnNotEquals: { 'aws:PrincipalArn': relayArns(roles) },
        }),
      ),
      deny('OnlyCatalogueSources', {
        StringNotEquals: {
          'events:source': [...published.map(([source]) => source), ...publishers.external],
        },
      }),
      ...(publishers.external.length === 0
        ? []
        : [
            deny('RelaysPublishNoExternalSource', {
              StringEquals: { 'events:source': [...publishers.external] },
              ArnEquals: { 'aws:PrincipalArn': published.flatMap(([, roles]) => relayArns(roles)) },
            }),
          ]),
    ];
    resource.policy = new PolicyDocument({ statements }).toJSON();
  }
}

/** A statement id from a source: `crm.customers` → `CrmCustomers`. */
function sidOf(source: string): string {
  return source
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
