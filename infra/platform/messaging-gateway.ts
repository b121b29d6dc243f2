import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, encryptWithKey, GroupedQueue, type SharedQueuePolicy } from './queues.js';

export interface MessagingGatewayProps {
  /** The customer-managed key: messages on the queue carry addresses and texts. */
  readonly key: IKey;
  /** The capability's queue policy (TLS only). */
  readonly queuePolicy: SharedQueuePolicy;
}

/**
 * The queue through which the bank's own messaging gateway takes the messages a capability
 * sends (the only provider in `aws-cn`, where SES and End User Messaging are not offered). Its
 * messages hold an address and a text, so it is encrypted with the customer-managed key, TLS
 * only, and keeps a message 4 days; what the gateway fails to take 5 times moves to its
 * dead-letter queue (same key), alarmed. The gateway's own role needs `sqs:ReceiveMessage` and
 * `sqs:DeleteMessage` on the queue and `kms:Decrypt` through SQS for it: granted by the bank
 * where that role lives (docs/operations.md).
 */
export class MessagingGateway extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MessagingGatewayProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      'messages the bank messaging gateway did not take',
      props.key,
      props.queuePolicy,
    );
    this.queue = new GroupedQueue(this, 'Queue', {
      policy: props.queuePolicy,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.minutes(5),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    encryptWithKey(this.queue, props.key);
  }
}
