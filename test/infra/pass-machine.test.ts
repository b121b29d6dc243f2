import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import type { CapabilityDefinition, FunctionSpec, PassSpec } from '../../shared/capability/types.js';
import { passMachineInput } from '../../shared/workflows/pass.js';
import { stubCapability } from '../support/capability-fixtures.js';
import {
  actions,
  appTemplate,
  findings,
  logicalId,
  referencedIds,
  roleStatements,
  signalAlarms,
} from './support.js';

// A capability with two passes on two workers, and nothing else that starts a state machine.
const entry = 'functions/platform/handlers/api.ts';
const fn = (id: string): FunctionSpec => ({ id, entry, memoryMb: 256, timeoutSeconds: 900, tables: [] });
const nightly: PassSpec = {
  id: 'NightlyCount',
  description: 'Counts every thing.',
  expression: 'cron(0 17 * * ? *)',
  functionId: 'Counter',
  job: 'count',
  segments: 16,
  maxConcurrency: 4,
};
const weekly: PassSpec = {
  ...nightly,
  id: 'WeeklySweep',
  expression: 'cron(0 18 ? * SUN *)',
  functionId: 'Sweeper',
  job: 'sweep',
};
const probe: CapabilityDefinition = stubCapability({
  name: 'probe',
  functions: [fn('Counter'), fn('Sweeper'), fn('Bystander')],
  passes: [nightly, weekly],
});

let stack: CrmStack;
let template: Template;
let capability: CapabilityConstruct;
let machineId: string;

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false, capabilities: [probe] }).stack;
  template = appTemplate(stack);
  const found = stack.capabilities.find((candidate) => candidate.definition.name === 'probe');
  if (found === undefined) throw new Error('no probe capability');
  capability = found;
  const machine = capability.stateMachines.get('ProbePasses');
  if (machine === undefined) throw new Error('no pass machine');
  machineId = logicalId(machine.machine);
});

const functionId = (id: string): string => {
  const found = capability.functions.get(id);
  if (found === undefined) throw new Error(id);
  return logicalId(found.fn);
};

describe('the pass machine of a capability', () => {
  it('is one standard machine fanning the segments out in a distributed map of standard child executions', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(machines)).toEqual([machineId]);
    const machine = machines[machineId];
    expect(machine?.Properties.StateMachineType).toBe('STANDARD');
    const definition = JSON.parse(String(machine?.Properties.DefinitionString));
    const substitutions = machine?.Properties.DefinitionSubstitutions;
    expect(referencedIds(substitutions.Fn_Counter)).toEqual(new Set([functionId('Counter')]));
    expect(referencedIds(substitutions.Fn_Sweeper)).toEqual(new Set([functionId('Sweeper')]));
    expect(definition.States.RunSegments).toMatchObject({
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      MaxConcurrencyPath: '$.maxConcurrency',
      ToleratedFailurePercentage: 100,
    });
  });

  it('may invoke exactly its workers, start its own child executions and describe or stop only those', () => {
    const role = logicalId(capability.stateMachines.get('ProbePasses')?.machine.role ?? stack);
    const allowed = roleStatements(template, role).filter((statement) => statement.Effect === 'Allow');
    const invoke = allowed.filter((statement) => actions(statement).includes('lambda:InvokeFunction'));
    expect(new Set(invoke.flatMap((statement) => [...referencedIds(statement.Resource)]))).toEqual(
      new Set([functionId('Counter'), functionId('Sweeper')]),
    );
    const start = allowed.filter((statement) => actions(statement).includes('states:StartExecution'));
    expect(start.map((statement) => statement.Resource)).toEqual([{ Ref: machineId }]);
    const children = allowed.filter((statement) => actions(statement).includes('states:DescribeExecution'));
    expect(children).toHaveLength(1);
    expect(actions(children[0] ?? { Effect: 'Allow', Action: [] }).sort()).toEqual([
      'states:DescribeExecution',
      'states:StopExecution',
    ]);
    const resource = JSON.stringify(children[0]?.Resource);
    expect(resource).toContain(':execution:');
    expect(resource).toContain(`"Fn::GetAtt":["${machineId}","Name"]`);
    expect(resource).toMatch(/:\*"\]\]\}$/);
  });

  it('holds no circular reference: the map rights are a policy of their own that the machine does not wait for', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const mapPolicy = Object.entries(policies).find(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('states:StopExecution'),
    );
    if (mapPolicy === undefined) throw new Error('no distributed map policy');
    const [mapPolicyId, body] = mapPolicy;
    expect(referencedIds(body.Properties.PolicyDocument).has(machineId)).toBe(true);
    const machine = template.findResources('AWS::StepFunctions::StateMachine')[machineId];
    expect(machine?.DependsOn ?? []).not.toContain(mapPolicyId);
    expect(referencedIds(machine?.Properties).has(mapPolicyId)).toBe(false);
  });

  it("starts it on each pass's cron with the pass's input, through the capability's Scheduler role", () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression).sort()).toEqual(
      [nightly.expression, weekly.expression].sort(),
    );
    const schedulerRole = logicalId(capability.undelivered?.schedulerRole ?? stack);
    for (const pass of [nightly, weekly]) {
      const schedule = schedules.find(
        (candidate) => candidate.Properties.ScheduleExpression === pass.expression,
      );
      expect(schedule?.Properties.ScheduleExpressionTimezone).toBe('Etc/UTC');
      expect(schedule?.Properties.Target.Arn).toEqual({ Ref: machineId });
      expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual(passMachineInput(pass));
      expect(schedule?.Properties.Target.RoleArn).toEqual({ 'Fn::GetAtt': [schedulerRole, 'Arn'] });
      expect(schedule?.Properties.Target.DeadLetterConfig.Arn).toBeDefined();
    }
    const starts = roleStatements(template, schedulerRole).filter((statement) =>
      actions(statement).includes('states:StartExecution'),
    );
    expect(starts.map((statement) => statement.Resource)).toEqual([{ Ref: machineId }]);
  });

  it("keeps the workers' dead-letter queues (a customer that fails is dead-lettered there)", () => {
    for (const id of ['Counter', 'Sweeper']) {
      expect(capability.functions.get(id)?.deadLetterQueue, id).toBeDefined();
    }
  });

  it('is watched by the capability’s failed-executions alarm, and passes cdk-nag', () => {
    const alarms = signalAlarms(template, capability, 'ExecutionsFailedOrTimedOut');
    expect(alarms.flatMap((alarm) => alarm.metrics.map((metric) => metric.target))).toContain(machineId);
    expect(findings(stack)).toEqual([]);
  });
});
