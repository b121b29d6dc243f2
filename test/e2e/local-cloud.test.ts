// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL definitions carry literal ${Partition} and ${Fn_<id>} placeholders.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, eventCatalogue } from '../../functions/capabilities.js';
import { buildEventCatalogueDocument } from '../../infra/event-catalogue-doc.js';
import { buildOpenApiDocument } from '../../infra/openapi.js';
import { defineEvent } from '../../shared/events/define.js';
import { PROBLEM_TYPE_BASE } from '../../shared/http/problem.js';
import { problemDocumentSchema, validationProblemSchema } from '../../shared/http/problem-schema.js';
import * as z from '../../shared/zod.js';
import { apiClient } from '../support/api-client.js';
import { stubCapability } from '../support/capability-fixtures.js';
import { expectSchema } from '../support/contract.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

// A test-only source of events, and a capability with an outbox table, a subscription and a
// callback workflow whose task function does nothing (the workflow waits for the task token).
const ProbeHappened = defineEvent(
  'e2e.probe',
  'ProbeHappened',
  { level: z.number(), probe: z.string() },
  'A probe of the local bus (test only).',
);
const probe = stubCapability({
  name: 'probe',
  tables: [
    {
      id: 'ProbeOutbox',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      outboxStream: true,
      envVar: 'PROBE_OUTBOX_TABLE',
    },
  ],
  functions: [
    {
      id: 'ProbeTask',
      entry: 'functions/platform/handlers/api.ts',
      memoryMb: 128,
      timeoutSeconds: 3,
      tables: [],
    },
  ],
  subscriptions: [
    {
      id: 'ProbeToWorkflow',
      description: 'Starts the probe workflow for probes of level 2 and more.',
      events: [ProbeHappened],
      detailFilter: { level: [{ numeric: ['>=', 2] }] },
      target: { kind: 'stateMachine', stateMachineId: 'ProbeWorkflow' },
    },
  ],
  stateMachines: [
    {
      id: 'ProbeWorkflow',
      invokes: ['ProbeTask'],
      definition: {
        StartAt: 'AwaitApproval',
        States: {
          AwaitApproval: {
            Type: 'Task',
            Resource: 'arn:${Partition}:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: '${Fn_ProbeTask}', Payload: { 'token.$': '$$.Task.Token' } },
            ResultPath: '$.approval',
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
    },
  ],
});

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ capabilities: [...capabilities, probe] });
});

afterAll(async () => {
  await cloud?.stop();
});

/** Waits (real time, bounded) until `read` returns something. */
async function eventually<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const probeExecutions = () => cloud.stepFunctions.listExecutions('ProbeWorkflow');

