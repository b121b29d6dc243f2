import { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
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
