import { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
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

/** The logical id CloudFormation will use for a construct's default resource. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(child);
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
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.map(
        (violation) =>
          `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.resourceLogicalId).join(',')}`,
      ),
  );
}
