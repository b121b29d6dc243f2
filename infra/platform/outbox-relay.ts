import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_STREAM_FILTER, outboxRelaySpec } from '../../shared/capability/outbox-relay.js';
import type { StageSettings } from '../stage.js';
import { CrmFunction } from './crm-function.js';
import { acknowledge } from './nag.js';
import { deadLetterQueue } from './queues.js';
import type { CrmTable } from './table.js';

export interface OutboxRelayProps {
  readonly table: CrmTable;
  readonly bus: IEventBus;
  readonly capability: string;
  readonly settings: StageSettings;
}

/**
 * Publishes a table's outbox items to the bus: a stream-triggered function that sees only
 * newly inserted OUTBOX items, reports per-item failures, bisects failing batches and sends
 * what it finally cannot publish to an SQS queue. It may put events on the bus, nothing else.
 */
export class OutboxRelay extends Construct {
  readonly function: CrmFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const spec = outboxRelaySpec(props.table.spec.id);
    this.function = new CrmFunction(this, 'Relay', {
      spec,
      capability: props.capability,
      settings: props.settings,
    });
    this.function.putEvents(props.bus);
    this.failures = deadLetterQueue(
      this,
      'Failures',
      `outbox records of ${props.table.spec.id} that could not be published`,
    );
    this.function.fn.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.failures),
        filters: [FilterCriteria.filter(OUTBOX_STREAM_FILTER)],
      }),
    );
    acknowledge(
      this.function.role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (used by the stream event source) does not support resource-level permissions.',
    );
  }
}
