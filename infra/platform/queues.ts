import { Duration, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type CfnQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { grantKeyViaService, viaService } from './keys.js';
import { acknowledge } from './nag.js';

/** SQS binds the data keys of a queue's messages to the queue's ARN. */
const SQS_CONTEXT = 'aws:sqs:arn';

/**
 * A dead-letter queue under the customer-managed key (dead letters carry event ids and
 * reasons for 14 days: docs/operations.md §9), TLS only, 14 days to inspect and redrive.
 *
 * The key is set on the CloudFormation resource rather than through `encryptionMasterKey`:
 * CDK's queue grants would otherwise give every sender kms:Encrypt/Decrypt on the key without
 * any condition. Senders get the key through `grantSendToEncryptedQueue` instead.
 */
export function deadLetterQueue(scope: Construct, id: string, purpose: string, key: IKey): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
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
