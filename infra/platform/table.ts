import { type RemovalPolicy, Tags } from 'aws-cdk-lib';
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
import { acknowledge } from './nag.js';

export interface CrmTableProps {
  readonly spec: TableSpec;
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/** Tag on tables that must never be backed up (`TableSpec.noBackups`). */
export const BACKUP_TAG = 'fincrm:backup';

function attribute(key: KeySpec): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * A capability table built from its TableSpec: on demand, encrypted with the customer-managed
 * key, point-in-time recovery (except key tables, `noBackups`), deletion protection and RETAIN
 * outside dev, optional TTL and a NEW_IMAGE stream for the outbox relay.
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
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.spec.noBackups !== true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      ...(props.spec.timeToLiveAttribute ? { timeToLiveAttribute: props.spec.timeToLiveAttribute } : {}),
      ...(props.spec.outboxStream ? { stream: StreamViewType.NEW_IMAGE } : {}),
    });
    // A bank's AWS Backup plan selecting by resource type would copy a key table and keep a
    // shredded customer's data key for the plan's retention: this tag lets the selection exclude it.
    if (props.spec.noBackups === true) {
      Tags.of(this.table).add(BACKUP_TAG, 'never');
      acknowledge(
        this.table,
        'AwsSolutions-DDB3',
        'A key table has no point-in-time recovery on purpose: a deleted key (crypto-shredding) must be gone from every copy. operations.md §9 says how its loss is guarded against.',
      );
    }
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
