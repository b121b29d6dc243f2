import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilities } from '../../functions/capabilities.js';
import { buildApp } from '../../infra/build-app.js';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { buildOpenApiDocument } from '../../infra/openapi.js';
import { branchesCapability } from '../fixtures/branches/index.js';
import {
  actions,
  appTemplate,
  findings,
  logicalId,
  referencedIds,
  roleStatements,
  signalAlarms,
} from './support.js';

// The smallest capability of docs/architecture.md §12 (test/fixtures/branches), registered
// after the app's own: what the guide says happens "without further work" must happen.
let stack: CrmStack;
let template: Template;
let branches: CapabilityConstruct;

beforeAll(() => {
  stack = buildApp({
    stage: 'dev',
    bundle: false,
    capabilities: [...capabilities, branchesCapability],
  }).stack;
  template = appTemplate(stack);
  const found = stack.capabilities.find((capability) => capability.definition.name === 'branches');
  if (found === undefined) throw new Error('the example capability was not built');
  branches = found;
});

type Resource = { Properties: Record<string, unknown> };
type Operation = { tags?: string[]; responses?: Record<string, unknown> };

function resource(type: string, id: string): Resource {
  const found = template.findResources(type)[id] as Resource | undefined;
  if (found === undefined) throw new Error(`${type} ${id} is not in the template`);
  return found;
}

function variablesOf(functionLogicalId: string): Record<string, unknown> {
  const environment = resource('AWS::Lambda::Function', functionLogicalId).Properties.Environment as
    | { Variables: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
}

describe('the documented example capability, registered with one line', () => {
  it('gets its table on demand, encrypted with the data key, with point-in-time recovery', () => {
    const table = branches.tables.get('Branches');
    expect(table).toBeDefined();
    const properties = resource('AWS::DynamoDB::Table', logicalId(table?.table ?? stack)).Properties;
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(properties.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
  });

  it('gets its function with the table and service name in its environment, and no dead-letter queue: only API Gateway invokes it', () => {
    const fn = branches.functions.get('BranchesApi');
    expect(fn).toBeDefined();
    const variables = variablesOf(logicalId(fn?.fn ?? stack));
    expect(
      referencedIds(variables.BRANCHES_TABLE).has(logicalId(branches.tables.get('Branches')?.table ?? stack)),
    ).toBe(true);
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('branches');
    // Synchronous only (docs/operations.md §5): Lambda has no failed async invocation to keep.
    expect(variables).not.toHaveProperty('DEAD_LETTER_QUEUE_URL');
    expect(fn?.deadLetterQueue).toBeUndefined();
    expect(branches.undelivered).toBeUndefined();
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.filter((id) => id.startsWith('CapabilityBranches'))).toEqual([]);
  });

  it('grants its function reading the table and nothing that writes', () => {
    const fn = branches.functions.get('BranchesApi');
    const tableId = logicalId(branches.tables.get('Branches')?.table ?? stack);
    const statements = roleStatements(template, logicalId(fn?.role ?? stack));
    const onTable = statements.filter((statement) => referencedIds(statement.Resource).has(tableId));
    const granted = onTable.flatMap(actions);
    expect(granted).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(granted.filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]);
  });

  it('serves its route behind the JWT authorizer, and the platform knows it for 405 answers', () => {
    const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find(
      (entry) => entry.Properties.RouteKey === 'GET /v1/branches/{branchCode}',
    ) as Resource | undefined;
    expect(route?.Properties.AuthorizationType).toBe('JWT');
    const platformApi = stack.capabilities
      .find((capability) => capability.definition.name === 'platform')
      ?.functions.get('PlatformApi');
    const keys = String(variablesOf(logicalId(platformApi?.fn ?? stack)).API_ROUTE_KEYS).split(';');
    expect(keys).toContain('GET /v1/branches/{branchCode}');
  });

  it('is watched: errors, throttles or p99 duration near the timeout, and API 500s alarmed, on its own dashboard', () => {
    const alarmIds = branches.monitoring.alarms.map((alarm) => alarm.node.id).sort();
    // No DeadLetters: the capability has no queue.
    expect(alarmIds).toEqual(['ApiServerErrors', 'FunctionErrors', 'ThrottlesOrNearTimeout'].sort());
    // Its own function and queue, in its own alarms: nothing of another capability's.
    const fn = branches.functions.get('BranchesApi');
    expect(signalAlarms(template, branches, 'FunctionErrors').flatMap((alarm) => alarm.metrics)).toEqual([
      expect.objectContaining({ metricName: 'Errors', target: logicalId(fn?.fn ?? stack) }),
    ]);
    const dashboard = resource('AWS::CloudWatch::Dashboard', logicalId(branches.monitoring.dashboard));
    expect(dashboard.Properties.DashboardName).toBe('fincrm-dev-branches');
  });

  it('passes cdk-nag with no finding of its own', () => {
    expect(findings(branches)).toEqual([]);
  });

  it('is documented in the OpenAPI document with its schema, example, roles and problems', () => {
    const document = buildOpenApiDocument([...capabilities, branchesCapability]);
    const paths = document.paths as Record<string, Record<string, Operation>>;
    const operation = paths['/v1/branches/{branchCode}']?.get;
    expect(operation?.tags).toEqual(['branches']);
    expect(JSON.stringify(operation?.responses?.['200'])).toContain('"BJ01"');
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '404']),
    );
  });
});
