import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineSpec } from '../../shared/capability/types.js';
import { acknowledge } from './nag.js';

export interface CrmStateMachineProps {
  readonly spec: StateMachineSpec;
  /** The functions named in `spec.invokes`, by FunctionSpec id. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /**
   * The capability's log group (`capabilityLogGroup`), shared with its functions: Step Functions
   * writes to any log group it may deliver to, in streams named after the machine.
   */
  readonly logGroup: ILogGroup;
}

/**
 * A Standard state machine from its capability's JSONPath definition (the same document the
 * local cloud runs). `${Partition}` and `${Fn_<id>}` are filled by DefinitionSubstitutions;
 * the role may invoke exactly the functions in `spec.invokes`.
 */
export class CrmStateMachine extends Construct {
  readonly machine: StateMachine;
  readonly spec: StateMachineSpec;

  constructor(scope: Construct, id: string, props: CrmStateMachineProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const substitutions: Record<string, string> = { Partition: Aws.PARTITION };
    const invoked: IFunction[] = [];
    for (const functionId of spec.invokes) {
      const fn = props.functions.get(functionId);
      if (fn === undefined) {
        throw new Error(`State machine ${spec.id} invokes unknown function ${functionId}`);
      }
      substitutions[`Fn_${functionId}`] = fn.functionArn;
      invoked.push(fn);
    }
    this.machine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromString(JSON.stringify(spec.definition)),
      definitionSubstitutions: substitutions,
      stateMachineType: StateMachineType.STANDARD,
      // Payloads are ids only, but execution data stays out of logs all the same.
      logs: { destination: props.logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      tracingEnabled: true,
    });
    if (invoked.length > 0) {
      // Unqualified ARNs only (the definition names no version or alias): no `:*` wildcard.
      this.machine.addToRolePolicy(
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: invoked.map((fn) => fn.functionArn),
        }),
      );
    }
    this.#acknowledge();
  }

  /** Whether the definition has a `.waitForTaskToken` task: only such a machine issues task tokens. */
  get issuesTaskTokens(): boolean {
    return JSON.stringify(this.spec.definition).includes('.waitForTaskToken');
  }

  #acknowledge(): void {
    acknowledge(
      this.machine,
      'AwsSolutions-SF1',
      'Logs at ERROR level without execution data: every transition at ALL level would cost per state and add nothing the execution history lacks.',
    );
    acknowledge(
      this.machine,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and related) do not support resource-level permissions.',
    );
  }
}