describe('the local API', () => {
  it('serves the health check without a token, as an HTTP API Lambda integration', async () => {
    const { data, response } = await apiClient(cloud).GET('/v1/health');
    expect(response.status).toBe(200);
    expect(data).toEqual({ status: 'ok' });
    expect(response.headers.get('apigw-requestid')).toMatch(/\S+/);
  });

  it('serves the OpenAPI document at /docs and the event catalogue’s AsyncAPI document at /docs/events, without a token', async () => {
    const openApi = await api(cloud).get('/docs');
    const events = await api(cloud).get('/docs/events');

    expect(openApi.status).toBe(200);
    expect(openApi.json.openapi).toBe('3.1.0');
    expect(openApi.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toBe('application/json');
    expect(events.json.asyncapi).toBe('3.0.0');
    expect(Object.keys(events.json.channels as object)).toEqual(
      expect.arrayContaining(['crm.customers', 'core-banking']),
    );
    expect(events.body).toEqual(
      JSON.parse(JSON.stringify(buildEventCatalogueDocument(eventCatalogue.definitions))),
    );
  });

  it('answers an unknown path with a 404 problem, and a known path with the wrong method with 405 and Allow', async () => {
    // Requests the typed client cannot make (the document has no such operation): the raw helper.
    const unknown = await api(cloud).call('GET', '/v1/nothing-here');
    const wrongMethod = await api(cloud).call('DELETE', '/v1/health');
    const wrongOnTemplate = await api(cloud).call('DELETE', '/v1/customers/cus_x');

    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
    expect(unknown.body).toMatchObject({
      status: 404,
      code: 'route-not-found',
      type: expect.stringMatching(/\/not-found$/),
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(wrongMethod.body).toMatchObject({ status: 405, code: 'method-not-allowed' });
    expect(wrongOnTemplate.status).toBe(405);
    expect(wrongOnTemplate.headers.allow).toBe('GET, PATCH');
  });

  it('refuses an authorized route without a valid token', async () => {
    for (const token of [undefined, 'not-a-jwt']) {
      const { error, response } = await apiClient(cloud, token).GET('/v1/customers');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    }
  });

  it('accepts a dev token from POST /local/dev-token on an authorized route', async () => {
    const token = await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: '0101' });
    const { data, response } = await apiClient(cloud, token).GET('/v1/customers');
    expect(response.status).toBe(200);
    expect(data?.items).toEqual([]);
  });

  it('moves the clock on POST /local/clock/advance', async () => {
    const before = Date.parse(String((await api(cloud).get('/local/clock')).json.now));
    const advanced = await api(cloud).post('/local/clock/advance', { days: 1 });
    expect(Date.parse(String(advanced.json.now)) - before).toBe(86_400_000);
    expect(cloud.clock.now().toISOString()).toBe(advanced.json.now);
  });
});

describe('the local endpoints’ refusals, problem documents as the API’s are', () => {
  it('answers a dev-token request that breaks the schema with a 422 naming the field', async () => {
    const response = await api(cloud).post('/local/dev-token', { sub: 'x', role: 'root' });

    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = expectSchema(validationProblemSchema, response.body);
    expect(problem).toMatchObject({ type: `${PROBLEM_TYPE_BASE}validation`, code: 'validation' });
    expect(problem.errors.map((error) => error.path)).toEqual(['role']);
  });

  it('answers a body that is not JSON with a 400', async () => {
    const response = await api(cloud).post('/local/clock/advance', '{"days": 1');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(expectSchema(problemDocumentSchema, response.body)).toMatchObject({
      type: `${PROBLEM_TYPE_BASE}bad-request`,
      status: 400,
      code: 'malformed-json',
    });
  });

  it('answers an unknown schedule and an unknown local path with a 404', async () => {
    const schedule = await api(cloud).post('/local/schedules/NoSuchSchedule/run');
    const path = await api(cloud).get('/local/nothing-here');

    for (const response of [schedule, path]) {
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(expectSchema(problemDocumentSchema, response.body)).toMatchObject({
        type: `${PROBLEM_TYPE_BASE}not-found`,
        status: 404,
      });
    }
    expect(schedule.json.code).toBe('schedule-not-found');
  });
});

describe('the bus, Step Functions and the AWS endpoint', () => {
  it('routes POST /local/events to the rule target whose pattern matches, and only that', async () => {
    const response = await api(cloud).post('/local/events', {
      Entries: [
        { Source: 'e2e.probe', DetailType: 'ProbeHappened', Detail: { level: 3, probe: 'events-1' } },
        { Source: 'e2e.probe', DetailType: 'ProbeHappened', Detail: { level: 1, probe: 'events-2' } },
      ],
    });
    expect(response.json.FailedEntryCount).toBe(0);
    await cloud.bus.whenIdle();

    const started = probeExecutions().filter((execution) =>
      JSON.stringify(execution.input).includes('"probe":"events-'),
    );
    expect(started).toHaveLength(1);
    expect(started[0]?.input).toMatchObject({
      source: 'e2e.probe',
      'detail-type': 'ProbeHappened',
      detail: { level: 3 },
    });
  });

  it('refuses a crm.* event put through POST /local/events: only the outbox relays publish our sources', async () => {
    const forged = {
      Source: 'crm.customers',
      DetailType: 'CustomerProfileChanged',
      Detail: { customerId: 'cus_forged', version: 99, branch: 'BJ01', rmId: 'rm-evil' },
    };
    const response = await api(cloud).post('/local/events', { Entries: [forged] });

    expect(response.json).toMatchObject({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'AccessDeniedException' }],
    });
    expect(cloud.bus.recentEvents.some((event) => JSON.stringify(event.detail).includes('cus_forged'))).toBe(
      false,
    );
  });

  it('lets the real SDK clients publish events and answer task tokens through AWS_ENDPOINT_URL_*', async () => {
    const events = new EventBridgeClient({});
    const sfn = new SFNClient({});
    const put = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: process.env.EVENT_BUS_NAME,
            Source: 'e2e.probe',
            DetailType: 'ProbeHappened',
            Detail: JSON.stringify({ level: 5, probe: 'sdk' }),
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    const execution = await eventually(
      () => probeExecutions().find((candidate) => JSON.stringify(candidate.input).includes('"sdk"')),
      'the execution started by the SDK event',
    );
    const task = await eventually(
      () => cloud.stepFunctions.pendingTasks(execution.executionArn)[0],
      'its task',
    );

    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify({ approved: true }) }),
    );
    await cloud.stepFunctions.waitForExecution(execution.executionArn);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));

    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '{}')).toMatchObject({ approval: { approved: true } });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: task.token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('starts executions and fails tasks through the SDK', async () => {
    const sfn = new SFNClient({});
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: process.env.STATE_MACHINE_PROBE_WORKFLOW_ARN,
        name: 'sdk-started',
        input: JSON.stringify({ via: 'sdk' }),
      }),
    );
    const executionArn = started.executionArn ?? '';
    const task = await eventually(() => cloud.stepFunctions.pendingTasks(executionArn)[0], 'the task');

    await sfn.send(
      new SendTaskFailureCommand({ taskToken: task.token, error: 'Probe.Rejected', cause: 'no' }),
    );
    await cloud.stepFunctions.waitForExecution(executionArn);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'FAILED', error: 'Probe.Rejected', cause: 'no' });
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:Nope' }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('relays an outbox item from the table stream to the bus (drain waits for it)', async () => {
    const dynamodb = new DynamoDBClient({});
    const eventId = `evt-${Date.now()}`;
    await dynamodb.send(
      new PutItemCommand({
        TableName: cloud.tables.ProbeOutbox,
        Item: {
          pk: { S: `OUTBOX#${eventId}` },
          sk: { S: 'EVENT' },
          entityType: { S: 'OUTBOX' },
          eventId: { S: eventId },
          source: { S: 'e2e.probe' },
          detailType: { S: 'ProbeHappened' },
          detail: { S: JSON.stringify({ eventId, level: 2, probe: 'outbox' }) },
          createdAt: { S: cloud.clock.now().toISOString() },
          expiresAt: { N: String(Math.floor(cloud.clock.now().getTime() / 1000) + 86_400) },
        },
      }),
    );
    await dynamodb.send(
      new PutItemCommand({
        TableName: cloud.tables.ProbeOutbox,
        Item: { pk: { S: 'NOT-OUTBOX' }, sk: { S: 'x' }, entityType: { S: 'PROFILE' } },
      }),
    );
    dynamodb.destroy();

    await cloud.settle();

    const relayed = cloud.bus.recentEvents.filter((event) => JSON.stringify(event.detail).includes(eventId));
    expect(relayed).toHaveLength(1);
    expect(relayed[0]).toMatchObject({ source: 'e2e.probe', 'detail-type': 'ProbeHappened' });
    expect(probeExecutions().some((execution) => JSON.stringify(execution.input).includes(eventId))).toBe(
      true,
    );
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('lists executions and an empty DLQ over HTTP', async () => {
    const executions = await api(cloud).get('/local/executions');
    const dlq = await api(cloud).get('/local/dlq');
    expect(Array.isArray(executions.json.executions)).toBe(true);
    expect((executions.json.executions as unknown[]).length).toBeGreaterThanOrEqual(3);
    expect(dlq.json).toEqual({ deadLetters: [] });
  });
});

describe('endpoints.json', () => {
  it('is written while the cloud runs and removed when it stops', async () => {
    const file = join(cloud.dataDir, 'endpoints.json');
    const endpoints = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(endpoints).toEqual({
      api: cloud.apiUrl,
      dynamodb: cloud.dynamodbEndpoint,
      awsEmulation: cloud.awsEndpoint,
    });

    await cloud.stop();

    expect(existsSync(file)).toBe(false);
    await expect(fetch(`${cloud.apiUrl}/v1/health`)).rejects.toThrow();
  });
});
