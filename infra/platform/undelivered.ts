import { Aws } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type Queue, QueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, grantSendToEncryptedQueue } from './queues.js';

/** SQS's quota on the statements of one queue policy. */
const MAX_QUEUE_POLICY_STATEMENTS = 20;

export interface UndeliveredProps {
  readonly capability: string;
  /** The queue's key. */
  readonly key: IKey;
}

/**
 * Where EventBridge and EventBridge Scheduler put what they could not hand to a target of the
 * capability: one dead-letter queue for all its rules and schedules (docs/operations.md §5.4),
 * and the one role its schedules invoke their functions with. One per capability rather than a
 * queue (and a queue policy) per rule and a queue, role and policy per schedule: CloudFormation
 * allows 500 resources per template (docs/operations.md §1).
 *
 * The queue has a single-queue policy of its own (TLS only), to which each rule target adds the
 * statement letting `events.amazonaws.com` send when the source is that rule.
 */
export class Undelivered extends Construct {
  readonly deadLetterQueue: Queue;
  readonly #key: IKey;
  readonly #capability: string;
  #schedulerRole: Role | undefined;

  constructor(scope: Construct, id: string, props: UndeliveredProps) {
    super(scope, id);
    this.#key = props.key;
    this.#capability = props.capability;
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      `events and invocations the rules and schedules of ${props.capability} could not deliver`,
      props.key,
      'own',
    );
    // SQS refuses a queue policy of more than 20 statements: the TLS deny and one per rule.
    this.node.addValidation({
      validate: () => {
        const policy = this.deadLetterQueue.node.tryFindChild('Policy');
        const statements = policy instanceof QueuePolicy ? policy.document.statementCount : 0;
        return statements > MAX_QUEUE_POLICY_STATEMENTS
          ? [
              `${this.node.path}: ${statements} statements in the undelivered queue's policy (SQS allows ${MAX_QUEUE_POLICY_STATEMENTS}); split the capability's rules`,
            ]
          : [];
      },
    });
  }

  /**
   * The role every schedule of the capability invokes its target with, created with the first
   * schedule: trusted only by this account's Scheduler, allowed to send to the undelivered queue
   * (the key through SQS for that queue only). Each schedule's target adds lambda:InvokeFunction
   * on its own function, so the role reaches exactly the capability's schedule targets.
   */
  get schedulerRole(): Role {
    if (this.#schedulerRole === undefined) {
      this.#schedulerRole = new Role(this, 'SchedulerRole', {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
        description: `Scheduler invokes the scheduled functions of ${this.#capability}`,
      });
      grantSendToEncryptedQueue(this.deadLetterQueue, this.#key, this.#schedulerRole);
    }
    return this.#schedulerRole;
  }
}
