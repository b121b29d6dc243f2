import { Duration } from 'aws-cdk-lib';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RuleSpec } from '../../shared/capability/types.js';
import { deadLetterQueue } from './queues.js';

export interface CrmRuleProps {
  readonly spec: RuleSpec;
  readonly bus: IEventBus;
  /** Resolves the spec's target within the capability. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  /** The dead-letter queue's key (EventBridge may use it: `allowEventBridgeDeadLetters`). */
  readonly key: IKey;
}

const TARGET_RETRIES = { retryAttempts: 8, maxEventAge: Duration.hours(24) } as const;

/** An EventBridge rule on the platform bus from a RuleSpec, its target backed by a DLQ. */
export class CrmRule extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CrmRuleProps) {
    super(scope, id);
    const { spec } = props;
    // Its own single-queue policy, not the capability's shared one: the target adds the rule's
    // permission to send there, a statement about this queue alone (docs/operations.md §5).
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      `undelivered events of rule ${spec.id}`,
      props.key,
      'own',
    );
    // The generated pattern is plain data (shared with the local matcher); every EventPattern
    // field is optional, so copying it onto an empty pattern keeps it as written.
    const pattern: EventPattern = {};
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: spec.description,
      eventPattern: Object.assign(pattern, spec.eventPattern),
    });
    const targetProps = { deadLetterQueue: this.deadLetterQueue, ...TARGET_RETRIES };
    if (spec.target.kind === 'function') {
      const fn = props.functions.get(spec.target.functionId);
      if (fn === undefined)
        throw new Error(`Rule ${spec.id} targets unknown function ${spec.target.functionId}`);
      this.rule.addTarget(new LambdaFunction(fn, targetProps));
    } else {
      const machine = props.stateMachines.get(spec.target.stateMachineId);
      if (machine === undefined) {
        throw new Error(`Rule ${spec.id} targets unknown state machine ${spec.target.stateMachineId}`);
      }
      this.rule.addTarget(new SfnStateMachine(machine, targetProps));
    }
  }
}
