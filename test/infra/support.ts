import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { CapabilityConstruct } from '../../infra/capability-construct.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import type { CrmFunction } from '../../infra/platform/crm-function.js';
import type { FunctionSpec } from '../../shared/capability/types.js';

/** The front end's OAuth URLs a prod stack needs (prod refuses local and plain-http ones). */
export const PROD_SIGN_IN = {
  callbackUrls: ['https://crm.example.com/auth/callback'],
  logoutUrls: ['https://crm.example.com/'],
} as const;

/** One deployed function, located in the template through the construct tree. */
export interface DeployedFunction {
  readonly capability: string;
  readonly spec: FunctionSpec;
  readonly functionLogicalId: string;
  readonly roleLogicalId: string;
  /** Logical ids of the capability's own tables. */
  readonly ownTables: ReadonlySet<string>;
  /** Logical ids of tables the function's capability definition grants it, by table spec id. */
  readonly grantedTables: ReadonlyMap<string, string>;
  readonly isRelay: boolean;
}

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

/**
 * The logical id of a construct's default resource as {@link appTemplate} shows it: its own id in
 * its stack, after the prefix of each nested stack it is in.
 */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return `${nestedPrefix(Stack.of(construct))}${Stack.of(construct).getLogicalId(child)}`;
}

/** What {@link appTemplate} puts before the logical ids of a stack's resources. */
function nestedPrefix(stack: Stack): string {
  const resource = stack.nestedStackResource;
  if (resource === undefined) return '';
  const parent = Stack.of(resource);
  return `${nestedPrefix(parent)}${parent.getLogicalId(resource)}`;
}

type Json = unknown;

interface TemplateJson {
  Parameters?: Record<string, Json>;
  Resources?: Record<string, { Properties?: Record<string, Json>; DependsOn?: string | string[] }>;
  Outputs?: Record<string, { Value: Json }>;
  [section: string]: Json;
}

/**
 * A nested stack's value as its parent sees it: its resources' ids after `prefix`, its parameters
 * replaced by what the parent passes.
 */
function rewrite(
  value: Json,
  prefix: string,
  resources: ReadonlySet<string>,
  parameters: Record<string, Json>,
): Json {
  const again = (inner: Json) => rewrite(inner, prefix, resources, parameters);
  if (Array.isArray(value)) return value.map(again);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only !== undefined) {
    const [key, inner] = only;
    if (key === 'Ref' && typeof inner === 'string') {
      if (inner in parameters) return parameters[inner];
      return resources.has(inner) ? { Ref: `${prefix}${inner}` } : value;
    }
    if (
      key === 'Fn::GetAtt' &&
      Array.isArray(inner) &&
      typeof inner[0] === 'string' &&
      resources.has(inner[0])
    )
      return { 'Fn::GetAtt': [`${prefix}${inner[0]}`, ...inner.slice(1).map(again)] };
    if (key === 'Fn::Sub') return { 'Fn::Sub': substitution(inner, prefix, resources, parameters) };
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, again(inner)]));
}

/** `Fn::Sub` of a nested stack: `${Resource}` prefixed, `${Parameter}` given as a variable. */
function substitution(
  sub: Json,
  prefix: string,
  resources: ReadonlySet<string>,
  parameters: Record<string, Json>,
): Json {
  const [text, variables] = Array.isArray(sub) ? sub : [sub, {}];
  if (typeof text !== 'string') throw new Error('Fn::Sub without a string');
  const given: Record<string, Json> = {};
  const replaced = text.replace(/\$\{([^!}.]+)(\.[^}]*)?\}/g, (whole, name: string, attribute = '') => {
    if (resources.has(name)) return `\${${prefix}${name}${attribute}}`;
    if (name in parameters && attribute === '') given[name] = parameters[name];
    return whole;
  });
  const own = rewrite(variables, prefix, resources, parameters) as Record<string, Json>;
  return Object.keys(given).length === 0 && Object.keys(own).length === 0
    ? replaced
    : [replaced, { ...given, ...own }];
}

