import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { allows } from './iam-simulator.js';
import { appTemplate, deployedFunctions, logicalId, roleStatements } from './support.js';

/**
 * The ComplaintHandling workflow as deployed: a Standard state machine whose tasks run in
 * ComplaintsWorkflowTasks only, started by the consumer only, and whose task tokens only the
 * complaints functions that answer human steps may answer; a breach alarms at once.
 */
let stack: CrmStack;
let template: Template;

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false }).stack;
  template = appTemplate(stack);
});

function complaints() {
  const found = stack.capabilities.find((entry) => entry.definition.name === 'complaints');
  if (found === undefined) throw new Error('the complaints capability is not deployed');
  return found;
}

function machineRef(capability: string, id: string): { Ref: string } {
  const found = stack.capabilities
    .find((entry) => entry.definition.name === capability)
    ?.stateMachines.get(id)?.machine;
  if (found === undefined) throw new Error(`no state machine ${id}`);
  return { Ref: logicalId(found) };
}

describe('the ComplaintHandling state machine', () => {
  it('is a Standard state machine whose tasks are ComplaintsWorkflowTasks, and no other function', () => {
    const machine = complaints().stateMachines.get('ComplaintHandling')?.machine;
    if (machine === undefined) throw new Error('no ComplaintHandling');
    const resource = template.findResources('AWS::StepFunctions::StateMachine')[logicalId(machine)];
    const tasks = complaints().functions.get('ComplaintsWorkflowTasks');
    if (tasks === undefined) throw new Error('no ComplaintsWorkflowTasks');

    expect(resource?.Properties.StateMachineType).toBe('STANDARD');
    expect(Object.keys(resource?.Properties.DefinitionSubstitutions ?? {})).toEqual(
      expect.arrayContaining(['Fn_ComplaintsWorkflowTasks']),
    );
    expect(JSON.stringify(resource?.Properties.DefinitionSubstitutions)).toContain(logicalId(tasks.fn));
    const definition = String(resource?.Properties.DefinitionString);
    expect(definition).toContain('waitForTaskToken');
    expect(definition).toContain('Complaint.DeadlinesChanged');
  });

  it('is started only by the consumer, and its tokens answered only by the functions that take human steps', () => {
    const complaintHandling = machineRef('complaints', 'ComplaintHandling');
    const periodicReview = machineRef('customers', 'PeriodicReview');
    const answerers = new Set(['ComplaintsApi', 'ComplaintsWorkflowTasks', 'ComplaintsConsumer']);
    const complaintFunctions = deployedFunctions(stack).filter((entry) => entry.capability === 'complaints');
    expect(complaintFunctions.length).toBeGreaterThan(0);
    for (const entry of complaintFunctions) {
      const policy = roleStatements(template, entry.roleLogicalId);
      expect(
        allows(policy, { action: 'states:StartExecution', resource: complaintHandling }),
        `${entry.spec.id} starts`,
      ).toBe(entry.spec.id === 'ComplaintsConsumer');
      for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure']) {
        expect(allows(policy, { action, resource: complaintHandling }), `${entry.spec.id} ${action}`).toBe(
          answerers.has(entry.spec.id),
        );
        // Attack: answering another capability's workflow.
        expect(allows(policy, { action, resource: periodicReview }), `${entry.spec.id} review`).toBe(false);
      }
    }
  });

  it('alarms at the first SLA breach, on the metric the workflow tasks emit', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FinCrm',
      MetricName: 'ComplaintSlaBreaches',
      Dimensions: [{ Name: 'service', Value: 'complaints' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
  });
});
