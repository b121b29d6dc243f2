import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { KeySpec, TableSpec } from '../../shared/capability/types.js';

export interface CrmTableProps {
  readonly spec: TableSpec;
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

function attribute(key: KeySpec): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * A capability table built from its TableSpec: on demand, encrypted with the customer-managed
 * key, point-in-time recovery, deletion protection and RETAIN outside dev, optional TTL and a
 * NEW_IMAGE stream for the outbox relay.
 */
export class CrmTable extends Construct {
  readonly table: Table;
  readonly spec: TableSpec;
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: CrmTableProps) {
    super(scope, id);
    this.spec = props.spec;
    this.key = props.key;
    this.table = new Table(this, 'Table', {
      partitionKey: attribute(props.spec.partitionKey),
      ...(props.spec.sortKey ? { sortKey: attribute(props.spec.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      ...(props.spec.timeToLiveAttribute ? { timeToLiveAttribute: props.spec.timeToLiveAttribute } : {}),
      ...(props.spec.outboxStream ? { stream: StreamViewType.NEW_IMAGE } : {}),
    });
    for (const index of props.spec.globalSecondaryIndexes ?? []) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      });
    }
  }

  /** The table ARN and one ARN per declared index: grants never need an `index/*` wildcard. */
  get resourceArns(): string[] {
    const indexes = (this.spec.globalSecondaryIndexes ?? []).map(
      (index) => `${this.table.tableArn}/index/${index.indexName}`,
    );
    return [this.table.tableArn, ...indexes];
  }
}
