import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { DeduplicationScope, FifoThroughputLimit, type Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CoalescedWorkSpec } from '../../shared/capability/types.js';
import type { CrmFunction } from './crm-function.js';
import { acknowledge } from './nag.js';
import {
  deadLetterQueue,
  encryptWithKey,
  GroupedQueue,
  grantReceiveFromEncryptedQueue,
  grantSendToEncryptedQueue,
  type SharedQueuePolicy,
} from './queues.js';

/** Messages a batch at most: SQS's limit for a FIFO queue feeding Lambda. */
export const COALESCED_BATCH_SIZE = 10;
/** Receives of a request before SQS moves it to the work's dead-letter queue. */
export const COALESCED_MAX_RECEIVES = 5;
/**
 * The visibility timeout as a multiple of the worker's timeout: what AWS advises for a queue
 * feeding Lambda, so a batch still running (or being retried by the poller) is never given out
 * twice.
 */
const VISIBILITY_PER_TIMEOUT = 6;
/**
 * A request older than a day is worth nothing: the daily pass has regraded (or rescored) its
 * customer since. What expires unworked was, by then, far past its alarm.
 */
const RETENTION = Duration.days(1);

export interface CoalescedWorkProps {
  readonly spec: CoalescedWorkSpec;
  /** The function that does the work (`spec.functionId`). */
  readonly worker: CrmFunction;
  /** The functions that request it (`spec.senders`). */
  readonly senders: readonly CrmFunction[];
  /** The customer-managed key: the requests name customers. */
  readonly key: IKey;
  /** The capability's queue policy (TLS only), which both queues join. */
  readonly queuePolicy: SharedQueuePolicy;
}

/**
 * Work coalesced per key (docs/architecture.md, "Coalesced work"): an SQS FIFO queue whose
 * message group is the key (a customer id), feeding the worker through an event source mapping
 * in batches of up to 10 with `ReportBatchItemFailures` and at most `spec.maxConcurrency`
 * batches at once; a request that fails 5 receives moves to the work's own FIFO dead-letter
 * queue. Both queues are under the customer-managed key and the capability's TLS-only policy.
 *
 * High-throughput FIFO (deduplication and throughput per message group): the requests of a
 * bank's whole book go through one queue, and its customers' groups are independent, so the
 * queue is not held to a FIFO queue's 300 messages a second.
 *
 * The worker may receive, delete and change the visibility of the queue's messages and decrypt
 * them through SQS for this queue only; each sender may send (with the key through SQS for this
 * queue only) and learns the URL in `spec.envVar`. Nothing else.
 */
export class CoalescedWork extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly mapping: EventSourceMapping;

  constructor(scope: Construct, id: string, props: CoalescedWorkProps) {
    super(scope, id);
    const { spec, worker, key, queuePolicy } = props;
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      `requests of ${spec.id} that failed ${COALESCED_MAX_RECEIVES} times`,
      key,
      queuePolicy,
      { fifo: true },
    );
    this.queue = new GroupedQueue(this, 'Queue', {
      policy: queuePolicy,
      fifo: true,
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: RETENTION,
      visibilityTimeout: Duration.seconds(worker.spec.timeoutSeconds * VISIBILITY_PER_TIMEOUT),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: COALESCED_MAX_RECEIVES },
    });
    encryptWithKey(this.queue, key);

    // Not SqsEventSource: its grant would take the queue's key from `encryptionMasterKey`,
    // which is not set (queues.ts), and it spells no ScalingConfig; the grants are explicit.
    worker.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
        ],
        resources: [this.queue.queueArn],
      }),
    );
    grantReceiveFromEncryptedQueue(this.queue, key, worker.role);
    this.mapping = new EventSourceMapping(this, 'Requests', {
      target: worker.fn,
      eventSourceArn: this.queue.queueArn,
      batchSize: COALESCED_BATCH_SIZE,
      reportBatchItemFailures: true,
      maxConcurrency: spec.maxConcurrency,
    });
    acknowledge(
      this.mapping,
      'Serverless-LambdaEventSourceMappingDestination',
      "An SQS source: a request that keeps failing moves to the queue's own dead-letter queue (redrive after 5 receives, alarmed); Lambda's on-failure destinations are for stream and Kafka sources.",
    );

    for (const sender of props.senders) {
      sender.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
      );
      grantSendToEncryptedQueue(this.queue, key, sender.role);
      sender.fn.addEnvironment(spec.envVar, this.queue.queueUrl);
    }
  }
}
