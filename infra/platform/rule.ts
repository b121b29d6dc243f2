import { Duration } from 'aws-cdk-lib';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RuleSpec } from '../../shared/capability/types.js';

export interface CrmRuleProps {
  readonly spec: RuleSpec;
  readonly bus: IEventBus;
  /** Resolves the spec's target within the capability. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  /**
   * The capability's undelivered queue (`Undelivered`): its key lets EventBridge use it for rules
   * on the platform bus and for the default bus's rules named by `defaultBusRuleName`
   * (`allowEventBridgeDeadLetters`).
   */
  readonly deadLetterQueue: Queue;
  /** The rule's fixed name: set for rules on the default bus (`defaultBusRuleName`). */
  readonly ruleName?: string;
}

/**
 * The name of a rule on the account's default bus. Fixed (not generated) so that the data key's
 * policy can let EventBridge use the key for that rule's dead letters, by name, without the key
 * depending on the rule (which depends on the queue under the key).
 */
export function defaultBusRuleName(stage: string, ruleId: string): string {
  return `fincrm-${stage}-${ruleId}`;
}

const TARGET_RETRIES = { retryAttempts: 8, maxEventAge: Duration.hours(24) } as const;

/**
 * An EventBridge rule from a RuleSpec, its target backed by the capability's undelivered queue.
 * The target adds the rule's permission to send there to the queue's own policy, a statement
 * about that queue and this rule alone (docs/operations.md §5).
 */
export class CrmRule extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CrmRuleProps) {
    super(scope, id);
    const { spec } = props;
    this.deadLetterQueue = props.deadLetterQueue;
    // The generated pattern is plain data (shared with the local matcher); every EventPattern
    // field is optional, so copying it onto an empty pattern keeps it as written.
    const pattern: EventPattern = {};
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      ...(props.ruleName === undefined ? {} : { ruleName: props.ruleName }),
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