/** Replaces every `Fn::GetAtt [<nested stack>, Outputs.<name>]` by the output's value. */
function resolveOutputs(value: Json, outputs: ReadonlyMap<string, ReadonlyMap<string, Json>>): Json {
  if (Array.isArray(value)) return value.map((inner) => resolveOutputs(inner, outputs));
  if (value === null || typeof value !== 'object') return value;
  const getAtt = (value as Record<string, Json>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && Object.keys(value).length === 1) {
    const [resource, attribute] = getAtt;
    const nested = typeof resource === 'string' ? outputs.get(resource) : undefined;
    if (nested !== undefined && typeof attribute === 'string' && attribute.startsWith('Outputs.')) {
      const found = nested.get(attribute.slice('Outputs.'.length));
      if (found === undefined) throw new Error(`${resource} has no output ${attribute}`);
      return resolveOutputs(found, outputs);
    }
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, resolveOutputs(inner, outputs)]),
  );
}

/** The stack's template with every nested stack's resources merged in (see {@link appTemplate}). */
function mergedTemplate(stack: Stack, directory: string): TemplateJson {
  const template: TemplateJson = JSON.parse(readFileSync(join(directory, stack.templateFile), 'utf8'));
  const resources = template.Resources ?? {};
  const outputs = new Map<string, ReadonlyMap<string, Json>>();
  const nestedStacks = stack.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))
    .filter((nested) => nested.nestedStackParent === stack);
  for (const nested of nestedStacks) {
    const resource = nested.nestedStackResource;
    if (resource === undefined) throw new Error(`${nested.node.path} has no stack resource`);
    const prefix = stack.getLogicalId(resource);
    const parameters = (resources[prefix]?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const child = mergedTemplate(nested, directory);
    const own = new Set(Object.keys(child.Resources ?? {}));
    const moved = (id: string) => `${prefix}${id}`;
    for (const [id, body] of Object.entries(child.Resources ?? {})) {
      const copy = rewrite(body, prefix, own, parameters) as (typeof resources)[string];
      if (copy.DependsOn !== undefined) copy.DependsOn = [copy.DependsOn].flat().map(moved);
      resources[moved(id)] = copy;
    }
    // A root resource that depends on the nested stack is created after all of it.
    const within = Object.keys(child.Resources ?? {}).map(moved);
    for (const body of Object.values(resources)) {
      const dependsOn = body.DependsOn === undefined ? [] : [body.DependsOn].flat();
      if (dependsOn.includes(prefix)) body.DependsOn = [...dependsOn, ...within];
    }
    outputs.set(
      prefix,
      new Map(
        Object.entries(child.Outputs ?? {}).map(([name, output]) => [
          name,
          rewrite(output.Value, prefix, own, parameters),
        ]),
      ),
    );
  }
  return resolveOutputs(template, outputs) as TemplateJson;
}

/**
 * The app's resources as one template: the root stack's, and every nested stack's (a
 * capability's `resources`) with their logical ids after their stack resource's id (as
 * {@link logicalId} gives them), their parameters replaced by what the root passes and the
 * root's `Outputs.<name>` reads by the nested value, and a root resource's `DependsOn` a nested
 * stack extended to every resource of it. The nested stacks' own `AWS::CloudFormation::Stack`
 * resources stay in it.
 */
export function appTemplate(stack: Stack): Template {
  const stage = Stage.of(stack);
  if (stage === undefined) throw new Error(`${stack.node.path} is in no app`);
  return Template.fromJSON(mergedTemplate(stack, stage.synth({ force: true }).directory));
}

function view(
  capability: string,
  fn: CrmFunction,
  tables: Map<string, string>,
  isRelay: boolean,
): DeployedFunction {
  const granted = new Map<string, string>();
  for (const grant of fn.spec.tables) {
    const id = tables.get(grant.table);
    if (id === undefined) throw new Error(`unknown table ${grant.table}`);
    granted.set(grant.table, id);
  }
  return {
    capability,
    spec: fn.spec,
    functionLogicalId: logicalId(fn.fn),
    roleLogicalId: logicalId(fn.role),
    ownTables: new Set(tables.values()),
    grantedTables: granted,
    isRelay,
  };
}

