// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL definitions carry literal ${Partition} and ${Fn_<id>} placeholders.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilities } from '../../functions/capabilities.js';
import { buildApp } from '../../infra/build-app.js';
import { functionIdFromArn } from '../../infra/local/asl.js';
import { ClockTimers } from '../../infra/local/timers.js';
import { buildLocalTopology, type LocalTopology } from '../../infra/local/topology.js';
import { OUTBOX_STREAM_FILTER, outboxRelaySpec } from '../../shared/capability/outbox-relay.js';
import { ControlledClock } from '../../shared/time/clock.js';
import { appTemplate } from './support.js';

// Parity (docs/architecture.md §11): every route, rule and state machine in the synthesised
// template is served by the local cloud, and vice versa. The local side is
// built by the same function the running local cloud uses (buildLocalTopology).

type Resources = Record<string, { Properties?: Record<string, unknown> }>;

let template: Template;
let local: LocalTopology;

beforeAll(() => {
  const { stack } = buildApp({ stage: 'dev', bundle: false });
  template = appTemplate(stack);
  const clock = new ControlledClock();
  local = buildLocalTopology(capabilities, { clock, timers: new ClockTimers(clock) });
});

const resources = (type: string): Resources => template.findResources(type) as Resources;
const properties = (type: string) =>
  Object.values(resources(type)).map((resource) => resource.Properties ?? {});
const sorted = (values: string[]) => [...values].sort();

/** `${Fn_X}` (template) and local function ARNs both become `<fn:X>`; `${Partition}` becomes aws. */
function canonicalDefinition(definition: unknown): string {
  const text = JSON.stringify(definition)
    .replaceAll('${Partition}', 'aws')
    .replace(/\$\{Fn_([A-Za-z0-9]+)\}/g, '<fn:$1>')
    .replace(/arn:aws:lambda:[^"]*?:function:[A-Za-z0-9]+/g, (arn) => `<fn:${functionIdFromArn(arn)}>`);
  return JSON.stringify(sortKeys(JSON.parse(text)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

interface KeyElement {
  AttributeName: string;
  KeyType: string;
}

function keyShape(keys: unknown, types: Map<string, string>): string {
  return ((keys ?? []) as KeyElement[])
    .map((key) => `${key.AttributeName}:${types.get(key.AttributeName)}:${key.KeyType}`)
    .join(',');
}

/** A table's keys, indexes, stream and TTL as one comparable string. */
function tableShape(table: Record<string, unknown>): string {
  const definitions = (table.AttributeDefinitions ?? []) as {
    AttributeName: string;
    AttributeType: string;
  }[];
  const types = new Map(
    definitions.map((definition) => [definition.AttributeName, definition.AttributeType]),
  );
  const indexes = ((table.GlobalSecondaryIndexes ?? []) as Record<string, unknown>[])
    .map((index) => {
      const projection =
        (index.Projection as { ProjectionType?: string } | undefined)?.ProjectionType ?? 'ALL';
      return `${String(index.IndexName)}(${keyShape(index.KeySchema, types)};${projection})`;
    })
    .sort()
    .join(' ');
  const stream =
    (table.StreamSpecification as { StreamViewType?: string } | undefined)?.StreamViewType ?? 'none';
  const ttl =
    (table.TimeToLiveSpecification as { AttributeName?: string } | undefined)?.AttributeName ?? 'none';
  return `keys=${keyShape(table.KeySchema, types)} gsi=[${indexes}] stream=${stream} ttl=${ttl}`;
}

describe('parity between the CDK template and the local cloud', () => {
  it('serves exactly the API routes of the template, with the same authorization', () => {
    const authorizedOf = (route: Record<string, unknown>) => route.AuthorizationType === 'JWT';
    const deployed = properties('AWS::ApiGatewayV2::Route').map(
      (route) => `${String(route.RouteKey)} auth=${authorizedOf(route)}`,
    );
    const served = local.listRoutes().map((route) => `${route.routeKey} auth=${route.authorized}`);
    expect(served.length).toBeGreaterThan(0);
    expect(sorted(served)).toEqual(sorted(deployed));
  });

  it('routes with exactly the event patterns of the template rules', () => {
    const deployed = properties('AWS::Events::Rule')
      .filter((rule) => rule.EventPattern !== undefined)
      .map((rule) => JSON.stringify(sortKeys(rule.EventPattern)));
    const served = local.listRules().map((rule) => JSON.stringify(sortKeys(rule.eventPattern)));
    expect(sorted(served)).toEqual(sorted(deployed));
  });

  it('runs exactly the state machine definitions of the template', () => {
    const deployed = properties('AWS::StepFunctions::StateMachine').map((machine) => {
      expect(typeof machine.DefinitionString).toBe('string');
      return canonicalDefinition(JSON.parse(String(machine.DefinitionString)));
    });
    const served = local.listStateMachines().map((machine) => canonicalDefinition(machine.definition));
    expect(served.length).toBeGreaterThan(0);
    expect(sorted(served)).toEqual(sorted(deployed));
  });

  it('creates tables with the keys, indexes, streams and TTL of the template', () => {
    const deployed = [...properties('AWS::DynamoDB::Table'), ...properties('AWS::DynamoDB::GlobalTable')].map(
      tableShape,
    );
    const served = local.tables.map(({ spec, create }) =>
      tableShape({
        ...create,
        ...(spec.timeToLiveAttribute
          ? { TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute } }
          : {}),
      }),
    );
    expect(served.length).toBeGreaterThan(0);
    expect(sorted(served)).toEqual(sorted(deployed));
  });

  it('fires the schedules of the template', () => {
    const deployed = [
      ...properties('AWS::Scheduler::Schedule').map((schedule) => String(schedule.ScheduleExpression)),
      ...properties('AWS::Events::Rule')
        .filter((rule) => rule.ScheduleExpression !== undefined)
        .map((rule) => String(rule.ScheduleExpression)),
    ];
    const served = local.scheduler.list().map((schedule) => schedule.expression);
    expect(sorted(served)).toEqual(sorted(deployed));
  });

  it('relays every outbox stream like the template: same relay function spec and stream filter', () => {
    const mappings = properties('AWS::Lambda::EventSourceMapping').filter(
      (mapping) => mapping.FilterCriteria,
    );
    const patterns = mappings.flatMap((mapping) =>
      ((mapping.FilterCriteria as { Filters?: { Pattern: string }[] }).Filters ?? []).map((filter) =>
        JSON.parse(filter.Pattern),
      ),
    );
    expect(local.relays).toHaveLength(mappings.length);
    for (const pattern of patterns) expect(pattern).toEqual(OUTBOX_STREAM_FILTER);
    // Each mapping feeds the relay function of its table, the one the local cloud runs.
    const functionNames = mappings.map((mapping) => JSON.stringify(mapping.FunctionName));
    expect(local.relays.length).toBeGreaterThan(0);
    for (const { tableId, functionId } of local.relays) {
      expect(functionId).toBe(outboxRelaySpec(tableId).id);
      expect(functionNames.some((name) => name.includes(functionId))).toBe(true);
    }
  });
});
