import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { ClockTimers } from '../../infra/local/timers.js';
import { buildLocalTopology } from '../../infra/local/topology.js';
import type { CoalescedWork } from '../../infra/platform/coalesced-work.js';
import { ControlledClock } from '../../shared/time/clock.js';
import { talliesCapability } from '../fixtures/tallies/index.js';
import {
  actions,
  appTemplate,
  findings,
  logicalId,
  referencedIds,
  roleStatements,
  type Statement,
  signalAlarms,
} from './support.js';

// The platform's part of a coalesced work (docs/architecture.md, "Coalesced work"), shown on the
// test-only `tallies` capability (test/fixtures/tallies): a FIFO queue feeding TalliesWorker,
// requested by TalliesConsumer, with the longest delay TALLYING_MAX_DELAY_SECONDS.
type Resource = { Properties: Record<string, unknown> };

function synthesise(capabilitySettings: Readonly<Record<string, string>> = {}) {
  const { stack } = buildApp({
    stage: 'dev',
    bundle: false,
    capabilities: [talliesCapability],
    capabilitySettings,
  });
  const tallies = stack.capabilities.find((capability) => capability.definition.name === 'tallies');
  const work = tallies?.coalescedWork.get('Tallying');
  if (tallies === undefined || work === undefined) throw new Error('the Tallying work was not built');
  return { stack, template: appTemplate(stack), tallies, work };
}

let stack: CrmStack;
let template: Template;
let tallies: CapabilityConstruct;
let work: CoalescedWork;

beforeAll(() => {
  ({ stack, template, tallies, work } = synthesise());
});

function resource(type: string, id: string): Resource {
  const found = template.findResources(type)[id] as Resource | undefined;
  if (found === undefined) throw new Error(`${type} ${id} is not in the template`);
  return found;
}

/** Environment variables of the capability's functions that hold the work queue's URL. */
function queueVariables(): string[] {
  const queueId = logicalId(work.queue);
  return [...tallies.functions.values()].flatMap((fn) => {
    const environment = resource('AWS::Lambda::Function', logicalId(fn.fn)).Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    return Object.entries(environment.Variables)
      .filter(([, value]) => referencedIds(value).has(queueId))
      .map(([name]) => name);
  });
}

function statementsOf(functionId: string): Statement[] {
  const fn = tallies.functions.get(functionId);
  if (fn === undefined) throw new Error(`no function ${functionId}`);
  return roleStatements(template, logicalId(fn.role));
}

const onQueue = (statements: Statement[], queueId: string) =>
  statements.filter((statement) => referencedIds(statement.Resource).has(queueId));