/** Every function of every capability (relays included). */
export function deployedFunctions(stack: CrmStack): DeployedFunction[] {
  const result: DeployedFunction[] = [];
  for (const capability of stack.capabilities) {
    const tables = new Map([...capability.tables].map(([id, table]) => [id, logicalId(table.table)]));
    for (const fn of capability.functions.values())
      result.push(view(capability.definition.name, fn, tables, false));
    for (const relay of capability.relays)
      result.push(view(capability.definition.name, relay.function, tables, true));
  }
  return result;
}

/** Statements of every AWS::IAM::Policy attached to the role. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: Statement[] = [];
  for (const policy of Object.values(policies)) {
    const roles: unknown[] = policy.Properties.Roles ?? [];
    if (!roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }))) continue;
    statements.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
  }
  return statements;
}

/** Logical ids named by `Ref` or `Fn::GetAtt` anywhere inside a value. */
export function referencedIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string')
        found.add(inner[0]);
      else referencedIds(inner, found);
    }
  }
  return found;
}

/** One metric an alarm's expression reads, and the resource it measures. */
export interface AlarmedMetric {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  /** The logical id its dimension names (the function, queue or state machine). */
  readonly target: string | undefined;
}

/** A metric-math alarm as synthesised: what it computes over which metrics. */
export interface MathAlarm {
  readonly logicalId: string;
  readonly description: string;
  readonly threshold: number;
  readonly comparison: string;
  readonly actions: unknown;
  /** The expression whose value the alarm compares (the one with ReturnData). */
  readonly expression: string;
  readonly metrics: readonly AlarmedMetric[];
}

interface MetricDataQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    readonly Metric: { Namespace: string; MetricName: string; Dimensions?: unknown };
    readonly Stat: string;
  };
}

/** The alarm of that logical id, read as a metric-math alarm (throws for a single-metric one). */
export function mathAlarm(template: Template, alarmLogicalId: string): MathAlarm {
  const alarm = template.findResources('AWS::CloudWatch::Alarm')[alarmLogicalId];
  if (alarm === undefined) throw new Error(`no alarm ${alarmLogicalId}`);
  const queries = (alarm.Properties.Metrics ?? []) as MetricDataQuery[];
  const returned = queries.find((query) => query.ReturnData !== false && query.Expression !== undefined);
  if (returned?.Expression === undefined) throw new Error(`${alarmLogicalId} is not a metric-math alarm`);
  return {
    logicalId: alarmLogicalId,
    description: String(alarm.Properties.AlarmDescription),
    threshold: Number(alarm.Properties.Threshold),
    comparison: String(alarm.Properties.ComparisonOperator),
    actions: alarm.Properties.AlarmActions,
    expression: returned.Expression,
    metrics: queries.flatMap((query) =>
      query.MetricStat === undefined
        ? []
        : [
            {
              id: query.Id,
              namespace: query.MetricStat.Metric.Namespace,
              metricName: query.MetricStat.Metric.MetricName,
              stat: query.MetricStat.Stat,
              target: [...referencedIds(query.MetricStat.Metric.Dimensions)][0],
            },
          ],
    ),
  };
}

/** The capability's alarms of one signal: `<signal>`, `<signal>2`, … */
export function signalAlarms(
  template: Template,
  capability: CapabilityConstruct,
  signal: string,
): MathAlarm[] {
  return capability.monitoring.alarms
    .filter((alarm) => new RegExp(`^${signal}\\d*$`).test(alarm.node.id))
    .map((alarm) => mathAlarm(template, logicalId(alarm)));
}

/** The statement's actions as an array. */
export function actions(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Unacknowledged cdk-nag findings (AwsSolutions and Serverless packs), one line per rule. */
export function findings(scope: IConstruct): string[] {
  // As `cdk synth` reports them: after synthesis, when a reference across a nested stack's
  // boundary has become the parameter or output CloudFormation passes it by (synth is cached).
  Stage.of(scope)?.synth();
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.map(
        (violation) =>
          `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.resourceLogicalId).join(',')}`,
      ),
  );
}
