import { ArnFormat, CfnElement, Stack, Token } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { PassSpec, StateMachineSpec } from '../../shared/capability/types.js';
import { passMachineInput } from '../../shared/workflows/pass.js';
import { acknowledge } from './nag.js';
import { CrmSchedule } from './schedule.js';
import { CrmStateMachine } from './state-machine.js';
import type { Undelivered } from './undelivered.js';

export interface PassMachineProps {
  /** The capability's pass machine (`passMachineOf`). */
  readonly spec: StateMachineSpec;
  readonly passes: readonly PassSpec[];
  /** The capability's functions, by FunctionSpec id (the workers among them). */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly logGroup: ILogGroup;
  /** The capability's undelivered queue and Scheduler role, which starts the machine. */
  readonly undelivered: Undelivered;
}

/**
 * The pass machine of a capability (shared/workflows/pass.ts) and the schedule of each of its
 * passes: a `CrmStateMachine` (invoke rights on the workers, logs, tracing) whose Distributed
 * Map may start its own child executions and describe or stop them, and one Scheduler schedule
 * per pass starting it with the pass's input through the capability's Scheduler role.
 *
 * The map's rights are a policy of their own attached to the machine's role, as CDK's own
 * DistributedMap does: they name the machine's ARN, which the machine's default policy cannot
 * (the machine depends on that policy: a circular reference).
 */
export class PassMachine extends Construct {
  readonly machine: CrmStateMachine;

  constructor(scope: Construct, id: string, props: PassMachineProps) {
    super(scope, id);
    const { spec } = props;
    this.machine = new CrmStateMachine(this, spec.id, {
      spec,
      functions: props.functions,
      logGroup: props.logGroup,
    });
    const { machine } = this.machine;
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${machine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const childExecutions = new Policy(this, 'DistributedMapPolicy', {
      statements: [
        new PolicyStatement({ actions: ['states:StartExecution'], resources: [machine.stateMachineArn] }),
        new PolicyStatement({
          actions: ['states:DescribeExecution', 'states:StopExecution'],
          resources: [executions],
        }),
      ],
    });
    machine.role.attachInlinePolicy(childExecutions);
    const cfnMachine = machine.node.defaultChild;
    if (!(cfnMachine instanceof CfnElement)) throw new Error(`${spec.id}: no CloudFormation state machine`);
    const stack = Stack.of(this);
    const machineId = stack.getLogicalId(cfnMachine);
    // cdk-nag renders the ARN as synthesised: a stage with its region and account set has them
    // written out, an environment-agnostic one has the pseudo parameters.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    acknowledge(
      childExecutions,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:<${machineId}.Name>:*]`,
      "The Distributed Map describes and stops its own child executions, whose names Step Functions makes up: the machine's executions (`execution:<machine>:*`), nothing else.",
    );

    for (const pass of props.passes) {
      new CrmSchedule(this, pass.id, {
        description: pass.description,
        expression: pass.expression,
        target: { kind: 'stateMachine', machine, input: { ...passMachineInput(pass) } },
        undelivered: props.undelivered,
      });
    }
  }
}
