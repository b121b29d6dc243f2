import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { parseStage } from '../../infra/stage.js';
import type { CapabilityDefinition, FunctionSpec } from '../../shared/capability/types.js';
import { defineEvent } from '../../shared/events/define.js';
import { idField } from '../../shared/events/fields.js';
import { stubCapability } from '../support/capability-fixtures.js';
import { appTemplate, logicalId, referencedIds, roleStatements } from './support.js';

// A small capability that wires every kind of resource in isolation: rules to a function and
// to a state machine (no real capability's rule targets a state machine yet), a schedule, a
// state machine and the outbox relay. Entries point at an existing handler.
const entry = 'functions/platform/handlers/api.ts';
const fn = (id: string, extra: Partial<FunctionSpec> = {}): FunctionSpec => ({
  id,
  entry,
  memoryMb: 256,
  timeoutSeconds: 10,
  tables: [],
  ...extra,
});
const ThingHappened = defineEvent(
  'crm.probe',
  'ThingHappened',
  { thingId: idField },
  'A thing happened (test only).',
);
const thingPattern = { source: ['crm.probe'], 'detail-type': ['ThingHappened'] };
const probe: CapabilityDefinition = stubCapability({
  name: 'probe',
  tables: [
    { id: 'Things', partitionKey: { name: 'pk', type: 'S' }, outboxStream: true, envVar: 'THINGS_TABLE' },
    { id: 'ThingLog', partitionKey: { name: 'pk', type: 'S' }, envVar: 'THING_LOG_TABLE', appendOnly: true },
  ],
  functions: [
    fn('Worker', { tables: [{ table: 'Things', access: 'readWrite' }], startsStateMachines: ['Flow'] }),
    fn('Step', { tables: [{ table: 'ThingLog', access: 'append' }] }),
  ],
  publishes: [ThingHappened],
  subscriptions: [
    {
      id: 'OnThing',
      description: 'Worker reacts',
      events: [ThingHappened],
      target: { kind: 'function', functionId: 'Worker' },
    },
    {
      id: 'OnThingFlow',
      description: 'Flow reacts',
      events: [ThingHappened],
      target: { kind: 'stateMachine', stateMachineId: 'Flow' },
    },
  ],
  schedules: [
    {
      id: 'Tick',
      description: 'Hourly',
      expression: 'rate(1 hour)',
      target: { kind: 'function', functionId: 'Worker', input: { action: 'tick' } },
    },
  ],
  stateMachines: [
    {
      id: 'Flow',
      invokes: ['Step'],
      definition: {
        StartAt: 'Run',
        States: {
          Run: {
            Type: 'Task',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: DefinitionSubstitutions placeholder, not JS.
            Resource: 'arn:${Partition}:states:::lambda:invoke',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: DefinitionSubstitutions placeholder, not JS.
            Parameters: { FunctionName: '${Fn_Step}', 'Payload.$': '$' },
            End: true,
          },
        },
      },
    },
  ],
});

let stack: CrmStack;
let template: Template;
const ids = (name: string): string => {
  const capability = stack.capabilities.find((entry) => entry.definition.name === 'probe');
  const found = capability?.functions.get(name) ?? capability?.relays[0]?.function;
  if (!found) throw new Error(name);
  return logicalId(found.fn);
};

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false, capabilities: [probe] }).stack;
  template = appTemplate(stack);
});

describe('rules', () => {
  it('puts each subscription on the platform bus as a rule whose pattern is generated from the events, with a DLQ and retries', () => {
    const busId = logicalId(stack.platform.bus);
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties.EventPattern).toEqual(thingPattern);
      expect(referencedIds(rule.Properties.EventBusName).has(busId)).toBe(true);
      const [target] = rule.Properties.Targets;
      expect(target.DeadLetterConfig.Arn).toBeDefined();
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 });
    }
  });

  it('targets the named function and the named state machine', () => {
    const targets = Object.values(template.findResources('AWS::Events::Rule')).map((rule) =>
      referencedIds(rule.Properties.Targets[0].Arn),
    );
    const flowId = logicalId(stack.capabilities[0]?.stateMachines.get('Flow')?.machine ?? stack);
    expect(targets.some((refs) => refs.has(ids('Worker')))).toBe(true);
    expect(targets.some((refs) => refs.has(flowId))).toBe(true);
  });
});

describe('schedules', () => {
  it('runs in UTC with retries, a DLQ and the input the definition declares', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      Target: Match.objectLike({
        Input: JSON.stringify({ action: 'tick' }),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      }),
    });
  });
});

describe('state machines', () => {
  it('substitutes the partition and function ARNs and may invoke only those functions', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine?.Properties.StateMachineType).toBe('STANDARD');
    expect(machine?.Properties.DefinitionSubstitutions).toEqual({
      Partition: { Ref: 'AWS::Partition' },
      Fn_Step: { 'Fn::GetAtt': [ids('Step'), 'Arn'] },
    });
    expect(machine?.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ERROR',
      IncludeExecutionData: false,
    });
    expect(machine?.Properties.TracingConfiguration).toEqual({ Enabled: true });
    const roleId = [...referencedIds(machine?.Properties.RoleArn)][0] ?? '';
    const invoked = roleStatements(template, roleId)
      .filter((statement) => JSON.stringify(statement.Action).includes('lambda:InvokeFunction'))
      .map((statement) => statement.Resource);
    expect(invoked).toEqual([{ 'Fn::GetAtt': [ids('Step'), 'Arn'] }]);
  });

  it('tells a starting function the machine ARN and lets it start executions', () => {
    const worker = template.findResources('AWS::Lambda::Function')[ids('Worker')];
    expect(worker?.Properties.Environment.Variables.STATE_MACHINE_FLOW_ARN).toBeDefined();
    expect(worker?.Properties.Environment.Variables.THINGS_TABLE).toBeDefined();
  });
});

describe('outbox relay', () => {
  it('reads new OUTBOX items from the stream with partial-batch failures and a failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { entityType: { S: ['OUTBOX'] } } },
            }),
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });
});

describe('validation', () => {
  it('accepts dev and prod and rejects any other stage with the allowed values', () => {
    expect(parseStage('dev')).toBe('dev');
    expect(parseStage('prod')).toBe('prod');
    expect(() => parseStage('qa')).toThrow(/dev\|prod/);
    expect(() => parseStage(undefined)).toThrow(/stage=dev\|prod/);
  });

  it('refuses read-write access to an append-only table', () => {
    const bad: CapabilityDefinition = {
      ...probe,
      functions: [fn('Worker', { tables: [{ table: 'ThingLog', access: 'readWrite' }] })],
      subscriptions: [],
      schedules: [],
      stateMachines: [],
    };
    expect(() => buildApp({ stage: 'dev', bundle: false, capabilities: [bad] })).toThrow(/append-only/);
  });
});
