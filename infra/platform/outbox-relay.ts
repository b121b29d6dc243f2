import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_STREAM_FILTER, outboxRelaySpec } from '../../shared/capability/outbox-relay.js';
import type { StageSettings } from '../stage.js';
import { CrmFunction } from './crm-function.js';
import { grantKeyViaService } from './keys.js';
import { acknowledge } from './nag.js';
import { deadLetterQueue, grantSendToEncryptedQueue, type SharedQueuePolicy } from './queues.js';
import type { CrmTable } from './table.js';

export interface OutboxRelayProps {
  readonly table: CrmTable;
  readonly bus: IEventBus;
  readonly capability: string;
  readonly settings: StageSettings;
  /** The customer-managed key: the relay's queues are under it. */
  readonly key: IKey;
  /** The capability's log group: the relay logs there like the capability's other functions. */
  readonly logGroup: ILogGroup;
  /** The capability's queue policy: the relay's queues join it (TLS only). */
  readonly queuePolicy: SharedQueuePolicy;
}

/**
 * Publishes a table's outbox items to the bus: a stream-triggered function that sees only
 * newly inserted OUTBOX items, reports per-item failures, bisects failing batches and sends
 * what it finally cannot publish to an SQS queue. It may read its own table's stream, decrypt
 * through DynamoDB for that table only and put events on the bus, nothing else.
 */
export class OutboxRelay extends Construct {
  readonly function: CrmFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const { table, key } = props;
    const spec = outboxRelaySpec(table.spec.id);
    this.function = new CrmFunction(this, 'Relay', {
      spec,
      capability: props.capability,
      settings: props.settings,
      key,
      logGroup: props.logGroup,
      // Only its event source mapping invokes it, synchronously: a batch it fails goes to
      // `failures` below, never to a Lambda dead-letter queue (docs/operations.md §5).
      deadLetters: 'none',
    });
    this.function.putEvents(props.bus);
    this.failures = deadLetterQueue(
      this,
      'Failures',
      `outbox records of ${table.spec.id} that could not be published`,
      key,
      props.queuePolicy,
    );
    const streamArn = table.table.tableStreamArn;
    if (streamArn === undefined) throw new Error(`${spec.id}: table ${table.spec.id} has no stream`);
    // Not DynamoEventSource: it grants kms:Decrypt on the table key with no condition at all.
    const role = this.function.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
    );
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
    grantKeyViaService(key, role, 'dynamodb', ['kms:Decrypt'], {
      'aws:dynamodb:tableName': table.table.tableName,
    });
    // Lambda sends the records it gives up on with the function's role.
    grantSendToEncryptedQueue(this.failures, key, role);
    new EventSourceMapping(this, 'Stream', {
      target: this.function.fn,
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      onFailure: new SqsDlq(this.failures),
      filters: [FilterCriteria.filter(OUTBOX_STREAM_FILTER)],
    });
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (used by the stream event source) does not support resource-level permissions.',
    );
  }
}
