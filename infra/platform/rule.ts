import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  type EventPattern,
  type IEventBus,
  type IRuleRef,
  type IRuleTarget,
  Rule,
  type RuleTargetConfig,
} from 'aws-cdk-lib/aws-events';
import {
  addToDeadLetterQueueResourcePolicy,
  bindBaseTargetConfig,
  LambdaFunction,
  SfnStateMachine,
} from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
  /**
   * The rule's fixed name: set for rules on the default bus (`defaultBusRuleName`). A rule on the
   * platform bus that targets a function is named by {@link functionRuleName} instead, and is
   * covered by its function's one permission ({@link allowBusRulesToInvoke}).
   */
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

/** EventBridge's limit on a rule name, and the characters it allows. */
const RULE_NAME = { maxLength: 64, pattern: /^[.\-_A-Za-z0-9]+$/ } as const;
/** A function id never contains the separator, so no function's prefix matches another's rules. */
const FUNCTION_ID = /^[A-Za-z0-9]+$/;

/**
 * The fixed name of a rule on the platform bus that targets a function: `<FunctionId>-<RuleId>`.
 * Every such rule of a function starts with `<FunctionId>-`, the prefix its one Lambda
 * permission names ({@link allowBusRulesToInvoke}).
 */
export function functionRuleName(functionId: string, ruleId: string): string {
  if (!FUNCTION_ID.test(functionId)) {
    throw new Error(`Function id ${functionId}: letters and digits only (it prefixes its rules' names)`);
  }
  const name = `${functionId}-${ruleId}`;
  if (name.length > RULE_NAME.maxLength || !RULE_NAME.pattern.test(name)) {
    throw new Error(
      `Rule name ${name}: EventBridge allows ${RULE_NAME.maxLength} characters of letters, digits, '.', '-' and '_'; shorten the rule id`,
    );
  }
  return name;
}

/** The construct id of a function's one permission for its rules on the platform bus. */
const BUS_RULES_PERMISSION = 'InvokedByBusRules';

/**
 * Lets EventBridge invoke `fn` for its rules on `bus`: one `AWS::Lambda::Permission` per function
 * whose source ARN is `rule/<bus>/<FunctionId>-*`, not one per rule, which CloudFormation's 500
 * resources could not afford (docs/operations.md §1). It also lets any later rule on this bus
 * whose name starts with `<FunctionId>-` invoke the function: only whoever may create rules on
 * the platform bus (the deployment) can make one. Idempotent: the first rule of a function adds it.
 */
export function allowBusRulesToInvoke(fn: IFunction, bus: IEventBus, functionId: string): void {
  if (fn.permissionsNode.tryFindChild(BUS_RULES_PERMISSION) !== undefined) return;
  fn.addPermission(BUS_RULES_PERMISSION, {
    principal: new ServicePrincipal('events.amazonaws.com'),
    action: 'lambda:InvokeFunction',
    sourceArn: Stack.of(bus).formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${bus.eventBusName}/${functionId}-*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }),
  });
}

/**
 * A function target whose invoke permission is its function's (`allowBusRulesToInvoke`), not a
 * permission of its own; otherwise what `LambdaFunction` binds, with the same helpers
 * aws-events-targets binds its own targets with: the dead-letter queue (with its policy
 * statement for this rule alone) and the retries.
 */
class PermittedFunctionTarget implements IRuleTarget {
  readonly #fn: IFunction;
  readonly #deadLetterQueue: Queue;

  constructor(fn: IFunction, deadLetterQueue: Queue) {
    this.#fn = fn;
    this.#deadLetterQueue = deadLetterQueue;
  }

  bind(rule: IRuleRef): RuleTargetConfig {
    addToDeadLetterQueueResourcePolicy(rule, this.#deadLetterQueue);
    return {
      ...bindBaseTargetConfig({ deadLetterQueue: this.#deadLetterQueue, ...TARGET_RETRIES }),
      arn: this.#fn.functionArn,
      targetResource: this.#fn,
    };
  }
}

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
    const { target } = spec;
    // On the platform bus a function's rules carry its id, for its one permission.
    const onPlatformBus = props.ruleName === undefined;
    const ruleName =
      onPlatformBus && target.kind === 'function'
        ? functionRuleName(target.functionId, spec.id)
        : props.ruleName;
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      ...(ruleName === undefined ? {} : { ruleName }),
      description: spec.description,
      eventPattern: Object.assign(pattern, spec.eventPattern),
    });
    const targetProps = { deadLetterQueue: this.deadLetterQueue, ...TARGET_RETRIES };
    if (target.kind === 'function') {
      const fn = props.functions.get(target.functionId);
      if (fn === undefined) throw new Error(`Rule ${spec.id} targets unknown function ${target.functionId}`);
      if (onPlatformBus) {
        allowBusRulesToInvoke(fn, props.bus, target.functionId);
        this.rule.addTarget(new PermittedFunctionTarget(fn, this.deadLetterQueue));
      } else {
        // The default bus's rules (one today) keep a permission each, naming the rule itself.
        this.rule.addTarget(new LambdaFunction(fn, targetProps));
      }
    } else {
      const machine = props.stateMachines.get(target.stateMachineId);
      if (machine === undefined) {
        throw new Error(`Rule ${spec.id} targets unknown state machine ${target.stateMachineId}`);
      }
      this.rule.addTarget(new SfnStateMachine(machine, targetProps));
    }
  }
}
