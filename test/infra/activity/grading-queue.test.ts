import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { activityCapability } from '../../../functions/activity/index.js';
import { buildApp } from '../../../infra/build-app.js';
import type { CapabilityConstruct } from '../../../infra/capability-construct.js';
import { actions, appTemplate, logicalId, referencedIds, roleStatements } from '../support.js';

// Activity's gradings as deployed (docs/architecture.md, "Coalesced work"): the consumer and
// the API request them on the Grading FIFO queue, the grader alone does them.
type Resource = { Properties: Record<string, unknown> };

let template: Template;
let activity: CapabilityConstruct;
let queueId: string;

beforeAll(() => {
  const { stack } = buildApp({ stage: 'dev', bundle: false, capabilities: [activityCapability] });
  const built = stack.capabilities.find((capability) => capability.definition.name === 'activity');
  const queue = built?.coalescedWork.get('Grading')?.queue;
  if (built === undefined || queue === undefined) throw new Error('the Grading work was not built');
  template = appTemplate(stack);
  activity = built;
  queueId = logicalId(queue);
});

function functionOf(functionId: string): Resource & { logicalId: string; roleId: string } {
  const fn = activity.functions.get(functionId);
  if (fn === undefined) throw new Error(`no function ${functionId}`);
  const id = logicalId(fn.fn);
  const found = template.findResources('AWS::Lambda::Function')[id] as Resource | undefined;
  if (found === undefined) throw new Error(`${functionId} is not in the template`);
  return { ...found, logicalId: id, roleId: logicalId(fn.role) };
}

const variablesOf = (functionId: string) =>
  (functionOf(functionId).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

const queueActionsOf = (functionId: string) =>
  roleStatements(template, functionOf(functionId).roleId)
    .filter((statement) => referencedIds(statement.Resource).has(queueId))
    .flatMap(actions)
    .sort();

describe('activity gradings in the stack', () => {
  it('lets the consumer and the batch API only send grading requests, with the queue URL; the daily jobs not at all', () => {
    for (const sender of ['ActivityConsumer', 'ActivityApi']) {
      expect(queueActionsOf(sender)).toEqual(['sqs:SendMessage']);
      expect(referencedIds(variablesOf(sender).GRADING_QUEUE_URL).has(queueId)).toBe(true);
    }
    expect(queueActionsOf('ActivityDailyJobs')).toEqual([]);
    expect(variablesOf('ActivityDailyJobs')).not.toHaveProperty('GRADING_QUEUE_URL');
  });

  it('feeds the grader alone, 10 requests a batch, 20 batches at most, with the longest delay of 60 s', () => {
    const fed = (
      Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[]
    ).filter((mapping) => referencedIds(mapping.Properties.EventSourceArn).has(queueId));
    expect(fed).toHaveLength(1);
    expect(fed[0]?.Properties).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 20 },
    });
    const grader = functionOf('ActivityGrader');
    expect(referencedIds(fed[0]?.Properties.FunctionName).has(grader.logicalId)).toBe(true);
    expect(grader.Properties).toMatchObject({ MemorySize: 512, Timeout: 30 });
    expect(variablesOf('ActivityGrader').GRADING_MAX_DELAY_SECONDS).toBe('60');
    expect(queueActionsOf('ActivityGrader')).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
  });
});
