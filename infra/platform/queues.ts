import { Duration, Stack } from 'aws-cdk-lib';
import {
  type AddToResourcePolicyResult,
  AnyPrincipal,
  Effect,
  type IGrantable,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type CfnQueue, CfnQueuePolicy, Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantKeyViaService, viaService } from './keys.js';
import { acknowledge } from './nag.js';

/** SQS binds the data keys of a queue's messages to the queue's ARN. */
const SQS_CONTEXT = 'aws:sqs:arn';

/**
 * One `AWS::SQS::QueuePolicy` for a group of queues (a capability's, or the platform's) instead
 * of one per queue: CloudFormation allows 500 resources per template and a policy per queue was
 * the largest avoidable share of them (docs/operations.md §1 and §5).
 *
 * CloudFormation sets the same document on every queue listed in `Queues`, so the document names
 * no queue: its one statement denies every SQS action without TLS on `"Resource": "*"`, which in
 * a queue's resource policy means the queue it is attached to (the shape of AWS's SNS-to-SQS
 * fan-out sample). It is the same valid single-queue policy on each of them. A queue whose policy
 * needs a statement about that queue alone is not grouped (`deadLetterQueue` with `'own'`).
 * Nothing is written while no queue has joined.
 */
export class SharedQueuePolicy extends Construct {
  readonly #queues: Queue[] = [];
  #resource: CfnQueuePolicy | undefined;

  /** The queues the policy covers, in the order they joined. */
  get queues(): readonly Queue[] {
    return this.#queues;
  }

  /** Puts a queue under the policy: TLS only from now on. */
  add(queue: Queue): void {
    this.#queues.push(queue);
    // A plain list (not a lazy value) so cdk-nag's AwsSolutions-SQS4 can find each queue in it.
    const queues = this.#queues.map((member) => member.queueUrl);
    if (this.#resource === undefined) {
      this.#resource = new CfnQueuePolicy(this, 'Resource', { policyDocument: tlsOnlyDocument(), queues });
    } else {
      this.#resource.queues = queues;
    }
  }
}

/** Denies every SQS action without TLS on whichever queue the document is attached to. */
function tlsOnlyDocument(): PolicyDocument {
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sqs:*'],
        resources: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ],
  });
}

export interface GroupedQueueProps extends Omit<QueueProps, 'enforceSSL'> {
  /** The shared policy that enforces TLS on the queue. */
  readonly policy: SharedQueuePolicy;
}

/**
 * A queue whose only resource policy is its group's `SharedQueuePolicy`. It takes no statement
 * of its own: the shared document is set on every queue of the group, so a statement about this
 * queue would either be refused there or reach the others. `addToResourcePolicy` (which CDK
 * calls, for instance, when a rule target gets a dead-letter queue) therefore throws rather than
 * create a second policy for the queue; such a queue must be built with a policy of its own.
 */
export class GroupedQueue extends Queue {
  constructor(scope: Construct, id: string, props: GroupedQueueProps) {
    const { policy, ...queueProps } = props;
    super(scope, id, queueProps);
    policy.add(this);
  }

  override addToResourcePolicy(_statement: PolicyStatement): AddToResourcePolicyResult {
    throw new Error(
      `${this.node.path}: a queue under a shared policy takes no statement of its own; give it its own policy ('own')`,
    );
  }
}

/**
 * Where a queue's TLS-only deny lives: its group's `SharedQueuePolicy`, or `'own'` for a queue
 * whose policy needs statements about that queue alone (a capability's undelivered queue,
 * which its rules' EventBridge targets may send to): it gets a single-queue policy with the deny and those statements.
 */
export type QueuePolicyPlacement = SharedQueuePolicy | 'own';

/**
 * A dead-letter queue under the customer-managed key (dead letters carry event ids and
 * reasons for 14 days: docs/operations.md §9), TLS only, 14 days to inspect and redrive.
 * `fifo`: the dead-letter queue of a FIFO queue, which SQS requires to be FIFO itself.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  purpose: string,
  key: IKey,
  policy: QueuePolicyPlacement,
  options: { readonly fifo?: boolean } = {},
): Queue {
  const props = {
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
    ...(options.fifo === true ? { fifo: true } : {}),
  };
  const queue =
    policy === 'own'
      ? new Queue(scope, id, { ...props, enforceSSL: true })
      : new GroupedQueue(scope, id, { ...props, policy });
  encryptWithKey(queue, key);
  const reason = `This queue is itself the dead-letter queue (${purpose}); a DLQ of a DLQ would only move the same messages.`;
  acknowledge(queue, 'AwsSolutions-SQS3', reason);
  acknowledge(queue, 'Serverless-SQSRedrivePolicy', reason);
  return queue;
}

/**
 * Puts a queue under the customer-managed key. The key is set on the CloudFormation resource
 * rather than through `encryptionMasterKey`: CDK's queue grants would otherwise give every
 * sender kms:Encrypt/Decrypt on the key without any condition. Senders get the key through
 * `grantSendToEncryptedQueue` instead, and readers through SQS for that queue only.
 */
export function encryptWithKey(queue: Queue, key: IKey): void {
  const resource = queue.node.defaultChild as CfnQueue;
  resource.sqsManagedSseEnabled = undefined;
  resource.kmsMasterKeyId = key.keyArn;
}

/**
 * What a sender of an encrypted queue needs besides sqs:SendMessage: GenerateDataKey and
 * Decrypt, through SQS only and for this queue only.
 */
export function grantSendToEncryptedQueue(queue: Queue, key: IKey, sender: IGrantable): void {
  grantKeyViaService(key, sender, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt'], {
    [SQS_CONTEXT]: queue.queueArn,
  });
}

/**
 * What a reader of an encrypted queue (a worker fed by an event source mapping) needs besides
 * the SQS actions: Decrypt, through SQS only and for this queue only.
 */
export function grantReceiveFromEncryptedQueue(queue: Queue, key: IKey, reader: IGrantable): void {
  grantKeyViaService(key, reader, 'sqs', ['kms:Decrypt'], { [SQS_CONTEXT]: queue.queueArn });
}

/**
 * EventBridge delivers undeliverable events to a capability's undelivered queue as itself
 * (events.amazonaws.com), so the key policy lets it, through SQS, for rules on `busName` and for
 * the named rules of the account's default bus only (`defaultBusRuleNames`: the SES e-mail event
 * rules, which have fixed names for this). Named by formatted ARNs: the rules' own ARNs would make
 * the key depend on them.
 */
export function allowEventBridgeDeadLetters(
  key: IKey,
  busName: string,
  defaultBusRuleNames: readonly string[] = [],
): void {
  const stack = Stack.of(key);
  const ruleArn = (resourceName: string) =>
    stack.formatArn({ service: 'events', resource: 'rule', resourceName });
  const sources = [ruleArn(`${busName}/*`), ...defaultBusRuleNames.map(ruleArn)];
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeRuleDeadLetters',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account, 'kms:ViaService': viaService('sqs') },
        ArnLike: { 'aws:SourceArn': sources.length === 1 ? sources[0] : sources },
      },
    }),
  );
}
