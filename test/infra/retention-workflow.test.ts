import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { allows } from './iam-simulator.js';
import {
  appTemplate,
  type DeployedFunction,
  deployedFunctions,
  logicalId,
  referencedIds,
  roleStatements,
} from './support.js';

/**
 * The RetentionCase workflow as deployed (docs/domain-rules.md §20.5): a Standard state machine
 * whose tasks run in RetentionWorkflowTasks only, started by the consumer and the jobs only, and
 * whose task tokens only the API and the tasks may answer; the uncontacted cases alarm; the
 * retention audit table append-only for the functions that write it.
 */
let stack: CrmStack;
let template: Template;
let retention: CapabilityConstruct;
let functions: DeployedFunction[];

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false }).stack;
  template = appTemplate(stack);
  const found = stack.capabilities.find((entry) => entry.definition.name === 'retention');
  if (found === undefined) throw new Error('the retention capability is not deployed');
  retention = found;
  functions = deployedFunctions(stack).filter((entry) => entry.capability === 'retention');
});

function machineRef(capability: string, id: string): { Ref: string } {
  const found = stack.capabilities
    .find((entry) => entry.definition.name === capability)
    ?.stateMachines.get(id)?.machine;
  if (found === undefined) throw new Error(`no state machine ${id}`);
  return { Ref: logicalId(found) };
}

describe('the RetentionCase state machine', () => {
  it('is a Standard state machine whose tasks are RetentionWorkflowTasks, and no other function', () => {
    const machine = retention.stateMachines.get('RetentionCase');
    const tasks = retention.functions.get('RetentionWorkflowTasks');
    if (machine === undefined || tasks === undefined) throw new Error('no RetentionCase or its tasks');
    const resource = template.findResources('AWS::StepFunctions::StateMachine')[logicalId(machine.machine)];

    expect(resource?.Properties.StateMachineType).toBe('STANDARD');
    expect(resource?.Properties.DefinitionSubstitutions).toEqual({
      Partition: { Ref: 'AWS::Partition' },
      Fn_RetentionWorkflowTasks: { 'Fn::GetAtt': [logicalId(tasks.fn), 'Arn'] },
    });
    expect(String(resource?.Properties.DefinitionString)).toContain('waitForTaskToken');
    // Its role invokes the task function and nothing else.
    const roleId = [...referencedIds(resource?.Properties.RoleArn)][0] ?? '';
    const invoked = roleStatements(template, roleId)
      .filter((statement) => JSON.stringify(statement.Action).includes('lambda:InvokeFunction'))
      .map((statement) => statement.Resource);
    expect(invoked).toEqual([{ 'Fn::GetAtt': [logicalId(tasks.fn), 'Arn'] }]);
    // Its execution logs go to the capability's group, without execution data.
    expect(resource?.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ERROR',
      IncludeExecutionData: false,
    });
    expect([...referencedIds(resource?.Properties.LoggingConfiguration)]).toEqual([
      logicalId(retention.logGroup),
    ]);
  });

  it('is started only by the rescorer and the jobs, and its tokens answered only by the API and the tasks', () => {
    const retentionCase = machineRef('retention', 'RetentionCase');
    const complaintHandling = machineRef('complaints', 'ComplaintHandling');
    const starters = new Set(['RetentionRescorer', 'RetentionJobs']);
    const answerers = new Set(['RetentionApi', 'RetentionWorkflowTasks']);
    expect(functions.map((entry) => entry.spec.id)).toEqual(
      expect.arrayContaining([...starters, ...answerers, 'RetentionAuditAnchor']),
    );
    for (const entry of functions) {
      const policy = roleStatements(template, entry.roleLogicalId);
      expect(
        allows(policy, { action: 'states:StartExecution', resource: retentionCase }),
        `${entry.spec.id} starts`,
      ).toBe(starters.has(entry.spec.id));
      // Attack: starting another capability's workflow.
      expect(allows(policy, { action: 'states:StartExecution', resource: complaintHandling })).toBe(false);
      for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure']) {
        expect(allows(policy, { action, resource: retentionCase }), `${entry.spec.id} ${action}`).toBe(
          answerers.has(entry.spec.id),
        );
        // Attack: answering another capability's workflow.
        expect(allows(policy, { action, resource: complaintHandling }), `${entry.spec.id} complaints`).toBe(
          false,
        );
      }
      // Nobody of retention stops or rewrites an execution.
      for (const action of [
        'states:StopExecution',
        'states:UpdateStateMachine',
        'states:DeleteStateMachine',
      ]) {
        expect(allows(policy, { action, resource: retentionCase }), `${entry.spec.id} ${action}`).toBe(false);
      }
    }
  });

  it('alarms when an open case’s outreach is past due, on the hourly level the jobs emit', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: 'RetentionCasesUncontacted',
      Dimensions: [{ Name: 'service', Value: 'retention' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: Match.anyValue(),
    });
    expect(retention.monitoring.alarms.map((alarm) => alarm.node.id)).toContain(
      'RetentionCasesUncontactedHigh',
    );
  });
});

describe('the retention audit table', () => {
  const inTransaction = { 'dynamodb:EnclosingOperation': 'TransactWriteItems' };

  it('is appended to only inside a transaction, by the API and the workflow tasks, and changed or emptied by nobody', () => {
    const table = retention.tables.get('RetentionAudit');
    if (table === undefined) throw new Error('no RetentionAudit table');
    expect(table.spec.appendOnly).toBe(true);
    const audit = { 'Fn::GetAtt': [logicalId(table.table), 'Arn'] };
    const appenders = new Set(['RetentionApi', 'RetentionWorkflowTasks']);
    for (const entry of functions) {
      const policy = roleStatements(template, entry.roleLogicalId);
      const id = entry.spec.id;
      expect(
        allows(policy, { action: 'dynamodb:PutItem', resource: audit, context: inTransaction }),
        id,
      ).toBe(appenders.has(id));
      // A direct PutItem could overwrite a record: refused to every function, appenders too.
      expect(allows(policy, { action: 'dynamodb:PutItem', resource: audit }), `${id} direct put`).toBe(false);
      for (const action of [
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:PartiQLUpdate',
        'dynamodb:PartiQLDelete',
      ]) {
        for (const context of [{}, inTransaction]) {
          expect(allows(policy, { action, resource: audit, context }), `${id} ${action}`).toBe(false);
        }
      }
    }
  });

  it('is read whole only by the anchor, which writes nothing to it', () => {
    const table = retention.tables.get('RetentionAudit');
    if (table === undefined) throw new Error('no RetentionAudit table');
    const audit = { 'Fn::GetAtt': [logicalId(table.table), 'Arn'] };
    for (const entry of functions) {
      const policy = roleStatements(template, entry.roleLogicalId);
      expect(allows(policy, { action: 'dynamodb:Scan', resource: audit }), entry.spec.id).toBe(
        entry.spec.id === 'RetentionAuditAnchor',
      );
    }
    const anchor = functions.find((entry) => entry.spec.id === 'RetentionAuditAnchor');
    if (anchor === undefined) throw new Error('no RetentionAuditAnchor');
    const policy = roleStatements(template, anchor.roleLogicalId);
    expect(allows(policy, { action: 'dynamodb:PutItem', resource: audit, context: inTransaction })).toBe(
      false,
    );
  });
});