describe('a coalesced work in the stack', () => {
  it('is a high-throughput FIFO queue under the data key, its requests moved to a FIFO dead-letter queue after 5 receives', () => {
    const queueId = logicalId(work.queue);
    const deadLetterId = logicalId(work.deadLetterQueue);
    const keyId = logicalId(stack.platform.dataKey);
    const queue = resource('AWS::SQS::Queue', queueId).Properties;
    expect(queue).toMatchObject({
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      // Six times the worker's timeout (10 s): a batch in progress is never given out twice.
      VisibilityTimeout: 60,
      MessageRetentionPeriod: 86_400,
      RedrivePolicy: { maxReceiveCount: 5 },
    });
    expect(queue).not.toHaveProperty('ContentBasedDeduplication');
    expect(referencedIds(queue.KmsMasterKeyId).has(keyId)).toBe(true);
    expect(referencedIds(queue.RedrivePolicy).has(deadLetterId)).toBe(true);
    const deadLetters = resource('AWS::SQS::Queue', deadLetterId).Properties;
    expect(deadLetters).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 86_400 });
    expect(referencedIds(deadLetters.KmsMasterKeyId).has(keyId)).toBe(true);
  });

  it("puts both queues under the capability's one TLS-only queue policy", () => {
    const policy = resource('AWS::SQS::QueuePolicy', logicalId(tallies.nestedQueuePolicy)).Properties;
    const queues = referencedIds(policy.Queues);
    expect(queues.has(logicalId(work.queue))).toBe(true);
    expect(queues.has(logicalId(work.deadLetterQueue))).toBe(true);
    expect(JSON.stringify(policy.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('feeds the worker in batches of 10 with partial batch failures, at most maxConcurrency batches at once', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
    const fed = mappings.filter((mapping) =>
      referencedIds(mapping.Properties.EventSourceArn).has(logicalId(work.queue)),
    );
    expect(fed).toHaveLength(1);
    expect(fed[0]?.Properties).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(fed[0]?.Properties).not.toHaveProperty('MaximumBatchingWindowInSeconds');
    const worker = tallies.functions.get('TalliesWorker');
    expect(referencedIds(fed[0]?.Properties.FunctionName).has(logicalId(worker?.fn ?? stack))).toBe(true);
  });

  it('lets the worker only read the queue (decrypting through SQS for it alone) and the sender only send, with the URL', () => {
    const queueId = logicalId(work.queue);
    const worker = statementsOf('TalliesWorker');
    const sender = statementsOf('TalliesConsumer');
    expect(onQueue(worker, queueId).flatMap(actions).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(onQueue(sender, queueId).flatMap(actions)).toEqual(['sqs:SendMessage']);
    // Decrypt only, only through SQS, only for this queue's messages.
    const keyForQueue = worker.filter((statement) => referencedIds(statement.Condition).has(queueId));
    expect(keyForQueue.flatMap(actions)).toEqual(['kms:Decrypt']);
    expect(JSON.stringify(keyForQueue[0]?.Condition)).toContain('kms:ViaService');
    expect(JSON.stringify(keyForQueue[0]?.Condition)).toContain('kms:EncryptionContext:aws:sqs:arn');
    const senderFn = resource(
      'AWS::Lambda::Function',
      logicalId(tallies.functions.get('TalliesConsumer')?.fn ?? stack),
    );
    const variables = (senderFn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(referencedIds(variables.TALLYING_QUEUE_URL).has(queueId)).toBe(true);
    const workerFn = resource(
      'AWS::Lambda::Function',
      logicalId(tallies.functions.get('TalliesWorker')?.fn ?? stack),
    );
    const workerVariables = (workerFn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(workerVariables).not.toHaveProperty('TALLYING_QUEUE_URL');
    // Its own dead-letter queue takes the messages that are not requests.
    expect(workerVariables).toHaveProperty('DEAD_LETTER_QUEUE_URL');
    expect(workerVariables.TALLYING_MAX_DELAY_SECONDS).toBe('60');
  });

  it('alarms on its dead letters and on a request older than the longest delay (the setting, 60 s by default)', () => {
    const deadLetters = signalAlarms(template, tallies, 'DeadLetters').flatMap((alarm) => alarm.metrics);
    expect(deadLetters.map((metric) => metric.target)).toContain(logicalId(work.deadLetterQueue));
    const [delayed, ...more] = signalAlarms(template, tallies, 'CoalescedWorkDelayed');
    expect(more).toEqual([]);
    expect(delayed?.metrics).toMatchObject([
      { metricName: 'ApproximateAgeOfOldestMessage', stat: 'Maximum', target: logicalId(work.queue) },
    ]);
    expect(delayed?.expression).toBe(`FILL(${delayed?.metrics[0]?.id}, 0) / 60`);
    expect([delayed?.threshold, delayed?.comparison]).toEqual([1, 'GreaterThanOrEqualToThreshold']);
  });

  it('alarms at the longest delay a bank sets, and refuses one the worker would refuse', () => {
    const slower = synthesise({ TALLYING_MAX_DELAY_SECONDS: '300' });
    const [delayed] = signalAlarms(slower.template, slower.tallies, 'CoalescedWorkDelayed');
    expect(delayed?.expression).toMatch(/ \/ 300$/);
    expect(() => synthesise({ TALLYING_MAX_DELAY_SECONDS: '0' })).toThrow(/TALLYING_MAX_DELAY_SECONDS/);
  });

  it('is served by the local cloud alike: a FIFO queue feeding the same worker, as many batches at once, its URL in the same variable', () => {
    // Prepare: the local side, built by the function the running local cloud uses.
    const clock = new ControlledClock();
    const local = buildLocalTopology([talliesCapability], { clock, timers: new ClockTimers(clock) });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
    const functionIdOf = (ref: unknown) =>
      [...tallies.functions].find(([, fn]) => referencedIds(ref).has(logicalId(fn.fn)))?.[0];
    const deployed = mappings
      .filter((mapping) => referencedIds(mapping.Properties.EventSourceArn).has(logicalId(work.queue)))
      .map((mapping) => ({
        fifo: true,
        functionId: functionIdOf(mapping.Properties.FunctionName),
        maxConcurrency: (mapping.Properties.ScalingConfig as { MaximumConcurrency: number })
          .MaximumConcurrency,
        envVar: queueVariables().join(),
      }));

    // Act
    const served = local.listWorkQueues().map((queue) => ({
      fifo: queue.queueName.endsWith('.fifo'),
      functionId: queue.functionId,
      maxConcurrency: queue.maxConcurrency,
      envVar: queue.envVar,
    }));

    // Assess
    expect(served).toEqual(deployed);
  });

  it('passes cdk-nag with nothing new to acknowledge', () => {
    expect(findings(tallies)).toEqual([]);
  });
});
