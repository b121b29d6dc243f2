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

/** SQS's own quota on a queue policy (docs/operations.md §5): more statements are refused. */
export const MAX_QUEUE_POLICY_STATEMENTS = 20;

/**
 * One `AWS::SQS::QueuePolicy` for a group of queues (a capability's, or the platform's) instead
 * of one per queue: CloudFormation allows 500 resources per template and a policy per queue was
 * the largest avoidable share of them (docs/operations.md §1 and §5).
 *
 * The policy denies every SQS action without TLS on each queue of the group (the statement
 * `enforceSSL` would write, with every queue's ARN as a resource) and carries the statements the
 * queues add to their own resource policy (an EventBridge rule's permission to send dead
 * letters). CloudFormation sets the same document on every queue listed in `Queues`, so each
 * of those statements must name its own queue, and only it, as the resource: `GroupedQueue`
 * refuses any other. Nothing is written while no queue has joined.
 */
export class SharedQueuePolicy extends Construct {
  readonly #document = new PolicyDocument();
  readonly #tlsOnly = new PolicyStatement({
    sid: 'DenyWithoutTls',
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: ['sqs:*'],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  readonly #queues: Queue[] = [];
  #resource: CfnQueuePolicy | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.#document.addStatements(this.#tlsOnly);
    this.node.addValidation({
      validate: () => {
        if (this.#resource === undefined) return [];
        const count = this.#document.statementCount;
        const tooMany =
          count > MAX_QUEUE_POLICY_STATEMENTS
            ? [`${count} statements in one queue policy; SQS accepts at most ${MAX_QUEUE_POLICY_STATEMENTS}`]
            : [];
        return [...tooMany, ...this.#document.validateForResourcePolicy()];
      },
    });
  }

  /** The queues the policy covers, in the order they joined. */
  get queues(): readonly Queue[] {
    return this.#queues;
  }

  /** Puts a queue under the policy: TLS only from now on. */
  add(queue: Queue): void {
    this.#queues.push(queue);
    this.#tlsOnly.addResources(queue.queueArn);
    // A plain list (not a lazy value) so cdk-nag's AwsSolutions-SQS4 can find each queue in it.
    const queues = this.#queues.map((member) => member.queueUrl);
    if (this.#resource === undefined) {
      this.#resource = new CfnQueuePolicy(this, 'Resource', { policyDocument: this.#document, queues });
    } else {
      this.#resource.queues = queues;
    }
  }

  /** Adds a statement about one queue of the group (see `GroupedQueue.addToResourcePolicy`). */
  addStatement(statement: PolicyStatement): AddToResourcePolicyResult {
    this.#document.addStatements(statement);
    return { statementAdded: true, ...(this.#resource ? { policyDependable: this.#resource } : {}) };
  }
}

export interface GroupedQueueProps extends Omit<QueueProps, 'enforceSSL'> {
  /** The shared policy that enforces TLS on the queue and carries its resource policy. */
  readonly policy: SharedQueuePolicy;
}

/**
 * A queue whose resource policy is its group's `SharedQueuePolicy`: `addToResourcePolicy`
 * (which CDK calls, for instance, when a rule target gets a dead-letter queue) adds to the
 * shared policy instead of creating a policy of the queue's own, so no queue ends up under two.
 */
export class GroupedQueue extends Queue {
  readonly #policy: SharedQueuePolicy;

  constructor(scope: Construct, id: string, props: GroupedQueueProps) {
    const { policy, ...queueProps } = props;
    super(scope, id, queueProps);
    this.#policy = policy;
    policy.add(this);
  }

  override addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult {
    // The shared document is set on every queue of the group: a statement naming no resource,
    // a wildcard or another queue would grant on all of them.
    const own = statement.resources.length > 0 && statement.resources.every((arn) => arn === this.queueArn);
    if (!own) {
      throw new Error(`${this.node.path}: a statement of this queue's policy must name this queue only`);
    }
    return this.#policy.addStatement(statement);
  }
}

/**
 * A dead-letter queue under the customer-managed key (dead letters carry event ids and
 * reasons for 14 days: docs/operations.md §9), TLS only through its group's shared policy,
 * 14 days to inspect and redrive.
 *
 * The key is set on the CloudFormation resource rather than through `encryptionMasterKey`:
 * CDK's queue grants would otherwise give every sender kms:Encrypt/Decrypt on the key without
 * any condition. Senders get the key through `grantSendToEncryptedQueue` instead.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  purpose: string,
  key: IKey,
  policy: SharedQueuePolicy,
): Queue {
  const queue = new GroupedQueue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
    policy,
  });
  const resource = queue.node.defaultChild as CfnQueue;
  resource.sqsManagedSseEnabled = undefined;
  resource.kmsMasterKeyId = key.keyArn;
  const reason = `This queue is itself the dead-letter queue (${purpose}); a DLQ of a DLQ would only move the same messages.`;
  acknowledge(queue, 'AwsSolutions-SQS3', reason);
  acknowledge(queue, 'Serverless-SQSRedrivePolicy', reason);
  return queue;
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
 * EventBridge delivers undeliverable events to a rule's dead-letter queue as itself
 * (events.amazonaws.com), so the key policy lets it, through SQS, for rules on `busName` only.
 * Named by a formatted ARN: the rules' own ARNs would make the key depend on them.
 */
export function allowEventBridgeDeadLetters(key: IKey, busName: string): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeRuleDeadLetters',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account, 'kms:ViaService': viaService('sqs') },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: `${busName}/*`,
          }),
        },
      },
    }),
  );
}
